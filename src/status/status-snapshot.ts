import * as z from "zod";
import type { Catalog, CatalogProvider } from "../catalog/build-catalog.js";
import type { ProviderConfig } from "../config/models-json-config.js";
import { revealHeaders } from "../config/config-headers.js";
import { AllowlistSchema, ModelAliasesSchema, ModelOverridesSchema } from "../catalog/catalog-settings.js";
import { readAuthFile, type StoredCredential } from "../credentials/auth-file.js";
import { candidatesOf, type CredentialCandidate } from "../credentials/credential-candidates.js";
import { CREDENTIAL_STATE_SECTIONS } from "../credentials/credential-state-read.js";
import { poolOrder } from "../credentials/credential-pool.js";
import type { CooldownsSectionSchema, OAuthSectionSchema } from "../schema/credential-state.js";
import type { ConfigError } from "../errors/config-error.js";
import type { Secret } from "../schema/secret.js";
import type { ApiKind } from "../schema/api-kind.js";
import { setupMethodsOf } from "../refs/setup-methods.js";
import { hostEnvBaseUrl } from "../discovery/ollama-host.js";
import { isLocalNetworkUrl } from "../discovery/openai-compatible.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import { DiscoveryKindSchema, type DiscoveryKind, type ProviderDefinition } from "../schema/provider-definition.js";
import { AUTH_JSON_KEY, MODELS_JSON_KEY, SETTINGS_JSON_KEY, STATE_JSON_KEY } from "../storage/storage-keys.js";
import type { StatusServiceDeps } from "./status-deps.js";
import { DiscoveredCacheSchema } from "../schema/discovered.js";
import { clearDamageWarning, warnDamagedDocument } from "../storage/damaged-document.js";
import { parseSections } from "../storage/sections.js";
import type { StatusCredential } from "./classify-provider-status.js";
import { ProbesSectionSchema, StatusesSectionSchema, type ProbeRecord } from "../schema/probe-record.js";

/**
 * The credential a provider would use, with its value (for probing only) and how to name its source.
 *
 * @example
 * ```ts
 * const c: CredentialFacts = { status: { type: "apiKey", source: "stored" }, secret, sourceLabel: "stored", credentialId: "openai:work",
 *   updatedAt: 0, rejected: null, label: 'saved key "openai:work"', usable: true };
 * ```
 */
export interface CredentialFacts {
  status: StatusCredential;
  /** The value to send; never logged, never stored by status. */
  secret: Secret | null;
  /** `stored`, `oauth`, an env var name, or `models.json`. */
  sourceLabel: string;
  credentialId: string | null;
  updatedAt: number | null;
  /** The credentials area disabled this credential after a provider rejected it (a real call or a check). */
  rejected: { reason: string; at: number } | null;
  /**
   * How to name this credential to the user without its value: the env var (`OPENAI_API_KEYS (key 1 of 2)` for an
   * entry of a list), `saved key "openai:work"`, `saved sign-in "anthropic:me"`, or `the apiKey in models.json`.
   */
  label: string;
  /** Whether a call would use it now: not disabled, not an expired token, not a dead OAuth sign-in. */
  usable: boolean;
  /**
   * The endpoint of the credential's setup method (a Coding Plan key's coding host), when it has one and neither
   * models.json nor the host pinned the provider's URL; checks of this credential go there.
   */
  endpoint?: { method: string; baseUrl: string | null; api: ApiKind | null } | null;
}

/**
 * Everything status knows about one provider at one moment.
 *
 * @example
 * ```ts
 * const facts = snapshot.providers.get("openai");
 * ```
 */
