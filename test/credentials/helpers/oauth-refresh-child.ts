// Child process for the cross-process single-flight test: one registry over a shared file storage, several
// concurrent calls needing a fresh token.
import { createRegistry, refreshTokenGrant } from "../../../src/index.js";
import { createFileStorage } from "../../../src/node/index.js";

const [dir, tokenUrl] = process.argv.slice(2) as [string, string];
const registry = createRegistry({ storage: createFileStorage({ dir }) });
registry.registerOAuthProvider({
  id: "acme",
  refresh: (c) => refreshTokenGrant({ tokenUrl, clientId: "test-client", refreshToken: c.refresh!.reveal() }),
});
const tokens = await Promise.all(Array.from({ length: 5 }, () => registry.run("acme/model-x", async ({ apiKey }) => apiKey)));
process.stdout.write(JSON.stringify(tokens));
