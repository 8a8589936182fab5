import { expect } from "vitest";
import type { CliRun } from "./fake-io.js";

/** Every line of stdout and stderr (progress lines split at their carriage returns) within `columns`. */
export function expectFits(run: CliRun, columns = 80): void {
  for (const line of `${run.stdout}\n${run.stderr}`.replace(/\r\u001b\[2K/g, "\n").split("\n")) {
    expect(line.replace(/\u001b\[[0-9;]*m/g, "").length, line).toBeLessThanOrEqual(columns);
  }
}
