/**
 * The argument checks shared by the models.json edits of `local.*` and `customModels.*`: a provider id that can be a
 * models.json key, and a base URL that can be called. Apart so both namespaces refuse bad input with the same codes
 * and recovery, before anything is written.
 */
import { RegistryError } from "../errors/registry-error.js";

const ID = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Throw `invalid_provider_id` unless `id` is lower-case letters, digits, `.`, `_` or `-` (starting with a letter or
 * digit); `what` names the argument in the message.
 *
 * @example
 * ```ts
 * assertId(input.id ?? preset.providerId, "provider id");
 * await config.updateModelsConfig([{ path: ["providers", input.id ?? preset.providerId], value: entry }]);
 * ```
 */
export function assertId(id: string, what: string): void {
  if (!ID.test(id)) {
    throw new RegistryError({
      code: "invalid_provider_id",
      message: `Expected a ${what} of lower-case letters, digits, '.', '_' or '-', found ${JSON.stringify(id)}.`,
      recovery: "Pick an id such as \"my-vllm\".",
    });
  }
}

/**
 * Throw `invalid_base_url` unless `url` is an absolute http(s) URL with no `<`, `>`, `{` or `}` (placeholders left in).
 *
 * @example
 * ```ts
 * if (patch.baseUrl !== undefined) assertUrl(patch.baseUrl);
 * ```
 */
export function assertUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RegistryError({ code: "invalid_base_url", message: `Expected an http(s) base URL, found ${JSON.stringify(url)}.`, recovery: "Use e.g. http://127.0.0.1:8000/v1." });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new RegistryError({ code: "invalid_base_url", message: `Expected an http(s) base URL, found ${parsed.protocol} in ${JSON.stringify(url)}.`, recovery: "Use e.g. http://127.0.0.1:8000/v1." });
  }
  if (/[<>{}]/.test(url)) {
    throw new RegistryError({ code: "invalid_base_url", message: `The base URL still has placeholders: ${url}.`, recovery: "Replace <account_id>, <gateway_id> etc. with your values." });
  }
}
