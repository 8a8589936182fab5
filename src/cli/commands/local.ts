import * as z from "zod";
import { suggestSimilarIds } from "../../refs/suggest-similar-ids.js";
import { LOCAL_DETECT_PORTS, type DetectablePreset } from "../../status/local-detect.js";
import { getLocalPreset, LOCAL_PRESETS } from "../../status/local-presets.js";
import type { CliCommand } from "../command.js";
import { cliRecovery } from "../cli-recovery.js";
import { fitTable, wrapText } from "../fit-table.js";
import { UsageError } from "../usage-error.js";

const PRESET_IDS = LOCAL_PRESETS.map((p) => p.id);

const PresetsOutput = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    providerId: z.string(),
    baseUrl: z.string().nullable(),
    baseUrlTemplate: z.string().nullable(),
    api: z.string(),
    auth: z.enum(["none", "optional", "required"]),
    notes: z.string(),
  }),
);
const DetectOutput = z.array(z.object({ providerId: z.string(), baseUrl: z.string(), models: z.array(z.looseObject({ id: z.string() })) }));
const AddOutput = z.object({ providerId: z.string(), baseUrl: z.string() });
const TestOutput = z.object({
  providerId: z.string(),
  baseUrl: z.string().nullable(),
  reachable: z.boolean(),
  latencyMs: z.number().nullable(),
  auth: z.enum(["ok", "rejected", "required", "not_required", "unknown"]),
  modelCount: z.number().nullable(),
  serverVersion: z.string().nullable(),
  flavor: z.string().nullable(),
  errorKind: z.string().nullable(),
  message: z.string().nullable(),
  recovery: z.string().nullable(),
});
const ModelsOutput = z.object({ providerId: z.string(), added: z.array(z.string()), updated: z.array(z.string()), notListed: z.array(z.string()), total: z.number() });
const RemoveOutput = z.object({ removed: z.string() });

/**
 * `model-registry local presets`: the local routes (Ollama, LM Studio, vLLM, …) with their default URLs.
 *
 * @example
 * ```ts
 * await runCli(["local", "presets", "--json"], io, [localPresetsCommand]);
 * ```
 */
export const localPresetsCommand: CliCommand = {
  path: ["local", "presets"],
  summary: "local server presets and their default URLs",
  usage: "",
  args: { max: 0 },
  output: PresetsOutput,
  async run(ctx) {
    const presets = await ctx.registry().local.presets();
    const json = presets.map((p) => ({ id: p.id, name: p.name, providerId: p.providerId, baseUrl: p.baseUrl, baseUrlTemplate: p.baseUrlTemplate, api: p.api, auth: p.auth, notes: p.notes }));
    const table = fitTable([["PRESET", "URL", "API"], ...presets.map((p) => [p.id, p.baseUrl ?? p.baseUrlTemplate ?? "", p.api])], { columns: ctx.columns, shrink: [1, 2] });
    const hint = wrapText('Add one with "model-registry local add <preset> [--url U] [--id I]".', ctx.columns, "  ");
    return { exitCode: 0, json, text: `${table}\n${hint.join("\n")}\n` };
  },
};

function parsePorts(text: string | undefined): Partial<Record<DetectablePreset, number>> {
  const ports: Partial<Record<DetectablePreset, number>> = {};
  if (text === undefined) return ports;
  const names = Object.keys(LOCAL_DETECT_PORTS) as DetectablePreset[];
  for (const item of text.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const match = /^([a-z]+)=(\d+)$/.exec(item);
    const name = match?.[1] as DetectablePreset | undefined;
    const port = Number(match?.[2]);
    if (!match || !names.includes(name!)) {
      const near = suggestSimilarIds(item.split("=")[0] ?? item, names, { limit: 1 })[0];
      throw new UsageError({
        message: `Expected --port <server>=<port> with a server of ${names.join(", ")}, found "${item}".`,
        recovery: `model-registry local detect --port ${near ?? "ollama"}=${near ? LOCAL_DETECT_PORTS[near as DetectablePreset] : 11435}`,
      });
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new UsageError({ message: `Expected a port from 1 to 65535 for ${name}, found ${match[2]}.`, recovery: `model-registry local detect --port ${name}=${LOCAL_DETECT_PORTS[name!]}` });
    }
    ports[name!] = port;
  }
  return ports;
}

