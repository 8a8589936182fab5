/**
 * FNV-1a, 32 bits: a stable, fast, non-cryptographic hash. Used to map a session id to a credential (the same on
 * every process and machine) and to fingerprint a credential value so a disable mark can tell whether the key was
 * replaced. A 32-bit fingerprint reveals nothing usable about a high-entropy key.
 *
 * @example
 * ```ts
 * stableHash("session-42") % 3; // always the same index
 * ```
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * An 8-hex-digit fingerprint of a value ({@link stableHash}).
 *
 * @example
 * ```ts
 * fingerprint("sk-abc"); // e.g. "3f2a9c01"
 * ```
 */
export function fingerprint(value: string): string {
  return stableHash(value).toString(16).padStart(8, "0");
}
