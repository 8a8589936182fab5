import { ARG, checkArgument } from "../errors/check-argument.js";
/**
 * A suffix that belongs to the model id rather than naming an auth profile:
 * - a version or date: starts with a digit, optionally after `v` (`@20240620`, `@v1.2.3`, `@1.0.0-beta.1`, `@4bit`);
 * - a quantisation tag as local runtimes spell it (`@q4_k_m`, `@Q8_0`, `@iq3_xxs`, `@f16`, `@bf16`, `@fp8`, `@int4`,
 *   `@mxfp4`).
 * Profile names are words or emails (`work`, `team`, `me@example.com`), which never match.
 */
const MODEL_TAG = /^(?:v?\d[\w.+-]*|i?q\d+(?:_[a-z0-9]+)*|(?:b?f|fp|int|mxfp|nvfp)\d+)$/i;

/**
 * Split an optional trailing auth-profile suffix off a model id (`claude-opus-4-6@work` → model
 * `claude-opus-4-6`, profile `work`). Only an `@` after the last `/` counts, and version, date and quantisation
 * suffixes (`@20251001`, `@1.0.0-beta.1`, `@q4_k_m`, `@iq3_xxs`) are part of the id, so Vertex-style ids, local
 * quantised models and `@cf/...` path segments survive intact; a profile after such a tag still splits
 * (`@20240620@work`). `parseModelRef` never splits profiles itself: call this when your host supports them.
 *
 * @example
 * ```ts
 * // Hosts with per-profile keys ("model@work") pick the profile's key, then resolve the model part.
 * const { model, profile } = splitAuthProfile(userModel);
 * const key = profile ? profileKeys[profile] : defaultKey;
 * ```
 */
export function splitAuthProfile(model: string): { model: string; profile: string | null } {
  checkArgument("splitAuthProfile", "model", ARG.string, model);
  const lastSlash = model.lastIndexOf("/");
  const tail = model.slice(lastSlash + 1);
  let searchFrom = 0;
  while (searchFrom < tail.length) {
    const at = tail.indexOf("@", searchFrom);
    if (at <= 0) {
      if (at === 0) {
        searchFrom = 1;
        continue;
      }
      break;
    }
    const rest = tail.slice(at + 1);
    const nextAt = rest.indexOf("@");
    const candidate = nextAt < 0 ? rest : rest.slice(0, nextAt);
    if (candidate !== "" && !MODEL_TAG.test(candidate)) {
      const cut = lastSlash + 1 + at;
      return { model: model.slice(0, cut), profile: model.slice(cut + 1) };
    }
    searchFrom = at + 1;
  }
  return { model, profile: null };
}
