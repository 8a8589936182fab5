/**
 * `doctor()`: everything that is wrong with the setup, and the edits that would fix what an edit can fix, as unified
 * diffs. It reads storage once and writes nothing: status reports are built from a snapshot (no network, no status
 * recording), and every proposed edit is computed on the stored text in memory.
 */
import { applyEdits, modify, type FormattingOptions, type JSONPath } from "jsonc-parser";
import type { Catalog } from "../catalog/build-catalog.js";
import { editModelsJson } from "../config/edit-models-json.js";
import { parseJson5 } from "../config/parse-json5.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import { damageDetail, stripBom } from "../storage/damaged-document.js";
import { AUTH_JSON_KEY, MODELS_JSON_KEY, SETTINGS_JSON_KEY, STATE_JSON_KEY } from "../storage/storage-keys.js";
import { buildStatusReports } from "./build-status-reports.js";
import { LOCAL_DETECT_PORTS } from "./local-detect.js";
import { getLocalPreset, LOCAL_PRESETS, type LocalPreset } from "./local-presets.js";
import { createProblem } from "./problems.js";
import { USABLE_STATUSES } from "./provider-statuses.js";
import type { ProviderStatusReport } from "./status-report.js";
import type { StatusServiceDeps } from "./status-deps.js";
import { refineOAuthStatuses } from "./status-service.js";
import { createStatusSnapshotLoader, type StatusSnapshot } from "./status-snapshot.js";
import { unifiedDiff } from "./unified-diff.js";

/**
 * One problem `doctor()` found: a provider status problem (shown once, with every provider it was reported for), a
 * models.json or catalog diagnostic (with its position), a damaged file, or a saved tier or role that cannot be used.
 *
 * @example
 * ```ts
 * for (const p of (await registry.doctor()).problems) console.log(`${p.severity} ${p.source}: ${p.message}`);
 * ```
 */
export interface DoctorProblem {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  recovery: string;
  /** Where it was found: `status` (provider reports), a file (`models.json`, `settings.json`, ...), or a plugin. */
  source: string;
  /** The providers a status problem was reported for; empty for the others. */
  providers: string[];
  /** 1-based position in the file, when known. */
  line: number | null;
  column: number | null;
}

/**
 * An edit that fixes a problem: the file it changes, what it does, and the change as a unified diff
 * (`--- a/models.json` / `+++ b/models.json` hunks that `patch -p1` applies in the registry's home folder).
 *
 * @example
 * ```ts
 * const fix: DoctorFix = { file: "models.json", description: "Write the apiKey reference explicitly.", diff: "--- a/models.json\n…" };
 * ```
 */
export interface DoctorFix {
  file: string;
  description: string;
  diff: string;
}

/**
 * What `doctor()` returns: every problem, and the fixes an edit can make (each diff against the stored file as it is).
 *
 * @example
 * ```ts
 * const { problems, fixes } = await registry.doctor();
 * if (problems.length === 0) console.log("All good.");
 * for (const f of fixes) console.log(`${f.description}\n${f.diff}`);
 * ```
 */
export interface DoctorReport {
  problems: DoctorProblem[];
  fixes: DoctorFix[];
}

/**
 * The doctor part of the facade.
 *
 * @example
 * ```ts
 * const { problems, fixes } = await registry.doctor();
 * settingsPage.showProblems(problems, fixes.map((f) => f.description));
 * ```
 */
export interface DoctorApi {
  /**
   * Find what is wrong, without changing anything: every provider status problem (from storage, no network),
   * catalog and models.json diagnostics, damaged settings.json / state.json / auth.json, saved tiers and roles that
   * cannot be used; plus the fixes an edit can make, each as a unified diff of one file. Writes nothing.
   *
   * @example
   * ```ts
   * const { problems, fixes } = await registry.doctor();
   * const errors = problems.filter((p) => p.severity === "error");
   * for (const fix of fixes) console.log(fix.description + "\n" + fix.diff);
   * ```
   */
  doctor(): Promise<DoctorReport>;
}

