import { describe, expect, it } from "vitest";
import * as core from "../../src/index.js";
import { isRegistryError } from "../../src/index.js";

// Issue 9 item 11: every public function checks its input and throws a RegistryError saying what it expected and
// found — never a TypeError (or a ZodError, RangeError, ...) from deep inside. The exports are enumerated, so a new
// export is covered without touching this file.

/** Functions for which every value is a valid input (type guards, lenient readers, zero-argument factories). */
const ANY_INPUT = new Set([
  "isRegistryError",
  "errorFacts",
  "revealHeaders",
  "isThinkingLevel",
  "redactValue",
  "redactError",
  "modelsJsonJsonSchema",
  "loadBundledSnapshot",
  "createPkcePair",
  "createOAuthState",
]);

/** Wrong types of every kind: nothing, null, a number, a boolean, a string where an object is expected, objects, lists. */
const WRONG: ReadonlyArray<[string, unknown]> = [
  ["undefined", undefined],
  ["null", null],
  ["5", 5],
  ["NaN", Number.NaN],
  ["true", true],
  ['"x"', "x"],
  ["{}", {}],
  ["{ a: 1 }", { a: 1 }],
  ["[]", []],
  ["[1]", [1]],
  ["a function", () => 1],
];

const isClass = (value: unknown): boolean => typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value));
const FUNCTIONS = Object.entries(core as Record<string, unknown>)
  .filter(([, value]) => typeof value === "function" && !isClass(value))
  .map(([name, value]) => [name, value as (...args: unknown[]) => unknown] as const)
  .sort(([a], [b]) => a.localeCompare(b));

type Outcome = { kind: "returned" } | { kind: "registry-error"; error: Error } | { kind: "other-error"; error: unknown };

/** Calls `fn`; a returned promise is awaited briefly (a pending one counts as returned: it did not throw). */
async function call(fn: (...args: unknown[]) => unknown, args: unknown[]): Promise<Outcome> {
  try {
    const result = fn(...args);
    if (result !== null && typeof result === "object" && typeof (result as Promise<unknown>).then === "function") {
      await Promise.race([result, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    return { kind: "returned" };
  } catch (error) {
    return isRegistryError(error) ? { kind: "registry-error", error } : { kind: "other-error", error };
  }
}

/** Every argument position gets the wrong value, alone (others left out) and all together. */
function argumentLists(fn: (...args: unknown[]) => unknown, value: unknown): unknown[][] {
  const arity = Math.min(Math.max(fn.length, 1) + 1, 5);
  const lists: unknown[][] = [];
  for (let n = 1; n <= arity; n++) lists.push(Array.from({ length: n }, () => value));
  return lists;
}

describe("public functions check their input (RegistryError, never TypeError)", () => {
  it("finds the exported functions", () => {
    expect(FUNCTIONS.length).toBeGreaterThan(50);
    for (const name of ANY_INPUT) expect(FUNCTIONS.map(([n]) => n), `${name} is no longer exported: drop it from ANY_INPUT`).toContain(name);
  });

  it.each(FUNCTIONS)("%s: wrong argument types throw only RegistryErrors", async (name, fn) => {
    const stray: string[] = [];
    let rejected = 0;
    for (const [label, value] of WRONG) {
      for (const args of argumentLists(fn, value)) {
        const outcome = await call(fn, args);
        if (outcome.kind === "other-error") {
          const error = outcome.error as Error;
          stray.push(`${name}(${args.map(() => label).join(", ")}) threw ${error?.name ?? typeof error}: ${String(error?.message ?? error).slice(0, 120)}`);
        } else if (outcome.kind === "registry-error") {
          rejected++;
        }
      }
    }
    expect(stray).toEqual([]);
    if (!ANY_INPUT.has(name)) {
      // A function that accepts every wrong value does not check its input: add a checkArgument() at its entry
      // (src/errors/check-argument.ts), or list it in ANY_INPUT when every value really is valid.
      expect(rejected, `${name} accepted every wrong input`).toBeGreaterThan(0);
    }
  });

  it("the issue's examples say what was expected and what was found", () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => core.reasoningDescriptor({} as never), /reasoningDescriptor: expected model\.provider to be a string, found nothing/],
      [() => core.resolveThinkingLevel("gpt-5" as never, "high"), /resolveThinkingLevel: expected model to be a model .* found a string/],
      [() => core.resolveEnvApiKeys("openai", undefined as never), /resolveEnvApiKeys: expected env to be an object of environment strings.*found nothing/],
      [() => core.resolveEnvApiKeys("openai", { OPENAI_API_KEY: 5 } as never), /resolveEnvApiKeys: expected env\.OPENAI_API_KEY to be a string, found the number 5/],
      [() => core.readModelsDevProviders(5), /readModelsDevProviders: expected doc to be .*found the number 5/],
    ];
    for (const [run, message] of cases) {
      let thrown: unknown;
      try {
        run();
      } catch (error) {
        thrown = error;
      }
      expect(isRegistryError(thrown), String(thrown)).toBe(true);
      expect((thrown as core.RegistryError).code).toBe("invalid_argument");
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as core.RegistryError).recovery).toMatch(/^Pass /);
    }
  });

  it("never echoes a string argument (it may be a key)", () => {
    let thrown: unknown;
    try {
      core.resolveEnvApiKeys("openai", { OPENAI_API_KEY: "sk-live-secret", OTHER: 7 } as never);
    } catch (error) {
      thrown = error;
    }
    expect(isRegistryError(thrown)).toBe(true);
    expect(JSON.stringify({ message: (thrown as Error).message, recovery: (thrown as core.RegistryError).recovery })).not.toContain("sk-live-secret");
    let second: unknown;
    try {
      core.splitAuthProfile({ key: "sk-live-secret" } as never);
    } catch (error) {
      second = error;
    }
    expect((second as Error).message).not.toContain("sk-live-secret");
  });

  it("accepts env objects with unset entries, and valid input unchanged", () => {
    const env: Record<string, string | undefined> = { OPENAI_API_KEY: "sk-x", EMPTY: undefined };
    expect(core.resolveEnvApiKeys("openai", env).map((k) => k.source)).toContain("OPENAI_API_KEY");
    expect(core.splitAuthProfile("m@work")).toEqual({ model: "m", profile: "work" });
  });
});
