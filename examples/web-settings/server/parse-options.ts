// Command-line flags win over environment variables, which win over defaults, so a test or a service manager can
// set either.
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

/**
 * How `main.ts` was asked to run.
 *
 * @example
 * const options: ServerOptions = { dir: "/tmp/reg", port: 0, host: "127.0.0.1", build: true };
 */
export interface ServerOptions {
  /** Registry storage folder (models.json, auth.json, settings.json, state.json). */
  dir: string;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** Bundle the page before serving (a few hundred milliseconds). */
  build: boolean;
}

/**
 * Reads `--dir`, `--port`, `--host`, `--no-build` and `SETTINGS_DIR`, `SETTINGS_PORT`, `SETTINGS_HOST`.
 *
 * @example
 * parseOptions(["--dir", "/tmp/reg", "--port", "0"], {}); // { dir: "/tmp/reg", port: 0, host: "127.0.0.1", build: true }
 */
export function parseOptions(argv: readonly string[], env: Record<string, string | undefined>): ServerOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      dir: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      "no-build": { type: "boolean" },
    },
    strict: true,
  });
  const home = os.homedir();
  const rawDir = values.dir ?? env["SETTINGS_DIR"] ?? path.join(home, ".model-registry");
  const dir = rawDir.startsWith("~") ? path.join(home, rawDir.slice(1)) : path.resolve(rawDir);
  const rawPort = values.port ?? env["SETTINGS_PORT"] ?? "8787";
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Expected --port to be a port number (0–65535), found ${JSON.stringify(rawPort)}.`);
  }
  return { dir, port, host: values.host ?? env["SETTINGS_HOST"] ?? "127.0.0.1", build: !values["no-build"] };
}
