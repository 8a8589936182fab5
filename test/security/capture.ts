import { inspect } from "node:util";
import type { Logger } from "../../src/index.js";

/**
 * Every string a value shows anywhere it may end up: `inspect`, JSON, error messages, stacks and cause chains, and
 * the same for every nested value. The canary tests search these for planted keys.
 */
export function renderAll(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 8 || seen.has(v)) return;
    if (typeof v === "string") {
      out.push(v);
      return;
    }
    if (v === null || typeof v !== "object") {
      out.push(String(v));
      return;
    }
    seen.add(v);
    out.push(inspect(v, { depth: 12, showHidden: false }));
    try {
      out.push(JSON.stringify(v) ?? "");
    } catch {
      // cyclic host objects: inspect above covers them
    }
    if (v instanceof Error) {
      out.push(v.message, v.stack ?? "", String(v));
      walk(v.cause, depth + 1);
    }
    for (const item of Object.values(v)) walk(item, depth + 1);
  };
  walk(value, 0);
  return out;
}

/** A logger that keeps every message and data object it is given, for searching afterwards. */
export function recordingLogger(sink: unknown[]): Logger {
  const record = (message: string, data?: Record<string, unknown>) => void sink.push(message, data);
  return { debug: record, info: record, warn: record, error: record };
}