/**
 * What the doctor reads: the status snapshot's inputs, and the catalog's and models.json's diagnostics.
 *
 * @example
 * ```ts
 * const deps: DoctorDeps = { storage, env, envPrefix, now, logger, config, catalog, credentials };
 * ```
 */
export interface DoctorDeps extends Pick<StatusServiceDeps, "storage" | "env" | "envPrefix" | "now" | "logger" | "credentials"> {
  readonly config: StatusServiceDeps["config"] & { getModelsConfig(): Promise<{ diagnostics: Diagnostic[] }> };
  readonly catalog: StatusServiceDeps["catalog"] & { getCatalogDiagnostics(): Promise<Diagnostic[]> };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
/** Problem codes that mean "this file is damaged": reported once, whichever part noticed. */
const FILE_DAMAGE_CODES = new Set(["credentials_unreadable", "settings_unreadable", "state_unreadable"]);
/** The normal state of a provider nobody set up: not a problem of the setup. */
const NOT_PROBLEMS = new Set(["not_configured"]);

/**
 * Build the doctor over the services it reads (its own snapshot loader: nothing is recorded, nothing probed).
 *
 * @example
 * ```ts
 * const { doctor } = createDoctor({ storage, env, envPrefix, now, logger, config, catalog, credentials });
 * const report = await doctor();
 * ```
 */
export function createDoctor(deps: DoctorDeps): DoctorApi {
  const loader = createStatusSnapshotLoader(deps);
  return {
    async doctor() {
      const [modelsText, settingsText] = await Promise.all([deps.storage.get(MODELS_JSON_KEY), deps.storage.get(SETTINGS_JSON_KEY)]);
      const snapshot = await loader.load();
      await refineOAuthStatuses(deps, snapshot);
      const reports = buildStatusReports(snapshot);
      const [catalogDiagnostics, modelsDiagnostics] = await Promise.all([
        deps.catalog.getCatalogDiagnostics(),
        deps.config.getModelsConfig().then(
          (r) => r.diagnostics,
          () => [] as Diagnostic[],
        ),
      ]);
      const problems = new ProblemList();
      fileDamage(snapshot, problems);
      // A damaged file is reported once: not again as each part that could not read it.
      const damaged = new Set([...(snapshot.stateDamage ? [STATE_JSON_KEY] : []), ...(snapshot.settingsDamage ? [SETTINGS_JSON_KEY] : [])]);
      for (const d of [...modelsDiagnostics.map((d) => ({ ...d, source: d.source ?? MODELS_JSON_KEY })), ...catalogDiagnostics]) {
        if (!damaged.has(d.source ?? "")) problems.addDiagnostic(d);
      }
      const hasModelsDiagnostics = modelsDiagnostics.length > 0;
      for (const r of reports) {
        for (const p of r.problems) {
          if (NOT_PROBLEMS.has(p.code)) continue;
          // The diagnostics above say the same with a position.
          if (p.code === "models_json_invalid" && hasModelsDiagnostics) continue;
          problems.addStatus(p, r.providerId);
        }
      }
      const fixes: DoctorFix[] = [];
      const models = modelsText ?? "";
      if (models.trim() !== "") fixes.push(...modelsJsonFixes(models, snapshot.catalog, problems));
      const settings = settingsText ?? "";
      if (settings.trim() !== "" && snapshot.settingsDamage === null) fixes.push(...settingsFixes(settings, snapshot, reports, problems));
      return { problems: problems.list(), fixes };
    },
  };
}

class ProblemList {
  private readonly byKey = new Map<string, DoctorProblem>();
  private readonly codes = new Set<string>();

