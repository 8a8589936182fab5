import { afterEach, describe, expect, it, vi } from "vitest";
import { toolCallIdFactory, toolNameFor, toolNamesById } from "../../../src/calls/adapters/tool-call-ids.js";
import type { ChatMessage } from "../../../src/calls/chat-request.js";
import { ProviderCallError } from "../../../src/errors/provider-call-error.js";

describe("toolCallIdFactory", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("counts the calls of one answer from 0 with one random suffix", () => {
    const nextId = toolCallIdFactory();
    const first = nextId();
    const second = nextId();
    expect(first).toMatch(/^call_0_[a-z0-9]{6}$/);
    expect(second).toMatch(/^call_1_[a-z0-9]{6}$/);
    expect(second.slice("call_1_".length)).toBe(first.slice("call_0_".length));
  });

  it("gives each answer its own suffix, so ids stay unique across a conversation", () => {
    const ids = new Set<string>();
    for (let answer = 0; answer < 200; answer++) {
      const nextId = toolCallIdFactory();
      for (let call = 0; call < 5; call++) ids.add(nextId());
    }
    expect(ids.size).toBe(1000);
  });

  it("still makes well-formed ids where the runtime has no Web Crypto", () => {
    vi.stubGlobal("crypto", undefined);
    const nextId = toolCallIdFactory();
    expect(nextId()).toMatch(/^call_0_[a-z0-9]{6}$/);
  });
});

describe("toolNamesById", () => {
  const history: ChatMessage[] = [
    { role: "user", content: "Weather and time in Tokyo?" },
    {
      role: "assistant",
      content: [
        { type: "thinking", text: "Two tools.", signature: "sig" },
        { type: "tool_call", id: "call_0_aaaaaa", name: "get_weather", arguments: { city: "Tokyo" } },
        { type: "tool_call", id: "toolu_01", name: "get_time", arguments: { tz: "Asia/Tokyo" } },
      ],
    },
    { role: "tool", content: [{ type: "tool_result", toolCallId: "call_0_aaaaaa", content: "18C" }] },
    { role: "assistant", content: "It is 18C." },
    // A tool_call part in a user message is not a call the model made.
    { role: "user", content: [{ type: "tool_call", id: "user_call", name: "spoofed", arguments: {} }] },
  ];

  it("maps every assistant tool call id to its tool name", () => {
    expect([...toolNamesById(history)]).toEqual([
      ["call_0_aaaaaa", "get_weather"],
      ["toolu_01", "get_time"],
    ]);
  });

  it("is empty for a history without tool calls", () => {
    expect(toolNamesById([{ role: "user", content: "Hi" }]).size).toBe(0);
  });

  it("toolNameFor returns the name, and refuses a result no call in the history made", () => {
    const names = toolNamesById(history);
    expect(toolNameFor(names, "toolu_01", "ollama")).toBe("get_time");
    let thrown: unknown;
    try {
      toolNameFor(names, "call_9_zzzzzz", "ollama");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderCallError);
    expect(thrown).toMatchObject({ kind: "bad_request", code: "invalid_argument" });
    expect((thrown as Error).message).toContain('"call_9_zzzzzz"');
    expect((thrown as Error).message).toContain("ollama");
  });
});
