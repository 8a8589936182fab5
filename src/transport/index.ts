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