/**
 * `model-registry local detect [--port ollama=11435]...`: look for local servers on 127.0.0.1 (and `OLLAMA_HOST`).
 *
 * @example
 * ```ts
 * await runCli(["local", "detect", "--port", "vllm=8001"], io, [localDetectCommand]);
 * ```
 */
export const localDetectCommand: CliCommand = {
  path: ["local", "detect"],
  summary: "find local servers (Ollama, LM Studio, vLLM, SGLang, LiteLLM)",
  usage: "[--port <server>=<port>]...",
  args: { max: 0 },
  options: { port: { type: "string", multiple: true, value: "server=port", description: "probe another port, e.g. ollama=11435 (repeatable)" } },
  output: DetectOutput,
  async run(ctx, input) {
    const ports = parsePorts(typeof input.options["port"] === "string" ? input.options["port"] : undefined);
    ctx.progress("Looking for local servers…");
    const found = await ctx.registry().local.detect(Object.keys(ports).length > 0 ? { ports } : {});
    ctx.progress(null);
    const json = found.map((s) => ({ providerId: s.providerId, baseUrl: s.baseUrl, models: s.models.map((m) => ({ ...m })) }));
    if (found.length === 0) {
      const text = wrapText("No local server answered. Start Ollama, LM Studio or another server, then run model-registry local detect again (--port for another port).", ctx.columns, "  ");
      return { exitCode: 0, json, text: `${text.join("\n")}\n` };
    }
    const table = fitTable([["PROVIDER", "URL", "MODELS"], ...found.map((s) => [s.providerId, s.baseUrl, String(s.models.length)])], { columns: ctx.columns, shrink: [1] });
    const hint = wrapText('Their models are offered now. "model-registry local add <preset>" saves a server in models.json.', ctx.columns, "  ");
    return { exitCode: 0, json, text: `${table}\n${hint.join("\n")}\n` };
  },
};

/**
 * `model-registry local add <preset> [--url U] [--id I]`: add a local provider to models.json from a preset.
 *
 * @example
 * ```ts
 * await runCli(["local", "add", "vllm", "--url", "http://gpu-box:8000/v1"], io, [localAddCommand]);
 * ```
 */
export const localAddCommand: CliCommand = {
  path: ["local", "add"],
  summary: "add a local server to models.json from a preset",
  usage: "<preset> [--url U] [--id I]",
  args: { min: 1, max: 1 },
  options: {
    url: { type: "string", value: "U", description: "base URL (default: the preset's)" },
    id: { type: "string", value: "I", description: "provider id in models.json (default: the preset's)" },
  },
  output: AddOutput,
  async run(ctx, input) {
    const name = input.args[0]!;
    const preset = getLocalPreset(name);
    if (!preset) {
      const near = suggestSimilarIds(name, PRESET_IDS, { limit: 1 })[0];
      throw new UsageError({
        message: `Expected a preset (${PRESET_IDS.join(", ")}), found "${name}".`,
        recovery: near ? `Did you mean "model-registry local add ${near}"?` : '"model-registry local presets" lists them.',
      });
    }
    const url = typeof input.options["url"] === "string" ? input.options["url"] : undefined;
    const id = typeof input.options["id"] === "string" ? input.options["id"] : undefined;
    if (url === undefined && preset.baseUrl === null) {
      throw new UsageError({
        message: `Expected --url for the ${preset.name} preset (it has no default), found none.`,
        recovery: `model-registry local add ${preset.id} --url ${preset.baseUrlTemplate ?? "http://host:port/v1"}`,
      });
    }
    const added = await ctx.registry().local.add({ preset: preset.id, ...(url !== undefined ? { baseUrl: url } : {}), ...(id !== undefined ? { id } : {}) });
    const text = [
      ...wrapText(`Added ${added.providerId} (${preset.name}) at ${added.baseUrl} to models.json.`, ctx.columns, "  "),
      ...wrapText(`Next: model-registry local test ${added.providerId}, then model-registry local models ${added.providerId}.`, ctx.columns, "  "),
    ];
    return { exitCode: 0, json: added, text: `${text.join("\n")}\n` };
  },
};

/**
 * `model-registry local test <id>`: reachability, latency, auth and model count of a local provider. Exit 1 when
 * the test failed.
 *
 * @example
 * ```ts
 * await runCli(["local", "test", "ollama"], io, [localTestCommand]);
 * ```
 */
