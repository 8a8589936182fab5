import { readFileSync } from "node:fs";

/** Reads a file from test/fixtures/config. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/config/${name}`, import.meta.url), "utf8");
}
