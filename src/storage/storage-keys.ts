/**
 * The storage key of models.json: the user's hand-edited provider and model configuration (JSON5, comments kept).
 *
 * @example
 * ```ts
 * const text = (await storage.get(MODELS_JSON_KEY)) ?? "";
 * ```
 */
export const MODELS_JSON_KEY = "models.json";

/**
 * The storage key of auth.json: stored credentials (file storage writes it with mode 0600).
 *
 * @example
 * ```ts
 * createFileStorage({ dir, privateKeys: [AUTH_JSON_KEY] });
 * ```
 */
export const AUTH_JSON_KEY = "auth.json";

/**
 * The storage key of settings.json: tiers, allowlist, model aliases, model and reasoning overrides (plain JSON).
 *
 * @example
 * ```ts
 * await readSection(storage, SETTINGS_JSON_KEY, "allowlist", AllowlistSchema, []);
 * ```
 */
export const SETTINGS_JSON_KEY = "settings.json";

/**
 * The storage key of state.json: re-creatable machine state (probes, statuses, listings, cooldowns, usage, OAuth).
 *
 * @example
 * ```ts
 * await readSection(storage, STATE_JSON_KEY, "probes", ProbesSectionSchema, {});
 * ```
 */
export const STATE_JSON_KEY = "state.json";

/**
 * The storage key of catalog.json: the applied catalog refresh.
 *
 * @example
 * ```ts
 * const applied = await storage.get(CATALOG_JSON_KEY);
 * ```
 */
export const CATALOG_JSON_KEY = "catalog.json";

/**
 * The storage key of one refresh review report, `reviews/<id>.json`.
 *
 * @example
 * ```ts
 * reviewKey("2026-05-01"); // "reviews/2026-05-01.json"
 * ```
 */
export function reviewKey(id: string): string {
  return `reviews/${id}.json`;
}

/**
 * The storage key of a backup of models.json taken at `now` (epoch ms), e.g. `models.json.bak-2026-11-21T08-16-34-000Z`.
 *
 * @example
 * ```ts
 * modelsJsonBackupKeyAt(Date.UTC(2026, 10, 21)); // "models.json.bak-2026-11-21T00-00-00-000Z"
 * ```
 */
export function modelsJsonBackupKeyAt(now: number): string {
  return `${MODELS_JSON_KEY}.bak-${new Date(now).toISOString().replace(/[:.]/g, "-")}`;
}

/**
 * The storage key of the list of saved refresh reviews (storage has no key listing, so `listReviews()` reads this).
 * Review ids never start with `_`, so it cannot collide with `reviews/<id>.json`.
 *
 * @example
 * ```ts
 * const index = JSON.parse((await storage.get(REVIEWS_INDEX_KEY)) ?? '{"ids":[]}');
 * for (const id of index.ids) console.log(await storage.get(reviewKey(id)));
 * ```
 */
export const REVIEWS_INDEX_KEY = "reviews/_index.json";