export interface ProviderFacts {
  id: string;
  name: string;
  definition: ProviderDefinition | null;
  /** Defined by the built-in catalog, a plugin or models.json. */
  known: boolean;
  /** A models.json-defined provider, or a built-in local provider that is configured. */
  local: boolean;
  /** Has a credential, a models.json entry, a probe record or a host env var: worth checking. */
  configured: boolean;
  config: ProviderConfig | null;
  baseUrl: string | null;
  discovery: DiscoveryKind;
  headers: Record<string, string>;
  modelCount: number;
  modelIds: ReadonlySet<string>;
  credential: CredentialFacts | null;
  /**
   * The credential source of a keyless probe: `local` for local/custom servers, else `none`. Reports show it only
   * once the provider is `configured`; an unconfigured built-in local server reports `none`.
   */
  noCredentialLabel: "local" | "none";
  /** Primary env var to mention when nothing is set. */
  primaryEnvVar: string | null;
  /** Every credential of the provider, in the order calls try them (the active one is the first usable). */
  credentials: CredentialFacts[];
  /** The last probe, only when it was made with the current credential. */
  probe: ProbeRecord | null;
  /** models.json errors for this provider. */
  configErrors: Diagnostic[];
}

/**
 * One consistent read of storage and environment, with the derived per-provider facts.
 *
 * @example
 * ```ts
 * const snapshot = await loader.load();
 * for (const facts of snapshot.providers.values()) console.log(facts.id, facts.modelCount);
 * ```
 */
export interface StatusSnapshot {
  providers: Map<string, ProviderFacts>;
  /** Display order. */
  order: string[];
  /** models.json errors not tied to one provider (the file does not parse, a bad top-level field). */
  globalConfigErrors: Diagnostic[];
  /** auth.json exists but does not parse or match its schema: its credentials are ignored, and reports must say so. */
  authFileError: "does not parse" | "does not match its schema" | null;
  /** state.json is damaged (does not parse, or a section fails its schema): it reads as empty and must not be written. */
  stateDamage: ConfigError | null;
  /** settings.json is damaged: saved tiers, allowlist, aliases and overrides read as empty, and reports must say so. */
  settingsDamage: ConfigError | null;
  tiers: Record<string, { model: string }>;
  statuses: Record<string, string>;
  catalog: Catalog;
}

const TiersSchema = z.record(z.string(), z.looseObject({ model: z.string() }).catch({ model: "" }));

const STATE_SECTIONS = {
  ...CREDENTIAL_STATE_SECTIONS,
  probes: { schema: ProbesSectionSchema, fallback: {} },
  statuses: { schema: StatusesSectionSchema, fallback: {} },
  discovered: { schema: DiscoveredCacheSchema, fallback: {} },
} as const;

/** The settings sections status reads (tiers) or whose damage changes answers it reports on (the catalog's). */
const SETTINGS_SECTIONS = {
  tiers: { schema: TiersSchema.catch({}), fallback: {} },
  allowlist: { schema: AllowlistSchema, fallback: [] },
  aliases: { schema: ModelAliasesSchema, fallback: {} },
  modelOverrides: { schema: ModelOverridesSchema, fallback: {} },
} as const;

function inferDiscovery(provider: CatalogProvider | undefined, config: ProviderConfig | null): DiscoveryKind {
  // Most entries declare none: skip the failing parse (building its error) on every provider of every report.
  const raw = (config as Record<string, unknown> | null)?.["discovery"];
  const declared = raw === undefined ? null : DiscoveryKindSchema.safeParse(raw);
  if (declared?.success) return declared.data;
  const definition = provider?.definition;
  if (definition && definition.discovery !== "none") return definition.discovery;
  if (provider?.source === "user" || config) {
    const api = config?.api ?? definition?.api;
    if (api === "ollama") return "ollama";
    if (api === "anthropic-messages") return "anthropic";
    if (api === "google-generative-ai") return "google";
    return "openai-compatible";
  }
  return "none";
}

/** The first env name the provider documents for a credential type. */
function firstEnvName(definition: ProviderDefinition | null, type: "apiKey" | "token"): string | undefined {
  for (const a of definition?.auth ?? []) if (a.type === type && a.env.length > 0) return a.env[0];
  return undefined;
}

