// Types only at this level: the calls code itself is loaded on the first call (see registry/create-registry.ts),
// so nothing here may pull the adapters or zod schemas into the start path of ".".
export type {
  ChatRequest,
  ChatMessage,
  Part,
  TextPart,
  ImagePart,
  ToolCallPart,
  ToolResultPart,
  ThinkingPart,
  ToolDefinition,
  ToolChoice,
} from "./chat-request.js";
export type { StreamEvent, Usage, StopReason, AssistantMessage, CallThinking, CallAttempt, CompleteResult } from "./stream-events.js";
export type { CallTarget, CallCandidate } from "./call-target.js";
export type { CallsApi } from "./calls-service.js";
export type { WireAdapter, WireCallInput, WireRequest, WireDecoder, WireEvent, WireFrame } from "./wire-adapter.js";
