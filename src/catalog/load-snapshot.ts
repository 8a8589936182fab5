import { decodeSnapshotModel, type SnapshotModel, type SnapshotRow } from "./snapshot-codec.js";
import { SNAPSHOT_JSON } from "./snapshot-data.js";

let cache: ReadonlyMap<string, readonly SnapshotModel[]> | undefined;

/**
 * The bundled models.dev snapshot, keyed by our provider id. Decoded on the first call and memoised for the
 * process: importing the package costs nothing, and every registry shares one decoded copy.
 *
 * @example
 * ```ts
 * // An "about" page: what the bundled models.dev snapshot knows, per provider.
 * for (const [provider, models] of loadBundledSnapshot()) console.log(`${provider}: ${models.length} models`);
 * ```
 */
export function loadBundledSnapshot(): ReadonlyMap<string, readonly SnapshotModel[]> {
  if (!cache) {
    const raw = JSON.parse(SNAPSHOT_JSON) as Record<string, SnapshotRow[]>;
    cache = new Map(Object.entries(raw).map(([provider, rows]) => [provider, rows.map(decodeSnapshotModel)]));
  }
  return cache;
}