function baseUrlOf(config: ProviderConfig | null, definition: ProviderDefinition | null): string | null {
  return typeof config?.baseUrl === "string" && config.baseUrl !== "" ? config.baseUrl : (definition?.baseUrl ?? null);
}

/**
 * How status names and judges one of the credentials area's candidates (ids, expiry and disable rules are its).
 * An entry of a list variable (OPENAI_API_KEYS="a,b") is named by its position, so the user knows which to remove.
 */
function factsOf(c: CredentialCandidate, envLabel: string): CredentialFacts {
  const common = { secret: c.value, credentialId: c.id, rejected: c.disabledMark, usable: true };
  if (c.stored?.type === "oauth") {
    const broken = c.broken !== null;
    return {
      ...common,
      status: { type: "oauth", source: "stored", expired: c.expired, refreshable: c.stored.refresh !== null && !broken, refreshRejected: broken },
      sourceLabel: "oauth",
      updatedAt: c.stored.updatedAt,
      label: `saved sign-in "${c.id}"`,
    };
  }
  if (c.stored) {
    return {
      ...common,
      status: { type: c.stored.type, source: "stored", ...(c.expired ? { expired: true } : {}) },
      sourceLabel: "stored",
      updatedAt: c.stored.updatedAt,
      label: `saved ${c.stored.type === "apiKey" ? "key" : "token"} "${c.id}"`,
    };
  }
  if (c.envVar !== null) {
    // Referenced keys are never OAuth: only auth.json holds sign-ins.
    const type = c.type === "token" ? "token" : "apiKey";
    return { ...common, status: { type, source: "env", envVar: c.envVar }, sourceLabel: c.envVar, updatedAt: null, label: c.source === "env" ? envLabel : c.envVar };
  }
  return { ...common, status: { type: "apiKey", source: "stored" }, sourceLabel: "models.json", updatedAt: null, label: "the apiKey in models.json" };
}

/**
 * Reads storage and derives {@link ProviderFacts}, caching every parse by the text it came from, so repeated
 * `getStatus()` calls re-parse nothing unless storage changed.
 *
 * @example
 * ```ts
 * const loader = createStatusSnapshotLoader({ storage, env, envPrefix, now, logger, config, catalog });
 * const snapshot = await loader.load();
 * ```
 */
