import { describe, expect, it } from "vitest";
import { ARG, checkArgument } from "../../src/errors/check-argument.js";
import { checkPlainArgument, isOptionalObjectArgument } from "../../src/errors/check-plain-argument.js";
import { RegistryError } from "../../src/errors/registry-error.js";
import { getBuiltinProvider } from "../../src/refs/builtin-providers.js";
import { normalizeProviderId } from "../../src/refs/normalize-provider-id.js";

const SAMPLES: unknown[] = [undefined, null, "", "x", 5, true, [], [1], {}, { a: 1 }, () => undefined, new Map(), Object.create(null)];

function thrown(fn: () => void): RegistryError | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error as RegistryError;
  }
}

// The zod-free check exists so parseModelRef can be bundled without zod; it must not change what callers see.
describe("checkPlainArgument", () => {
  it("rejects exactly what the zod check rejects, with the same code, message and recovery", () => {
    const cases = [
      { want: "an object or nothing", test: isOptionalObjectArgument, schema: ARG.optionalObject },
      { want: "a string", test: (v: unknown) => typeof v === "string", schema: ARG.string },
    ];
    for (const { want, test, schema } of cases) {
      for (const value of SAMPLES) {
        const plain = thrown(() => checkPlainArgument("f", "x", want, test, value));
        const viaZod = thrown(() => checkArgument("f", "x", schema, value));
        expect({ value, plain: plain === null }).toEqual({ value, plain: viaZod === null });
        if (plain && viaZod) {
          expect(plain).toBeInstanceOf(RegistryError);
          expect({ code: plain.code, message: plain.message, recovery: plain.recovery }).toEqual({ code: viaZod.code, message: viaZod.message, recovery: viaZod.recovery });
        }
      }
    }
  });

  it("guards normalizeProviderId and getBuiltinProvider", () => {
    expect(() => normalizeProviderId("openai", [] as never)).toThrow("normalizeProviderId: expected options to be an object or nothing, found an empty list.");
    expect(() => getBuiltinProvider(5 as never)).toThrow("getBuiltinProvider: expected id to be a string, found the number 5.");
    expect(normalizeProviderId(" OpenAI ")).toBe("openai");
  });
});
