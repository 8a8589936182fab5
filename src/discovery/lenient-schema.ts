import * as z from "zod";

/**
 * Wrap a field schema so a listing response never fails because of one odd field: absent, `null` or a value of the
 * wrong type all read as `undefined` ("the endpoint did not say"). Remote servers add, drop and retype fields
 * between versions; one such change must not hide every model.
 *
 * @example
 * ```ts
 * const Item = z.object({ id: z.string(), context_length: lenient(z.number()) });
 * Item.parse({ id: "x", context_length: "big" }); // { id: "x", context_length: undefined }
 * ```
 */
export function lenient<S extends z.ZodType>(schema: S) {
  return schema.nullish().catch(undefined);
}

/**
 * An array whose invalid entries are dropped one by one instead of failing the whole array, so a listing with one
 * malformed model (say, without an id) still yields the others. A non-array reads as `undefined`.
 *
 * @example
 * ```ts
 * lenientArray(z.object({ id: z.string() })).parse([{ id: "a" }, { name: "no id" }]); // [{ id: "a" }]
 * ```
 */
export function lenientArray<S extends z.ZodType>(item: S) {
  return z
    .array(z.unknown())
    .transform((items) =>
      items.flatMap((entry) => {
        const parsed = item.safeParse(entry);
        return parsed.success ? [parsed.data as z.output<S>] : [];
      }),
    )
    .nullish()
    .catch(undefined);
}

/**
 * A positive integer token count, or `null` for anything else (absent, 0, negative, fractional, non-numeric).
 * Endpoints use 0 and -1 to mean "unknown"; the registry says `null`.
 *
 * @example
 * ```ts
 * tokenCount(131072); // 131072
 * tokenCount(0); // null
 * ```
 */
export function tokenCount(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * Convert a USD-per-token price (number or decimal string, as OpenRouter and LiteLLM send) to USD per million
 * tokens, rounded to 10 significant digits so `"0.000003"` becomes `3`, not `3.0000000000000004`.
 * Negative or unparsable prices (OpenRouter uses `"-1"` for "varies") are `null`.
 *
 * @example
 * ```ts
 * perMillion("0.000003"); // 3
 * perMillion(1.5e-5); // 15
 * ```
 */
export function perMillion(value: unknown): number | null {
  const n = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) return null;
  if (typeof value === "string" && value.trim() === "") return null;
  return Number((n * 1_000_000).toPrecision(10));
}

/**
 * A non-negative price that is already per million tokens, or `null`.
 *
 * @example
 * ```ts
 * price(0.88); // 0.88
 * price(undefined); // null
 * ```
 */
export function price(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * A required array whose invalid entries are dropped one by one. Use it for the list at the root of a response: a
 * body without that array is not a listing (and fails), but one bad entry never hides the others.
 *
 * @example
 * ```ts
 * z.object({ data: itemsOf(z.object({ id: z.string() })) }).parse({ data: [{ id: "a" }, {}] }); // { data: [{ id: "a" }] }
 * ```
 */
export function itemsOf<S extends z.ZodType>(item: S) {
  return z.array(z.unknown()).transform((items) =>
    items.flatMap((entry) => {
      const parsed = item.safeParse(entry);
      return parsed.success ? [parsed.data as z.output<S>] : [];
    }),
  );
}