export function createStatusSnapshotLoader(ctx: Pick<StatusServiceDeps, "storage" | "env" | "envPrefix" | "now" | "logger" | "config" | "catalog">) {
  let catalogCache: { catalog: Catalog; ids: Map<string, Set<string>> } | undefined;
  let stateCache:
    | {
        text: string;
        discoveredIds: Map<string, Set<string>>;
        probes: z.output<typeof ProbesSectionSchema>;
        statuses: Record<string, string>;
        oauthState: z.output<typeof OAuthSectionSchema>;
        cooldowns: z.output<typeof CooldownsSectionSchema>;
        damage: ConfigError | null;
      }
    | undefined;
  let settingsCache: { text: string; tiers: Record<string, { model: string }>; damage: ConfigError | null } | undefined;
  let authCache: { text: string; credentials: StoredCredential[]; error: StatusSnapshot["authFileError"] } | undefined;

  // The config service parses once per text (and env of its references).
  const modelsConfig = (text: string) => ctx.config.parse(text);

  const storedCredentials = (text: string | null | undefined): StoredCredential[] => {
    const t = text ?? "";
    if (authCache?.text !== t) {
      const { file, damage } = readAuthFile(t);
      const error: StatusSnapshot["authFileError"] = damage === null ? null : damage.code === "storage_invalid" ? "does not match its schema" : "does not parse";
      noteDamage(AUTH_JSON_KEY, damage);
      authCache = { text: t, credentials: file.credentials, error };
    }
    return authCache.credentials;
  };

  // Only the ids are needed here; the catalog validates the cached models when it layers them in.
  const discoveredIdsOf = (raw: unknown): Map<string, Set<string>> => {
    const ids = new Map<string, Set<string>>();
    if (!raw || typeof raw !== "object") return ids;
    for (const [provider, entry] of Object.entries(raw as Record<string, unknown>)) {
      const models = (entry as { models?: unknown } | null)?.models;
      if (!Array.isArray(models)) continue;
      const set = new Set<string>();
      for (const m of models) {
        const id = (m as { id?: unknown } | null)?.id;
        if (typeof id === "string" && id !== "") set.add(id);
      }
      ids.set(provider, set);
    }
    return ids;
  };

  // One scrubbed warning per damaged document (shared with the other parts reading it), re-armed once it reads fine.
  const noteDamage = (key: string, damage: ConfigError | null) => {
    if (damage) warnDamagedDocument(ctx.storage, ctx.logger, key, damage);
    else clearDamageWarning(ctx.storage, key);
  };

  // Everything derived from state.json and settings.json, re-parsed only when their text changes. A damaged
  // section reads as empty; the damage is kept so reports say so and writes skip the file.
  const stateOf = (text: string | null | undefined) => {
    const t = text ?? "";
    if (stateCache?.text !== t) {
      const { values, damage } = parseSections(STATE_JSON_KEY, t, STATE_SECTIONS);
      noteDamage(STATE_JSON_KEY, damage);
      stateCache = {
        text: t,
        discoveredIds: discoveredIdsOf(values.discovered),
        probes: values.probes,
        statuses: values.statuses,
        oauthState: values.oauth,
        cooldowns: values.cooldowns,
        damage,
      };
    }
    return stateCache;
  };
  const settingsOf = (text: string | null | undefined) => {
    const t = text ?? "";
    if (settingsCache?.text !== t) {
      const { values, damage } = parseSections(SETTINGS_JSON_KEY, t, SETTINGS_SECTIONS);
      noteDamage(SETTINGS_JSON_KEY, damage);
      settingsCache = { text: t, tiers: values.tiers, damage };
    }
    return settingsCache;
  };

  async function load(): Promise<StatusSnapshot> {
    const [modelsText, authText, stateText, settingsText] = await Promise.all([
      ctx.storage.get(MODELS_JSON_KEY),
      ctx.storage.get(AUTH_JSON_KEY),
      ctx.storage.get(STATE_JSON_KEY),
      ctx.storage.get(SETTINGS_JSON_KEY),
    ]);
    const { probes, statuses, oauthState, cooldowns, discoveredIds: rawDiscoveredIds, damage: stateDamage } = stateOf(stateText);
    const { tiers, damage: settingsDamage } = settingsOf(settingsText);
    const parsedModels = modelsText ? modelsConfig(modelsText) : null;
    const config = parsedModels?.config ?? null;

    // The catalog service's catalog, the one listModels() answers from (cached there, rebuilt only when its inputs
    // change); its model ids per provider are indexed once per catalog.
    const catalog = await ctx.catalog.catalog();
    if (catalogCache?.catalog !== catalog) {
      const ids = new Map<string, Set<string>>();
      for (const e of catalog.entries()) {
        let set = ids.get(e.provider);
        if (!set) ids.set(e.provider, (set = new Set()));
        set.add(e.id);
      }
      catalogCache = { catalog, ids };
    }
    const credentials = storedCredentials(authText);
    const diagnostics = parsedModels?.diagnostics ?? [];
    const globalConfigErrors = diagnostics.filter((d) => d.severity === "error" && !(d.path[0] === "providers" && typeof d.path[1] === "string"));
    const now = ctx.now();
    // The credentials area's candidates over this snapshot's auth.json and state.json: its ids, expiry and disable rules.
    const credentialState = { cooldowns, usage: {}, oauth: oauthState };

    const ids: string[] = [];
    const seen = new Set<string>();
    const push = (id: string) => {
      if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    };
    for (const p of catalog.providers) push(p.definition.id);
    for (const id of catalogCache.ids.keys()) push(id);
    const discoveredIds = new Map<string, Set<string>>();
    if (catalog.mode !== "replace") for (const [p, set] of rawDiscoveredIds) discoveredIds.set(catalog.aliases.get(p) ?? p, set);
    for (const id of discoveredIds.keys()) push(id);
    for (const c of credentials) push(c.providerId);
    for (const id of Object.keys(probes)) push(id);
    // A provider models.json names but that failed validation is still the user's: list it with its error.
    for (const d of diagnostics) if (d.severity === "error" && d.path[0] === "providers" && typeof d.path[1] === "string") push(d.path[1]);

    const providers = new Map<string, ProviderFacts>();
    for (const id of ids) {
      const provider = catalog.getProvider(id);
      const definition = provider?.definition ?? null;
      const configEntry = config?.providers[id] ?? null;
      const builtIds = catalogCache.ids.get(id);
      const foundIds = discoveredIds.get(id);
      const modelIds = foundIds ? new Set([...(builtIds ?? []), ...foundIds]) : (builtIds ?? new Set<string>());
      const stored = credentials.filter((c) => c.providerId === id);
      const candidates = candidatesOf(
        { env: ctx.env, envPrefix: ctx.envPrefix, now },
        { providerId: id, configKey: configEntry?.apiKey, ...(definition ? { definition, methods: setupMethodsOf(definition) } : {}) },
        stored,
        null,
        credentialState,
      );
      const envCounts = new Map<string, number>();
      for (const c of candidates) if (c.source === "env" && c.envVar !== null) envCounts.set(c.envVar, (envCounts.get(c.envVar) ?? 0) + 1);
      const envSeen = new Map<string, number>();
      const envLabel = (c: CredentialCandidate): string => {
        if (c.source !== "env" || c.envVar === null) return "";
        const n = (envSeen.get(c.envVar) ?? 0) + 1;
        envSeen.set(c.envVar, n);
        const total = envCounts.get(c.envVar) ?? 1;
        return total > 1 ? `${c.envVar} (key ${n} of ${total})` : c.envVar;
      };
      // Ordered as calls try them (stable: usage and cooldowns do not reorder what status reports).
      const ordered = poolOrder(candidates.map((c) => ({ ...c, lastUsedAt: null, coolingUntil: null, disabled: false, envLabel: envLabel(c) })), { stable: true });
      // As run(): models.json's or the host's URL wins over a setup method's endpoint.
      const pinned = Boolean(hostEnvBaseUrl(id, ctx.env) || (typeof configEntry?.baseUrl === "string" && configEntry.baseUrl !== ""));
      const built = ordered.map((c) => {
        const facts = factsOf(c, c.envLabel);
        const m = c.setupMethod;
        if (!pinned && m !== null && (m.baseUrl !== undefined || m.api !== undefined)) facts.endpoint = { method: m.id, baseUrl: m.baseUrl ?? null, api: m.api ?? null };
        return facts;
      });
      // Like the credentials area: the first credential that is not disabled, else the first disabled one.
      const skippable = (c: CredentialFacts) =>
        c.rejected !== null ||
        (c.status.type === "oauth" && (c.status.refreshRejected === true || (c.status.expired && !c.status.refreshable))) ||
        (c.status.source === "stored" && c.status.type === "token" && c.status.expired === true);
      for (const c of built) c.usable = !skippable(c);
      const active = built.find((c) => c.usable) ?? built[0] ?? null;

      const hostEnv = configEntry?.baseUrl ? null : hostEnvBaseUrl(id, ctx.env);
      // A detected server's probe counts like a check's; the newer of the two is the last word on the server.
      const detectedProbe = catalog.detected?.get(id)?.probe ?? null;
      const checkedProbe = probes[id] ?? null;
      const rawProbe = detectedProbe !== null && (checkedProbe === null || detectedProbe.at > checkedProbe.at) ? detectedProbe : checkedProbe;
      const configErrors = diagnostics.filter((d) => d.severity === "error" && d.path[0] === "providers" && d.path[1] === id);
      const isUser = provider?.source === "user" || (provider === undefined && configErrors.length > 0);
      const noCredentialLabel = definition?.local || isUser ? "local" : "none";
      const probeMatches =
        rawProbe !== null &&
        rawProbe.credentialSource === (active?.sourceLabel ?? noCredentialLabel) &&
        (active?.credentialId ?? null) === rawProbe.credentialId &&
        (active?.updatedAt === null || active?.updatedAt === undefined || active.updatedAt <= rawProbe.at);
      const configured = Boolean(configEntry || configErrors.length > 0 || stored.length > 0 || candidates.some((c) => c.source === "env") || rawProbe || hostEnv);
      // A models.json provider is "local/custom" (row 4): healthy only when a test listed models AND, with a key, verified
      // it. One on a public host whose key comes from the environment (or whose declared variable is unset) is env-based
      // (rows 6–7) so its recovery names the variable. A stored or literal key on a custom host is never "owned" proof
      // (row 5): the host is not known to authenticate anything, so it stays row 4 and needs a verified key.
      const customEnvKeyed =
        isUser &&
        (active?.status.source === "env" || (active === null && configEntry?.apiKey !== undefined)) &&
        baseUrlOf(configEntry, definition) !== null &&
        !isLocalNetworkUrl(baseUrlOf(configEntry, definition) as string);
      const local = (isUser && !customEnvKeyed) || Boolean(definition?.local && configured);
      const baseUrl = hostEnv ?? (typeof configEntry?.baseUrl === "string" && configEntry.baseUrl !== "" ? configEntry.baseUrl : (definition?.baseUrl ?? null));
      // Credential header values are Secrets in the parsed config; checks put them on the wire, so reveal here.
      const headers = revealHeaders(configEntry?.headers);
      // The variable models.json references wins: it is the one the user chose (and the one to set when it is missing).
      const configEnvVar = configEntry?.apiKey?.kind === "env" ? configEntry.apiKey.name : null;
      const primaryEnvVar = configEnvVar ?? firstEnvName(definition, "apiKey") ?? firstEnvName(definition, "token") ?? null;
      providers.set(id, {
        id,
        name: definition?.name ?? id,
        definition,
        known: provider !== undefined || configErrors.length > 0,
        local,
        configured,
        config: configEntry,
        baseUrl,
        discovery: inferDiscovery(provider, configEntry),
        headers,
        modelCount: modelIds.size,
        modelIds,
        credential: active,
        credentials: built,
        noCredentialLabel,
        primaryEnvVar,
        probe: probeMatches ? rawProbe : null,
        configErrors,
      });
    }
    return { providers, order: ids, globalConfigErrors, authFileError: authCache?.error ?? null, stateDamage, settingsDamage, tiers, statuses, catalog };
  }

  return { load };
}

/**
 * The loader created by {@link createStatusSnapshotLoader}.
 *
 * @example
 * ```ts
 * const loader: StatusSnapshotLoader = createStatusSnapshotLoader(ctx);
 * ```
 */
export type StatusSnapshotLoader = ReturnType<typeof createStatusSnapshotLoader>;

/**
 * Facts for a provider id the snapshot does not know (named only by a saved tier, or a preset it does not list): no
 * definition, no config, no credentials — what a check reports as skipped.
 *
 * @example
 * ```ts
 * const facts = snapshot.providers.get(id) ?? unknownProviderFacts(id, { local: false });
 * ```
 */
export function unknownProviderFacts(id: string, options: { local: boolean }): ProviderFacts {
  return {
    id,
    name: id,
    definition: null,
    known: false,
    local: options.local,
    configured: false,
    config: null,
    baseUrl: null,
    discovery: "none",
    headers: {},
    modelCount: 0,
    modelIds: new Set(),
    credential: null,
    noCredentialLabel: options.local ? "local" : "none",
    primaryEnvVar: null,
    credentials: [],
    probe: null,
    configErrors: [],
  };
}
