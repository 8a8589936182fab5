import * as z from "zod";

/**
 * Text in a message.
 *
 * @example
 * ```ts
 * const part: TextPart = { type: "text", text: "What is the weather in Paris?" };
 * ```
 */
export const TextPartSchema = z.object({ type: z.literal("text"), text: z.string() });

/**
 * An image in a user message, base64 without the `data:` prefix. Sent only to models whose input modes include
 * `image`; a text-only model refuses it before anything is sent.
 *
 * @example
 * ```ts
 * const part: ImagePart = { type: "image", data: pngBase64, mimeType: "image/png" };
 * ```
 */
export const ImagePartSchema = z.object({ type: z.literal("image"), data: z.string(), mimeType: z.string() });

/**
 * A tool call the assistant made. `arguments` is the parsed JSON object. Ids the wire does not give (Gemini, Ollama)
 * are synthesized and mapped back to the tool's name on the follow-up request.
 *
 * @example
 * ```ts
 * const part: ToolCallPart = { type: "tool_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } };
 * ```
 */
export const ToolCallPartSchema = z.object({
  type: z.literal("tool_call"),
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});

/**
 * The result of a tool call, sent back in a `tool` message.
 *
 * @example
 * ```ts
 * const part: ToolResultPart = { type: "tool_result", toolCallId: "call_1", content: '{"tempC":18}' };
 * ```
 */
export const ToolResultPartSchema = z.object({
  type: z.literal("tool_result"),
  toolCallId: z.string(),
  content: z.string(),
  isError: z.boolean().optional(),
});

/**
 * The model's reasoning in an assistant message. `signature` is the provider's proof of the block (Anthropic); it is
 * kept so the block can be sent back on the next turn, as tool use with thinking requires. Adapters that cannot send
 * reasoning back drop these parts from requests.
 *
 * @example
 * ```ts
 * const part: ThinkingPart = { type: "thinking", text: "The user wants…", signature: "EqQBCkgIARABGAIiQ…" };
 * ```
 */
export const ThinkingPartSchema = z.object({
  type: z.literal("thinking"),
  text: z.string(),
  signature: z.string().optional(),
});

/**
 * One part of a message's content, discriminated on `type`.
 *
 * @example
 * ```ts
 * const parts: Part[] = [{ type: "text", text: "Describe this:" }, { type: "image", data, mimeType: "image/jpeg" }];
 * ```
 */
export const PartSchema = z.discriminatedUnion("type", [TextPartSchema, ImagePartSchema, ToolCallPartSchema, ToolResultPartSchema, ThinkingPartSchema]);

/**
 * One message of a conversation. A string content is one text part.
 *
 * @example
 * ```ts
 * const turn: ChatMessage = { role: "user", content: "Hello" };
 * ```
 */
export const ChatMessageSchema = z.object({
  role: z.enum(["user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(PartSchema)]),
});

/**
 * A tool the model may call; `parameters` is a JSON Schema object.
 *
 * @example
 * ```ts
 * const tool: ToolDefinition = { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } };
 * ```
 */
export const ToolDefinitionSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()),
});

/**
 * Whether and which tool the model must call: `auto` (default), `none`, `required` (any tool) or one tool by name.
 *
 * @example
 * ```ts
 * const choice: ToolChoice = { name: "get_weather" };
 * ```
 */
export const ToolChoiceSchema = z.union([z.enum(["auto", "none", "required"]), z.object({ name: z.string().min(1) })]);

/**
 * A chat request, the same for every api kind. `thinking` is a level of the canonical ladder (or `true`/`false`);
 * `maxTokens` defaults to the model's output limit, else an assumed value reported on `start`.
 *
 * @example
 * ```ts
 * const request: ChatRequest = { system: "Be brief.", messages: [{ role: "user", content: "Hi" }], maxTokens: 256 };
 * ```
 */
export const ChatRequestSchema = z.object({
  system: z.string().optional(),
  messages: z.array(ChatMessageSchema),
  tools: z.array(ToolDefinitionSchema).optional(),
  toolChoice: ToolChoiceSchema.optional(),
  maxTokens: z.number().int().positive().optional(),
  thinking: z.union([z.string(), z.boolean()]).optional(),
  temperature: z.number().min(0).max(2).optional(),
  signal: z.custom<AbortSignal>((value) => typeof AbortSignal !== "undefined" && value instanceof AbortSignal, "an AbortSignal").optional(),
  sessionId: z.string().optional(),
});

/**
 * Text in a message.
 *
 * @example
 * ```ts
 * const part: TextPart = { type: "text", text: "Summarise this thread." };
 * ```
 */
export type TextPart = z.infer<typeof TextPartSchema>;
/**
 * An image in a user message (base64, no `data:` prefix).
 *
 * @example
 * ```ts
 * const part: ImagePart = { type: "image", data: await toBase64(file), mimeType: file.type };
 * ```
 */
export type ImagePart = z.infer<typeof ImagePartSchema>;
/**
 * A tool call the assistant made, arguments parsed.
 *
 * @example
 * ```ts
 * const calls = result.message.content.filter((p): p is ToolCallPart => p.type === "tool_call");
 * ```
 */
export type ToolCallPart = z.infer<typeof ToolCallPartSchema>;
/**
 * The result of a tool call, sent back in a `tool` message.
 *
 * @example
 * ```ts
 * const reply: ToolResultPart = { type: "tool_result", toolCallId: call.id, content: JSON.stringify(output) };
 * ```
 */
export type ToolResultPart = z.infer<typeof ToolResultPartSchema>;
/**
 * The model's reasoning, with the signature some providers need back on the next turn.
 *
 * @example
 * ```ts
 * const shown = message.content.filter((p): p is ThinkingPart => p.type === "thinking").map((p) => p.text);
 * ```
 */
export type ThinkingPart = z.infer<typeof ThinkingPartSchema>;
/**
 * One part of a message's content.
 *
 * @example
 * ```ts
 * const parts: Part[] = [{ type: "text", text: "What is in this picture?" }, { type: "image", data, mimeType: "image/png" }];
 * ```
 */
export type Part = z.infer<typeof PartSchema>;
/**
 * One message of a conversation.
 *
 * @example
 * ```ts
 * const history: ChatMessage[] = [{ role: "user", content: "Hello" }, result.message];
 * ```
 */
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
/**
 * A tool the model may call (`parameters` is a JSON Schema).
 *
 * @example
 * ```ts
 * const tools: ToolDefinition[] = [{ name: "search", description: "Web search", parameters: { type: "object", properties: { q: { type: "string" } } } }];
 * ```
 */
export type ToolDefinition = z.infer<typeof ToolDefinitionSchema>;
/**
 * Whether and which tool the model must call.
 *
 * @example
 * ```ts
 * const choice: ToolChoice = mustSearch ? { name: "search" } : "auto";
 * ```
 */
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;
/**
 * A chat request, the same for every api kind.
 *
 * @example
 * ```ts
 * const request: ChatRequest = { system: "Be brief.", messages: history, tools, thinking: "low", signal: controller.signal };
 * ```
 */
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

/**
 * A message's content as parts (a string becomes one text part).
 *
 * @example
 * ```ts
 * partsOf({ role: "user", content: "Hi" }); // [{ type: "text", text: "Hi" }]
 * ```
 */
export function partsOf(message: ChatMessage): Part[] {
  return typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
}
