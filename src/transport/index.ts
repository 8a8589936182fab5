export {
  REDACTED,
  redactText,
  redactUrl,
  redactHeaders,
  redactValue,
  redactError,
  containsSecret,
  createRedactor,
  type RedactOptions,
  type Redactor,
} from "./redact.js";
export { openStream, type StreamRequest, type StreamResponse } from "./http-stream.js";
export { sseFrames } from "./sse-frames.js";
export { ndjsonFrames } from "./ndjson-frames.js";
export { FrameStream, type FrameReadOptions } from "./frame-stream.js";
export type { StreamFrame } from "./stream-frame.js";
export { DEFAULT_MAX_FRAME_BYTES } from "./http-limits.js";
