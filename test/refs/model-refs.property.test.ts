import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRegistryError } from "../../src/errors/registry-error.js";
import { formatModelRef } from "../../src/refs/format-model-ref.js";
import { normalizeProviderId } from "../../src/refs/normalize-provider-id.js";
import { parseModelRef } from "../../src/refs/parse-model-ref.js";

const providerId = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/);
/** Wire ids: anything printable without surrounding whitespace, including "/", ":" and "@". */
const modelId = fc
  .string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(..."abcXYZ019-_.:/@+ ") })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

describe("model refs (properties)", () => {
  it("format then parse returns the canonical provider and the model verbatim", () => {
    fc.assert(
      fc.property(providerId, modelId, (provider, model) => {
        const text = formatModelRef({ provider, model });
        expect(parseModelRef(text)).toEqual({ provider: normalizeProviderId(provider), model });
        expect(formatModelRef(parseModelRef(text))).toBe(text);
      }),
    );
  });

  it("parse either succeeds with non-empty parts or throws a RegistryError, never anything else", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (input) => {
        try {
          const { provider, model } = parseModelRef(input);
          expect(provider.length).toBeGreaterThan(0);
          expect(model.length).toBeGreaterThan(0);
          expect(input).toContain("/");
        } catch (error) {
          expect(isRegistryError(error)).toBe(true);
        }
      }),
    );
  });
});
