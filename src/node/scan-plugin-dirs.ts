import { readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Diagnostic } from "../schema/diagnostic.js";

/**
 * What {@link scanPluginDirs} found: the parsed package.json objects (pass them as `plugins` to `createRegistry`)
 * and a diagnostic per package.json that could not be read or parsed.
 *
 * @example
 * ```ts
 * const { packages, diagnostics }: PluginScanResult = await scanPluginDirs(["~/.myapp/plugins"]);
 * ```
 */
export interface PluginScanResult {
  packages: unknown[];
  /** Absolute path of each package's directory, index-aligned with `packages`. */
  paths: string[];
  diagnostics: Diagnostic[];
}

const expand = (dir: string): string => path.resolve(dir.startsWith("~") ? path.join(os.homedir(), dir.slice(1)) : dir);

async function readPackage(dir: string): Promise<{ pkg: unknown } | { error: Diagnostic } | null> {
  const file = path.join(dir, "package.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    return {
      error: {
        severity: "error",
        code: "plugin_unreadable",
        path: [],
        line: null,
        column: null,
        message: `Could not read ${file}: ${(error as Error).message}.`,
        hint: "Check the file's permissions; the plugin is skipped meanwhile.",
        source: file,
      },
    };
  }
  try {
    return { pkg: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      error: {
        severity: "error",
        code: "plugin_unparsable",
        path: [],
        line: null,
        column: null,
        message: `Expected ${file} to hold JSON, found text that does not parse (${(error as Error).message}).`,
        hint: "Fix the package.json; the plugin is skipped meanwhile.",
        source: file,
      },
    };
  }
}

/**
 * Read the package.json of every plugin package under each directory: `<dir>/<name>/package.json` and
 * `<dir>/@scope/<name>/package.json`, or `<dir>/package.json` when a directory is itself a package. Missing
 * directories are skipped silently (an absent plugins folder is normal); unreadable or unparsable package.json
 * files become diagnostics and never throw. Results are sorted by path, so the order is stable.
 *
 * @example
 * ```ts
 * import { createNodeRegistry, scanPluginDirs } from "model-provider-registry/node";
 *
 * const { packages, diagnostics } = await scanPluginDirs(["~/.sero/agent/plugins", "~/.sero/agent/extensions"]);
 * const registry = createNodeRegistry({ plugins: packages, manifestKey: "sero" });
 * ```
 */
export async function scanPluginDirs(dirs: readonly string[]): Promise<PluginScanResult> {
  const result: PluginScanResult = { packages: [], paths: [], diagnostics: [] };
  const candidates: string[] = [];
  for (const raw of dirs) {
    const dir = expand(raw);
    const self = await readPackage(dir);
    if (self !== null) {
      if ("pkg" in self) {
        result.packages.push(self.pkg);
        result.paths.push(dir);
      } else result.diagnostics.push(self.error);
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() || d.isSymbolicLink()).map((d) => d.name);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (name.startsWith(".")) continue;
      if (name.startsWith("@")) {
        let scoped: string[] = [];
        try {
          scoped = (await readdir(path.join(dir, name), { withFileTypes: true })).filter((d) => d.isDirectory() || d.isSymbolicLink()).map((d) => d.name);
        } catch {
          continue;
        }
        for (const inner of scoped.sort()) candidates.push(path.join(dir, name, inner));
      } else candidates.push(path.join(dir, name));
    }
  }
  for (const dir of candidates) {
    const read = await readPackage(dir);
    if (read === null) continue;
    if ("pkg" in read) {
      result.packages.push(read.pkg);
      result.paths.push(dir);
    } else result.diagnostics.push(read.error);
  }
  return result;
}
