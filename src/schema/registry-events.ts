/**
 * Payloads of the events a registry emits, keyed by event name. Listeners get exactly one payload object.
 * Payloads never carry secret values.
 *
 * @example
 * ```ts
 * registry.on("status", (e: RegistryEventMap["status"]) => console.log(e.providerId, e.from, "→", e.to));
 * ```
 */
export interface RegistryEventMap {
  /** A provider's status changed (after a check, a credential change or a models.json edit). */
  status: { providerId: string; from: string | null; to: string; at: number };
  /** A credential entered a cooldown. */
  "credential-cooldown": {
    providerId: string;
    credentialId: string;
    model: string | null;
    reason: string;
    until: number;
  };
  /** A credential was disabled until replaced (its key was rejected). */
  "credential-disabled": { providerId: string; credentialId: string; reason: string };
  /** An OAuth credential was refreshed (or the refresh failed terminally). */
  "oauth-refresh": { providerId: string; credentialId: string; ok: boolean; errorKind: string | null };
  /** models.json (or settings) changed through the registry. */
  "config-change": { key: string };
}

/**
 * Name of a registry event.
 *
 * @example
 * ```ts
 * const name: RegistryEventName = "status";
 * ```
 */
export type RegistryEventName = keyof RegistryEventMap;

/**
 * A listener for one event.
 *
 * @example
 * ```ts
 * const listener: RegistryListener<"status"> = (e) => console.log(e.to);
 * ```
 */
export type RegistryListener<E extends RegistryEventName> = (payload: RegistryEventMap[E]) => void;

/**
 * A small typed emitter. A throwing listener is reported to `onListenerError` and never breaks the emitter or the
 * operation that emitted.
 *
 * @example
 * ```ts
 * const events = createEmitter();
 * const off = events.on("status", (e) => console.log(e));
 * events.emit("status", { providerId: "openai", from: null, to: "env", at: Date.now() });
 * off();
 * ```
 */
export interface Emitter {
  on: SubscribeEvent;
  emit: EmitEvent;
}

/**
 * Announce an event: what a service receives when it emits and must not subscribe (the emitter lives in registry/).
 *
 * @example
 * ```ts
 * function createThing(deps: { emit: EmitEvent }) {
 *   return { touch: () => deps.emit("config-change", { key: "settings.json" }) };
 * }
 * ```
 */
export type EmitEvent = <E extends RegistryEventName>(event: E, payload: RegistryEventMap[E]) => void;

/**
 * Subscribe to an event; returns the function that unsubscribes. What a service receives when it reacts to others'
 * changes (e.g. the catalog drops its cache on `config-change`).
 *
 * @example
 * ```ts
 * function createCache(deps: { on: SubscribeEvent }) {
 *   let cached: string | undefined;
 *   deps.on("config-change", () => (cached = undefined));
 * }
 * ```
 */
export type SubscribeEvent = <E extends RegistryEventName>(event: E, listener: RegistryListener<E>) => () => void;

