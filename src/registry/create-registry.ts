import { ARG, checkArgument } from "../errors/check-argument.js";
import { RegistryError } from "../errors/registry-error.js";
import { createCatalogApi } from "./catalog-api.js";
import { createConfigApi } from "./config-api.js";
import { createCredentialsApi } from "./credentials-api.js";
import { createEmitter } from "./events.js";
import { normalizeRegistryOptions, type RegistryOptions } from "./options.js";
import type { Registry } from "./registry.js";
import { createStatusApi } from "./status-api.js";
import { createThinkingApi } from "./thinking-api.js";
import type { AreaContext } from "./area-context.js";

/**
 * Create a registry. No I/O happens here: storage is read and the network used only when a method asks.
 *
 * @example
 * ```ts
 * import { createRegistry } from "model-provider-registry";
 *
 * const registry = createRegistry({ env: hostEnv });
 * const models = await registry.listModels({ usableOnly: true });
 * picker.setOptions(models.map((m) => ({ value: m.ref, label: m.name ?? m.id })));
 * ```
 */
export function createRegistry(options: RegistryOptions = {}): Registry {
  checkArgument("createRegistry", "options", ARG.optionalObject, options);
  const base = normalizeRegistryOptions(options);
  const events = createEmitter({
    onListenerError: (error) => base.logger.warn("A registry event listener threw.", { error: String(error) }),
  });
  let registry: Registry | undefined;
  const ctx: AreaContext = {
    ...base,
    events,
    registry: () => {
      if (!registry) {
        throw new RegistryError({ code: "internal", message: "A registry part called registry() while the facade was still being built; call it inside methods only." });
      }
      return registry;
    },
  };
  registry = {
    ...createConfigApi(ctx),
    ...createCatalogApi(ctx),
    ...createCredentialsApi(ctx),
    ...createStatusApi(ctx),
    ...createThinkingApi(ctx),
    on: events.on,
  };
  return registry;
}
