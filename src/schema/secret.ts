const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * A credential value that redacts itself everywhere except {@link Secret.reveal}: `String()`, template literals,
 * `JSON.stringify` and `util.inspect` show at most its last 4 characters (none for short values), so a key that
 * reaches a log line, an error or a snapshot by accident is not leaked.
 *
 * @example
 * ```ts
 * // Hold a key in a Secret so logs and JSON never show it; reveal it only at the call.
 * const key = new Secret(await keychain.get("openai"));
 * logger.info("using key", { key }); // logged as Secret(…3456)
 * settingsPage.show(`OpenAI key ${key.masked}`);
 * const client = new OpenAI({ apiKey: key.reveal() });
 * ```
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value. Call it only at the moment the value goes on the wire. */
  reveal(): string {
    return this.#value;
  }

  /** A masked form safe to show to users: an ellipsis (U+2026) and the last four characters, or the ellipsis alone for values shorter than 12 characters. */
  get masked(): string {
    return this.#value.length >= 12 ? `…${this.#value.slice(-4)}` : "…";
  }

  /** Number of characters, for diagnostics ("the key has 3 characters; expected about 51"). */
  get length(): number {
    return this.#value.length;
  }

  /** True when both hold the same value, without revealing either. */
  equals(other: Secret | string): boolean {
    return this.#value === (typeof other === "string" ? other : other.reveal());
  }

  toString(): string {
    return `Secret(${this.masked})`;
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.toPrimitive](): string {
    return this.toString();
  }

  [INSPECT](): string {
    return this.toString();
  }
}
