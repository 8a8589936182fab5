import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import type { Secret } from "../schema/secret.js";
import type { DiscoveredModel } from "../schema/discovered.js";
import type { Env, FetchPort } from "../ports.js";

/**
 * What every discovery adapter needs for one listing: where, with what, and how long it may take.
 *
 * @example
 * ```ts
 * const request: DiscoveryRequest = {
 *   baseUrl: "https://api.openai.com/v1",
 *   fetch: globalThis.fetch,
 *   apiKey: new Secret(hostEnv.OPENAI_API_KEY ?? ""),
 *   timeoutMs: 5000,
 * };
 * ```
 */
export interface DiscoveryRequest {
  /** The provider's base URL as configured (adapters normalise it, e.g. Ollama strips `/v1`). */
  baseUrl: string;
  /** The fetch to use (the registry passes its injected fetch). */
  fetch: FetchPort;
  /** The credential to send, if any. It goes into a header only, never into the URL. */
  apiKey?: Secret | undefined;
  /** Extra headers from models.json or the provider definition. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Deadline for the whole listing (all pages and per-model calls), in milliseconds. */
  timeoutMs: number;
  /** The caller's abort signal; aborting it stops the listing with kind `aborted`. */
  signal?: AbortSignal | undefined;
  /** Environment, for backends configured through env vars (`OLLAMA_HOST`). */
  env?: Env | undefined;
}

/**
 * What a listing found.
 *
 * @example
 * ```ts
 * const { models, flavor, authenticated } = await discoverModels("ollama", request);
 * ```
 */
export interface DiscoveryResult {
  models: DiscoveredModel[];
  /** The protocol flavour that answered, e.g. `ollama-native`, `lmstudio-v1`, `openai-compatible`, `vllm`. */
  flavor: string;
  /**
   * True only when a credential was sent AND the endpoint that answered is known to reject bad credentials. A listing
   * that works without a key (Ollama, OpenRouter's model list, a local server with auth off) proves nothing about a
   * key, so it is `false` and can never make a key-based provider `healthy` on its own.
   */
  authenticated: boolean;
  /** The URL that answered (never carries a credential). */
  endpoint: string;
  /** How many models the server listed when the listing was cut to `MAX_STORED_MODELS`; absent when nothing was cut. */
  truncatedFrom?: number;
}

/**
 * The argument check every discovery entry point runs on its request (see `checkArgument`): the fields each one reads.
 *
 * @example
 * ```ts
 * checkArgument("discoverOllama", "request", DISCOVERY_REQUEST_ARG, request);
 * ```
 */
export const DISCOVERY_REQUEST_ARG = lazySchema(() =>
  z.looseObject({
    baseUrl: z.string(),
    fetch: z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", "a fetch function"),
    timeoutMs: z.number(),
  }),
);
