// A short test message to a tier, streamed to the page as Server-Sent Events while the model answers: the page sees
// the text grow instead of waiting for the whole reply.
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { isRegistryError, type Registry } from "../../../src/index.js";
import { optionalString, readObject, requireString } from "./read-body.js";

const MAX_PROMPT = 2000;

/**
 * `POST /test-message` `{ target, text? }` answers `text/event-stream` with events `start`, `text`, `thinking`,
 * `failover`, `error` (`{ kind, message, recovery }`) and `done`, each carrying JSON.
 *
 * @example
 * app.route("/api", testMessageRoutes(registry));
 */
export function testMessageRoutes(registry: Registry): Hono {
  const routes = new Hono();

  routes.post("/test-message", async (c) => {
    const body = await readObject(c);
    const target = requireString(body, "target");
    const text = (optionalString(body, "text") ?? "Say hello in one short sentence.").slice(0, MAX_PROMPT);
    return streamSSE(c, async (sse) => {
      const abort = new AbortController();
      sse.onAbort(() => abort.abort());
      const send = (event: string, data: unknown) => sse.writeSSE({ event, data: JSON.stringify(data) });
      try {
        for await (const event of registry.stream(target, { messages: [{ role: "user", content: text }], maxTokens: 200, signal: abort.signal })) {
          switch (event.type) {
            case "start":
              await send("start", { provider: event.provider, model: event.model, thinking: event.thinking });
              break;
            case "text":
            case "thinking":
              await send(event.type, { delta: event.delta });
              break;
            case "failover":
              await send("failover", { from: event.from, to: event.to, kind: event.kind, reason: event.reason });
              break;
            case "error":
              // The error's message is scrubbed by the registry; its recovery tells the user what to do.
              await send("error", { kind: event.error.kind, message: event.error.message, recovery: event.error.recovery ?? null });
              break;
            case "done":
              await send("done", { stopReason: event.stopReason });
              break;
            default:
              break;
          }
        }
      } catch (error) {
        const known = isRegistryError(error);
        await send("error", {
          kind: known ? error.code : "request",
          message: known ? error.message : "The test message failed before the model answered.",
          recovery: known ? (error.recovery ?? null) : null,
        });
      }
    });
  });

  return routes;
}
