import { describe, expect, it } from "vitest";
import { ARG, checkArgument } from "../../src/errors/check-argument.js";
import { RegistryError } from "../../src/errors/registry-error.js";

// Values on both sides of every shared shape's edges (holes, NaN, infinities, boxed strings, Map/Set, class instances).
const SAMPLES: unknown[] = [
  undefined, null, "", "x", new String("x"), 0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 10n, true, false, Symbol("s"),
  [], ["a", "b"], ["a", 1], [, "a"], new Array(2), [undefined], {}, { get: () => undefined }, { get() {}, set() {} },
  { get() {}, update() {} }, { safeParse() {} }, new Map(), new Set([1]), () => undefined, class {}, new Date(0), Object.create(null),
];

describe("checkArgument over the shared shapes", () => {
  it.each(Object.keys(ARG) as Array<keyof typeof ARG>)("ARG.%s accepts exactly what its schema accepts", (key) => {
    const schema = ARG[key];
    for (const value of SAMPLES) {
      let thrown: unknown = null;
      try {
        checkArgument("f", "x", schema, value);
      } catch (error) {
        thrown = error;
      }
      const accepted = schema.safeParse(value).success;
      expect({ value, accepted: thrown === null }).toEqual({ value, accepted });
      if (!accepted) expect(thrown).toBeInstanceOf(RegistryError);
    }
  });

  it("words a rejection from the schema", () => {
    expect(() => checkArgument("splitAuthProfile", "model", ARG.string, 5)).toThrow("splitAuthProfile: expected model to be a string, found the number 5.");
    expect(() => checkArgument("createRegistry", "options", ARG.optionalObject, [])).toThrow("createRegistry: expected options to be an object or nothing, found an empty list.");
  });
});