  add(problem: Omit<DoctorProblem, "providers" | "line" | "column"> & Partial<Pick<DoctorProblem, "providers" | "line" | "column">>): void {
    if (FILE_DAMAGE_CODES.has(problem.code) && this.codes.has(problem.code)) return;
    const key = JSON.stringify([problem.code, problem.source, problem.message, problem.recovery, problem.line ?? null, problem.column ?? null]);
    const existing = this.byKey.get(key);
    if (existing) {
      for (const p of problem.providers ?? []) if (!existing.providers.includes(p)) existing.providers.push(p);
      return;
    }
    this.codes.add(problem.code);
    this.byKey.set(key, { line: null, column: null, ...problem, providers: [...(problem.providers ?? [])] });
  }

  addStatus(p: { code: string; severity: DoctorProblem["severity"]; message: string; recovery: string }, providerId: string): void {
    this.add({ code: p.code, severity: p.severity, message: p.message, recovery: p.recovery, source: "status", providers: [providerId] });
  }

  addDiagnostic(d: Diagnostic): void {
    this.add({ code: d.code, severity: d.severity, message: d.message, recovery: d.hint ?? "", source: d.source ?? "catalog", line: d.line, column: d.column });
  }

  list(): DoctorProblem[] {
    return [...this.byKey.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  }
}

function fileDamage(snapshot: StatusSnapshot, problems: ProblemList): void {
  const position = (damage: { diagnostics?: readonly Diagnostic[] } | null) => ({ line: damage?.diagnostics?.[0]?.line ?? null, column: damage?.diagnostics?.[0]?.column ?? null });
  if (snapshot.authFileError !== null) {
    const p = createProblem("credentials_unreadable", { detail: snapshot.authFileError });
    problems.add({ ...p, source: AUTH_JSON_KEY });
  }
  if (snapshot.settingsDamage) {
    const p = createProblem("settings_unreadable", { file: SETTINGS_JSON_KEY, detail: damageDetail(snapshot.settingsDamage) });
    problems.add({ ...p, source: SETTINGS_JSON_KEY, ...position(snapshot.settingsDamage) });
  }
  if (snapshot.stateDamage) {
    const p = createProblem("state_unreadable", { file: STATE_JSON_KEY, detail: damageDetail(snapshot.stateDamage) });
    problems.add({ ...p, source: STATE_JSON_KEY, ...position(snapshot.stateDamage) });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function modelsJsonFix(text: string, edits: ReadonlyArray<{ path: Array<string | number>; value: unknown }>, description: string): DoctorFix | null {
  try {
    const result = editModelsJson(text, edits);
    if (!result.changed) return null;
    return { file: MODELS_JSON_KEY, description, diff: unifiedDiff(MODELS_JSON_KEY, text, result.text) };
  } catch {
    // A file that does not parse is reported by its diagnostics; there is nothing to edit in it.
    return null;
  }
}

/** The local preset a models.json provider without `api` is: by its id, else by a loopback URL on a preset's port. */
function impliedPreset(id: string, baseUrl: unknown): LocalPreset | undefined {
  const byId = LOCAL_PRESETS.find((p) => p.providerId === id);
  if (byId) return byId;
  if (typeof baseUrl !== "string") return undefined;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return undefined;
  const found = Object.entries(LOCAL_DETECT_PORTS).find(([, port]) => String(port) === url.port)?.[0];
  const preset = found === undefined ? undefined : getLocalPreset(found);
  // Ollama's /v1 is its OpenAI-compatible endpoint: there the default api is the right one.
  if (preset?.api === "ollama" && /\/v1\/?$/.test(url.pathname)) return undefined;
  return preset;
}

function modelsJsonFixes(text: string, catalog: Catalog, problems: ProblemList): DoctorFix[] {
  let root: unknown;
  try {
    root = parseJson5(stripBom(text));
  } catch {
    return [];
  }
  const providers = isObject(root) && isObject(root["providers"]) ? root["providers"] : {};
  const fixes: DoctorFix[] = [];
  const push = (fix: DoctorFix | null) => {
    if (fix) fixes.push(fix);
  };
  for (const [id, entry] of Object.entries(providers)) {
    if (!isObject(entry)) continue;
    const apiKey = entry["apiKey"];
    if (typeof apiKey === "string" && /^[A-Z_][A-Z0-9_]*$/.test(apiKey)) {
      push(modelsJsonFix(text, [{ path: ["providers", id, "apiKey"], value: `\${${apiKey}}` }], `Write the apiKey of provider "${id}" as the explicit reference "\${${apiKey}}" (a bare name is read as a variable with a warning).`));
    }
    const baseUrl = entry["baseUrl"];
    const api = entry["api"];
    if ((api === "ollama" || (api === undefined && id === "ollama")) && typeof baseUrl === "string" && /\/v1\/?$/.test(baseUrl)) {
      const native = baseUrl.replace(/\/v1\/?$/, "");
      push(modelsJsonFix(text, [{ path: ["providers", id, "baseUrl"], value: native }], `Use Ollama's native URL ${native} for provider "${id}" (not /v1, where tool calls break).`));
    }
    if (api === undefined) {
      const preset = impliedPreset(id, baseUrl);
      const effective = catalog.getProvider(id)?.api.value ?? null;
      if (preset && effective !== preset.api) {
        problems.add({
          code: "api_missing",
          severity: "warning",
          source: MODELS_JSON_KEY,
          message: `Provider "${id}" in models.json has no "api"; it looks like ${preset.name}, which speaks "${preset.api}", but calls would use ${effective === null ? "no api" : `"${effective}"`}.`,
          recovery: `Add "api": "${preset.api}" to providers.${id} in models.json.`,
        });
        push(modelsJsonFix(text, [{ path: ["providers", id, "api"], value: preset.api }], `Set "api": "${preset.api}" for provider "${id}" (${preset.name}).`));
      }
    }
  }
  return fixes;
}

function layoutOf(text: string): FormattingOptions {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith("\t")) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? Math.min(indent.length, 8) : 2, eol };
}

function settingsFix(text: string, path: JSONPath, value: unknown, description: string): DoctorFix | null {
  const edits = modify(stripBom(text), path, value, { formattingOptions: layoutOf(text) });
  const next = (text.length !== stripBom(text).length ? "\uFEFF" : "") + applyEdits(stripBom(text), edits);
  if (next === text) return null;
  return { file: SETTINGS_JSON_KEY, description, diff: unifiedDiff(SETTINGS_JSON_KEY, text, next) };
}

/** Why a saved `provider/model` cannot be used, and whether an edit (reset, enable a plugin) fixes it. */
function savedRefTrouble(
  ref: string,
  snapshot: StatusSnapshot,
  byId: ReadonlyMap<string, ProviderStatusReport>,
): { detail: string; gone: boolean; plugin: string | null; providerId: string } | null {
  const slash = ref.indexOf("/");
  if (slash <= 0) return { detail: "it is not a provider/model ref", gone: true, plugin: null, providerId: ref };
  const raw = ref.slice(0, slash).toLowerCase();
  const providerId = snapshot.catalog.aliases.get(raw) ?? raw;
  const modelId = ref.slice(slash + 1);
  const plugin = snapshot.catalog.getProvider(providerId)?.disabledBy ?? null;
  if (plugin !== null) return { detail: `its provider ${providerId} belongs to the disabled plugin "${plugin}"`, gone: false, plugin, providerId };
  const facts = snapshot.providers.get(providerId);
  if (!facts || !facts.known) return { detail: `no catalog, plugin or models.json defines the provider ${providerId}`, gone: true, plugin: null, providerId };
  const status = byId.get(providerId)?.status ?? "missing";
  // A provider that lists models but not this one: the model is gone. One that lists none yet (a local server that
  // is down) says nothing about the model.
  if (facts.modelCount > 0 && !facts.modelIds.has(modelId)) return { detail: `${facts.name} no longer lists it`, gone: true, plugin: null, providerId };
  if (!USABLE_STATUSES.has(status)) return { detail: `${facts.name} is ${status}`, gone: false, plugin: null, providerId };
  return null;
}

function settingsFixes(text: string, snapshot: StatusSnapshot, reports: readonly ProviderStatusReport[], problems: ProblemList): DoctorFix[] {
  let root: unknown;
  try {
    root = JSON.parse(stripBom(text));
  } catch {
    return [];
  }
  if (!isObject(root)) return [];
  const byId = new Map(reports.map((r) => [r.providerId, r]));
  const fixes: DoctorFix[] = [];
  const enabling = new Set<string>();
  const enablePlugin = (plugin: string, why: string) => {
    if (enabling.has(plugin)) return;
    enabling.add(plugin);
    const state = isObject(root["plugins"]) ? root["plugins"] : {};
    const enabled = Array.isArray(state["enabled"]) ? state["enabled"].filter((n) => n !== plugin) : [];
    const disabled = Array.isArray(state["disabled"]) ? state["disabled"].filter((n) => n !== plugin) : [];
    const fix = settingsFix(text, ["plugins"], { ...state, enabled: [...enabled, plugin], disabled }, `Enable the plugin "${plugin}" (${why}), as registry.plugins.enable("${plugin}") would; or choose another model.`);
    if (fix) fixes.push(fix);
  };

  const tiers = isObject(root["tiers"]) ? root["tiers"] : {};
  for (const [tier, choice] of Object.entries(tiers)) {
    const model = isObject(choice) && typeof choice["model"] === "string" ? choice["model"] : null;
    if (model === null) continue;
    const trouble = savedRefTrouble(model, snapshot, byId);
    if (!trouble) continue;
    if (trouble.plugin !== null) {
      // Status leaves a disabled plugin's providers out, so it does not warn about this tier itself.
      problems.add({
        code: "tier_plugin_disabled",
        severity: "warning",
        source: SETTINGS_JSON_KEY,
        message: `Tier ${tier} uses ${model}, but ${trouble.detail}.`,
        recovery: `Enable it with registry.plugins.enable("${trouble.plugin}"), or choose another model with registry.setTier("${tier}", { model, thinking }).`,
        providers: [trouble.providerId],
      });
      enablePlugin(trouble.plugin, `tier ${tier} uses ${model}`);
    } else if (trouble.gone) {
      const fix = settingsFix(text, ["tiers", tier], undefined, `Reset tier ${tier} to its default: remove the saved choice ${model} (${trouble.detail}).`);
      if (fix) fixes.push(fix);
    }
  }

  const roles = isObject(root["roles"]) ? root["roles"] : {};
  for (const [role, ref] of Object.entries(roles)) {
    if (typeof ref !== "string") continue;
    const trouble = savedRefTrouble(ref, snapshot, byId);
    if (!trouble) continue;
    problems.add({
      code: "role_model_unavailable",
      severity: "warning",
      source: SETTINGS_JSON_KEY,
      message: `Role ${role} uses ${ref}, which is not usable right now (${trouble.detail}).`,
      recovery: trouble.plugin !== null ? `Enable it with registry.plugins.enable("${trouble.plugin}"), or choose another model with registry.setRole("${role}", ref).` : `Reconnect the provider, or choose another model with registry.setRole("${role}", ref).`,
      providers: [trouble.providerId],
    });
    if (trouble.plugin !== null) enablePlugin(trouble.plugin, `role ${role} uses ${ref}`);
    else if (trouble.gone) {
      const fix = settingsFix(text, ["roles", role], undefined, `Clear role ${role}: remove the saved choice ${ref} (${trouble.detail}); then choose another with registry.setRole("${role}", ref).`);
      if (fix) fixes.push(fix);
    }
  }
  return fixes;
}
