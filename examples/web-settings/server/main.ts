// Starts the settings page on file storage:
//   node --import tsx examples/web-settings/server/main.ts [--dir ~/.model-registry] [--port 8787] [--host 127.0.0.1]
// It prints the page's URL; Ctrl+C stops it.
import { serve } from "@hono/node-server";
import { createNodeRegistry } from "../../../src/node/index.js";
import { buildPages, outDir } from "../build.js";
import { createSettingsApp } from "./create-settings-app.js";
import { parseOptions } from "./parse-options.js";

const options = parseOptions(process.argv.slice(2), process.env);
if (options.build) await buildPages();

const registry = createNodeRegistry({ dir: options.dir });
const app = createSettingsApp({ registry, assetsDir: outDir, hosts: [options.host] });
const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
  const host = info.address.includes(":") ? `[${info.address}]` : info.address;
  console.log(`Settings page: http://${host}:${info.port}/ (storage: ${options.dir})`);
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
