import { checkPlainArgument, isOptionalObjectArgument } from "../errors/check-plain-argument.js";
import { RegistryError } from "../errors/registry-error.js";
import { providerAliases } from "./provider-aliases.js";

/**
 * Canonical form of a provider id: trimmed, lower-cased, and mapped through the explicit alias table
 * (`providerAliases`), optionally extended with extra aliases (e.g. from plugin manifests).
 * Throws a `RegistryError` (`invalid_provider_id`) for an empty id.
 *
 * @example
 * ```ts
 * // Match a provider the user typed ("Z.AI", "moonshotai") against the registry's ids.
 * const id = normalizeProviderId(input);
 * const provider = (await registry.listProviders()).find((p) => p.id === id);
 * ```
 */
export function normalizeProviderId(id: string, options: { aliases?: ReadonlyMap<string, string> } = {}): string {
  checkPlainArgument("normalizeProviderId", "options", "an object or nothing", isOptionalObjectArgument, options);
  const lowered = String(id).trim().toLowerCase();
  if (lowered === "") {
    throw new RegistryError({
      code: "invalid_provider_id",
      message: `Expected a provider id such as "openai", found ${JSON.stringify(id)}.`,
      recovery: "Pass a non-empty provider id; registry.listProviders() lists the known ones.",
    });
  }
  return options.aliases?.get(lowered) ?? providerAliases().get(lowered) ?? lowered;
}
