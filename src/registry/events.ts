import type { Emitter, RegistryEventName } from "../schema/registry-events.js";

export type { Emitter, EmitEvent, SubscribeEvent, RegistryEventMap, RegistryEventName, RegistryListener } from "../schema/registry-events.js";

/**
 * Create an {@link Emitter}.
 *
 * @example
 * ```ts
 * const events = createEmitter({ onListenerError: (error) => console.error(error) });
 * ```
 */
export function createEmitter(options: { onListenerError?: (error: unknown) => void } = {}): Emitter {
  const listeners = new Map<RegistryEventName, Set<(payload: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as (p: typeof payload) => void)(payload);
        } catch (error) {
          options.onListenerError?.(error);
        }
      }
    },
  };
}
