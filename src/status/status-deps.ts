import type { Catalog } from "../catalog/build-catalog.js";
import type { ModelsJsonEdit } from "../config/apply-json-edits.js";
import type { ParseModelsJsonResult } from "../config/models-json-config.js";
import type { ActiveCredential } from "../credentials/credential-summary.js";
import type { Env, FetchPort, Logger, Storage } from "../ports.js";
import type { EmitEvent } from "../schema/registry-events.js";

/**
 * The ports a probe needs: the injected fetch, the env (host variables such as `OLLAMA_HOST`), the clock, the
 * per-call timeout, and storage and logger for the key-control cache.
 *
 * @example
 * ```ts
 * const ports: ProbePorts = { storage, fetch, env: {}, now: Date.now, timeoutMs: 5000, logger: silentLogger };
 * ```
 */
export interface ProbePorts {
  readonly storage: Storage;
  /** Resolved per call so msw and user patches to globalThis.fetch apply. */
  readonly fetch: FetchPort;
  readonly env: Env;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/**
 * What the status service needs: the ports, `emit` for `status` and `config-change` events, and the services it
 * builds on — models.json from the config service, the catalog service's cached catalog, and the credentials
 * service's view of which credential a call would use (whether an expired sign-in can be refreshed).
 *
 * @example
 * ```ts
 * const deps: StatusServiceDeps = { ...ports, envPrefix: "MODEL_REGISTRY", emit, config, catalog, credentials };
 * ```
 */
export interface StatusServiceDeps extends ProbePorts {
  readonly envPrefix: string;
  readonly emit: EmitEvent;
  readonly config: {
    parse(text: string): ParseModelsJsonResult;
    updateModelsConfig(edits: readonly ModelsJsonEdit[] | ((text: string) => readonly ModelsJsonEdit[])): Promise<unknown>;
  };
  readonly catalog: { catalog(): Promise<Catalog> };
  readonly credentials: { activeCredential(providerId: string): Promise<Pick<ActiveCredential, "credentialId" | "refreshable">> };
}
