import * as z from "zod";

/**
 * The wire protocols (api kinds) the registry knows how to call. A listed model always has one of these, or is
 * flagged with the reason it cannot be called.
 *
 * @example
 * ```ts
 * // An "add provider" dropdown offers exactly the wire APIs the registry knows.
 * apiSelect.setOptions(ApiKindSchema.options);
 * ```
 */
export const ApiKindSchema = z.enum([
  "openai-completions",
  "openai-responses",
  "openai-codex-responses",
  "azure-openai-responses",
  "anthropic-messages",
  "google-generative-ai",
  "google-vertex",
  "google-gemini-cli",
  "mistral-conversations",
  "bedrock-converse-stream",
  "ollama",
]);

/**
 * One of the wire protocols in {@link ApiKindSchema}.
 *
 * @example
 * ```ts
 * const api: ApiKind = "anthropic-messages";
 * ```
 */
export type ApiKind = z.infer<typeof ApiKindSchema>;
