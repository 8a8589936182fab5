import path from "node:path";

/**
 * Where the CLI keeps models.json, auth.json, settings.json and state.json: `--dir`, else `MODEL_REGISTRY_HOME`,
 * else `~/.model-registry` (`~` expands in both).
 *
 * @example
 * ```ts
 * resolveHome({ dir: undefined, env: { MODEL_REGISTRY_HOME: "/srv/agent" }, homedir: () => "/root" }); // "/srv/agent"
 * ```
 */
export function resolveHome(input: { dir: string | undefined; env: Record<string, string | undefined>; homedir: () => string }): string {
  const chosen = input.dir ?? (input.env["MODEL_REGISTRY_HOME"]?.trim() || undefined);
  if (chosen === undefined) return path.join(input.homedir(), ".model-registry");
  if (chosen === "~") return input.homedir();
  if (chosen.startsWith("~/")) return path.join(input.homedir(), chosen.slice(2));
  return path.resolve(chosen);
}
