import type { KyInstance } from "ky";

let loading: Promise<KyInstance> | null = null;

/**
 * ky, loaded on the first network call rather than on import: its feature detection touches Node's fetch internals,
 * which would add ~25 ms to every host's startup even when nothing is ever requested.
 *
 * @example
 * ```ts
 * const ky = await loadKy();
 * ```
 */
export function loadKy(): Promise<KyInstance> {
  loading ??= import("ky").then((module) => module.default);
  // A failed load (a broken install) is not cached, so the next call reports it again instead of a stale rejection.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
