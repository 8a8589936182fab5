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
// The stream readers are types only here: calls/ (loaded on the first call) imports their code from the files
// themselves. "." imports its redaction helpers from this index, and the bundler puts every file an index re-exports
// on the start path of the package, so re-exporting openStream, sseFrames, ndjsonFrames, FrameStream or
// DEFAULT_MAX_FRAME_BYTES here loaded them and eventsource-parser at import.
export type { StreamRequest, StreamResponse } from "./http-stream.js";
export type { FrameReadOptions } from "./frame-stream.js";
export type { StreamFrame } from "./stream-frame.js";
