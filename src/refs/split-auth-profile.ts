/**
 * Split an optional trailing auth-profile suffix off a model id (`claude-opus-4-6@work` → model
 * `claude-opus-4-6`, profile `work`). Only the first `@` after the last `/` counts, and a numeric or
 * version-like suffix (`@20251001`, `@v1.2.3`) is part of the id, so Vertex-style ids and `@cf/...` path segments
 * survive intact. `parseModelRef` never splits profiles itself: call this when your host supports them.
 *
 * @example
 * ```ts
 * splitAuthProfile("claude-3-5-sonnet@20240620");      // { model: "claude-3-5-sonnet@20240620", profile: null }
 * splitAuthProfile("claude-3-5-sonnet@20240620@work"); // { model: "claude-3-5-sonnet@20240620", profile: "work" }
 * splitAuthProfile("@cf/meta/llama-3.1-8b");            // { model: "@cf/meta/llama-3.1-8b", profile: null }
 * ```
 */
export function splitAuthProfile(model: string): { model: string; profile: string | null } {
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
    if (candidate !== "" && !/^v?\d+([.-]\d+)*$/i.test(candidate)) {
      const cut = lastSlash + 1 + at;
      return { model: model.slice(0, cut), profile: model.slice(cut + 1) };
    }
    searchFrom = at + 1;
  }
  return { model, profile: null };
}
