/**
 * A model reference: the canonical provider id and the provider's wire model id, kept verbatim (it may contain
 * `/`, `:` or `@`).
 *
 * @example
 * ```ts
 * const ref: ModelRef = { provider: "openrouter", model: "anthropic/claude-sonnet-4-5" };
 * ```
 */
export interface ModelRef {
  provider: string;
  model: string;
}
