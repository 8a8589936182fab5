// Unknown stays unknown: a capability nobody stated is never shown as "no".

/**
 * "yes", "no" or "unknown" for a capability flag.
 *
 * @example
 * capabilityText(null); // "unknown"
 */
export function capabilityText(value: boolean | null | undefined): "yes" | "no" | "unknown" {
  if (value === true) return "yes";
  if (value === false) return "no";
  return "unknown";
}

/**
 * A number with thousands separators, or "unknown".
 *
 * @example
 * numberText(128000); // "128,000"
 */
export function numberText(value: number | null | undefined): string {
  return typeof value === "number" ? value.toLocaleString("en-US") : "unknown";
}