export const localTestCommand: CliCommand = {
  path: ["local", "test"],
  summary: "test a local server: reachable, latency, key, models",
  usage: "<id>",
  args: { min: 1, max: 1 },
  output: TestOutput,
  async run(ctx, input) {
    const id = input.args[0]!;
    ctx.progress(`Testing ${id}…`);
    const t = await ctx.registry().local.test(id);
    ctx.progress(null);
    const ok = t.reachable && t.errorKind === null;
    const auth = { ok: "key accepted", rejected: "key rejected", required: "needs a key", not_required: "no key needed", unknown: "key unknown" }[t.auth];
    const facts = [
      t.reachable ? "reachable" : "not reachable",
      ...(t.modelCount !== null ? [`${t.modelCount} model${t.modelCount === 1 ? "" : "s"}`] : []),
      ...(t.latencyMs !== null ? [`${Math.round(t.latencyMs)} ms`] : []),
      auth,
      ...(t.flavor ? [t.flavor] : []),
      ...(t.serverVersion ? [`version ${t.serverVersion}`] : []),
    ];
    const mark = ok ? ctx.style.green("✓") : ctx.style.red("✗");
    const lines = wrapText(`${mark} ${t.providerId}${t.baseUrl ? ` at ${t.baseUrl}` : ""}: ${facts.join(", ")}`, ctx.columns, "  ");
    if (t.message) lines.push(...wrapText(t.message, ctx.columns - 2, "  ").map((l) => `  ${l}`));
    if (t.recovery) lines.push(...wrapText(`→ ${cliRecovery(t.recovery)}`, ctx.columns - 2, "  ").map((l) => `  ${l}`));
    return { exitCode: ok ? 0 : 1, json: t, text: `${lines.join("\n")}\n` };
  },
};

/**
 * `model-registry local models <id>`: list the server's models and save them into models.json.
 *
 * @example
 * ```ts
 * await runCli(["local", "models", "lmstudio"], io, [localModelsCommand]);
 * ```
 */
export const localModelsCommand: CliCommand = {
  path: ["local", "models"],
  summary: "fetch a local server's models and save them in models.json",
  usage: "<id>",
  args: { min: 1, max: 1 },
  output: ModelsOutput,
  async run(ctx, input) {
    const id = input.args[0]!;
    ctx.progress(`Fetching the models of ${id}…`);
    const r = await ctx.registry().local.fetchModels(id);
    ctx.progress(null);
    const parts = [`${r.added.length} new`, `${r.updated.length} updated`, ...(r.notListed.length > 0 ? [`${r.notListed.length} no longer listed (kept)`] : [])];
    const lines = wrapText(`${r.providerId}: ${r.total} model${r.total === 1 ? "" : "s"} in models.json (${parts.join(", ")}).`, ctx.columns, "  ");
    if (r.added.length > 0) lines.push(...wrapText(`New: ${r.added.join(", ")}`, ctx.columns, "  "));
    if (r.notListed.length > 0) lines.push(...wrapText(`Not listed any more: ${r.notListed.join(", ")}`, ctx.columns, "  "));
    return { exitCode: 0, json: r, text: `${lines.join("\n")}\n` };
  },
};

/**
 * `model-registry local remove <id>`: remove a local provider from models.json.
 *
 * @example
 * ```ts
 * await runCli(["local", "remove", "vllm"], io, [localRemoveCommand]);
 * ```
 */
export const localRemoveCommand: CliCommand = {
  path: ["local", "remove"],
  summary: "remove a local server from models.json",
  usage: "<id>",
  args: { min: 1, max: 1 },
  output: RemoveOutput,
  async run(ctx, input) {
    const id = input.args[0]!;
    await ctx.registry().local.remove(id);
    return { exitCode: 0, json: { removed: id }, text: `${wrapText(`Removed ${id} from models.json.`, ctx.columns, "  ").join("\n")}\n` };
  },
};

/**
 * The `local` commands, in help order.
 *
 * @example
 * ```ts
 * const commands = [...LOCAL_COMMANDS, tiersCommand];
 * ```
 */
export const LOCAL_COMMANDS: readonly CliCommand[] = [localPresetsCommand, localDetectCommand, localAddCommand, localTestCommand, localModelsCommand, localRemoveCommand];
