/**
 * A tool-calling agent loop over `stream()`, offline: a fake Anthropic-style provider (from ./testing) asks for the
 * weather tool, the loop runs the tool and sends the result back, and the model answers. The first key is rate
 * limited, so the call rotates to the second key before any output — the loop never notices.
 *
 * Run: node --import tsx examples/agent-loop.ts
 */
import { createRegistry, type ChatMessage, type ToolDefinition } from "../src/index.js";
import { createFakeProvider } from "../src/testing/index.js";

const tools: ToolDefinition[] = [
  {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
];

// The scripted model: first turn asks for the tool; once a tool result is in the conversation, it answers.
const fake = createFakeProvider({
  kind: "anthropic",
  baseUrl: "https://api.anthropic.com",
  models: ["claude-sonnet-4-5"],
  apiKeys: ["sk-ant-demo-key-one-000000000", "sk-ant-demo-key-two-000000000"],
  chat: ({ body }) => {
    const sentResult = JSON.stringify(body).includes('"tool_result"');
    return sentResult
      ? { text: "It is 18 °C and sunny in Paris: a good day for a walk.", usage: { input: 420, output: 17 } }
      : {
          thinking: "The user asks about the weather; I should call the tool.",
          thinkingSignature: "sig-demo",
          text: "Let me check.",
          toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
          usage: { input: 310, output: 42 },
        };
  },
});
fake.failChat({ key: "sk-ant-demo-key-one-000000000", failure: { type: "rate_limit", retryAfterSeconds: 30 } });

const registry = createRegistry({
  fetch: fake.fetch,
  env: { ANTHROPIC_API_KEYS: "sk-ant-demo-key-one-000000000,sk-ant-demo-key-two-000000000" },
});

function runTool(name: string, args: Record<string, unknown>): string {
  if (name === "get_weather") return JSON.stringify({ city: args["city"], tempC: 18, sky: "sunny" });
  return JSON.stringify({ error: `unknown tool ${name}` });
}

const messages: ChatMessage[] = [{ role: "user", content: "What's the weather in Paris?" }];
for (let turn = 1; turn <= 5; turn++) {
  let finished = false;
  for await (const event of registry.stream("anthropic/claude-sonnet-4-5", { messages, tools, thinking: "low", maxTokens: 2048 })) {
    switch (event.type) {
      case "start":
        console.log(`turn ${turn}: ${event.provider}/${event.model} via ${event.credential} (thinking ${event.thinking.effective ?? "not sent"})`);
        break;
      case "thinking":
        break;
      case "text":
        process.stdout.write(event.delta);
        break;
      case "tool_call":
        console.log(`\n  → tool ${event.name}(${JSON.stringify(event.arguments)})`);
        break;
      case "usage":
        console.log(`\n  usage: ${event.input} in / ${event.output} out, cost ${event.cost === null ? "unknown" : `$${event.cost.toFixed(6)}`}`);
        break;
      case "failover":
        console.log(`  failover ${event.from} → ${event.to}: ${event.kind}`);
        break;
      case "error":
        throw event.error;
      case "done": {
        messages.push(event.message);
        const calls = event.message.content.filter((p) => p.type === "tool_call");
        if (event.stopReason !== "tool_use" || calls.length === 0) {
          finished = true;
          break;
        }
        messages.push({
          role: "tool",
          content: calls.map((c) => ({ type: "tool_result" as const, toolCallId: c.id, content: runTool(c.name, c.arguments) })),
        });
        break;
      }
    }
  }
  if (finished) break;
}
console.log(`requests the fake provider saw: ${fake.chatRequests.length} (keys used: ${fake.chatRequests.map((r) => r.keyIndex).join(", ")})`);
