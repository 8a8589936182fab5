import * as z from "zod";
import type { ProviderSummary } from "../catalog/resolved-model.js";
import type { CredentialSummary } from "../credentials/credential-summary.js";
import { isRegistryError, RegistryError } from "../errors/registry-error.js";
import type { Registry } from "../registry/registry.js";
import { Secret } from "../schema/secret.js";
import type { CommandContext } from "./command.js";
import { fitTable, wrapText } from "./fit-table.js";
import { visibleLength } from "./text-style.js";
import { UsageError } from "./usage-error.js";

/**
 * Read a key or token the way every `model-registry` command does: from stdin when stdin is not a terminal (one
 * trailing newline trimmed), else by a hidden prompt. Never from the command line, never echoed, and wrapped in a
 * `Secret` at once. Empty input is a usage error whose recovery shows how to pass it.
 *
 * @example
 * ```ts
 * const key = await readSecret(ctx, { what: "API key", provider: "openai", command: "auth set-key openai" });
 * await ctx.registry().setApiKey("openai", key);
 * ```
 */
export async function readSecret(
  ctx: CommandContext,
  input: { what: "API key" | "token"; provider: string; command: string; fromStdin?: boolean; optional?: boolean },
): Promise<Secret | null> {
  const fromStdin = input.fromStdin ?? !ctx.io.stdin.isTTY;
  let text: string;
  if (fromStdin) {
    text = await ctx.io.stdin.readAll();
    if (text.endsWith("\r\n")) text = text.slice(0, -2);
    else if (text.endsWith("\n")) text = text.slice(0, -1);
  } else {
    const suffix = input.optional ? " (Enter for none)" : "";
    text = await ctx.io.prompt.hidden(`${input.what} for ${input.provider}${suffix} (hidden): `);
  }
  if (/[\r\n]/.test(text)) {
    throw new UsageError({
      message: `Expected the ${input.what} on one line${fromStdin ? " of stdin" : ""}, found several lines (nothing was stored).`,
      recovery: pipeHint(input.command),
    });
  }
  if (text.trim() === "") {
    if (input.optional) return null;
    throw new UsageError({
      message: `Expected the ${input.what} ${fromStdin ? "on stdin" : "at the prompt"}, found nothing (nothing was stored).`,
      recovery: pipeHint(input.command),
    });
  }
  return new Secret(text.trim());
}

/**
 * How to pass a key without putting it on the command line.
 *
 * @example
 * ```ts
 * pipeHint("auth set-key openai"); // 'Pipe it: printf %s "$KEY" | model-registry auth set-key openai, or run …'
 * ```
 */
export function pipeHint(command: string): string {
  return `Pipe it: \`printf %s "$KEY" | model-registry ${command}\`, or run it on a terminal for a hidden prompt.`;
}

/**
 * Whether a command-line word looks like a key rather than an id: long, or with a known key prefix. Such words are
 * never echoed back (a key typed where the provider id goes must not land in an error message).
 *
 * @example
 * ```ts
 * looksLikeSecret("sk-proj-abc123…"); // true
 * looksLikeSecret("openai"); // false
 * ```
 */
export function looksLikeSecret(word: string): boolean {
  if (/^(sk-|sk_|pk-|rk-|gsk_|hf_|xai-|AIza|ghp_|gho_|github_pat_|glpat-|eyJ)/.test(word)) return true;
  return word.length >= 32 && /^[A-Za-z0-9_.-]+$/.test(word) && /\d/.test(word) && /[A-Za-z]/.test(word);
}

/**
 * The provider a command names, by id or alias (canonical id back), with its summary. An unknown id throws the
 * registry's `unknown_provider` error with did-you-mean suggestions; a word that looks like a key is refused without
 * being repeated.
 *
 * @example
 * ```ts
 * const { id, summary } = await resolveProvider(ctx.registry(), "OpenAI", "auth set-key"); // id "openai"
 * ```
 */
export async function resolveProvider(registry: Registry, raw: string, command: string): Promise<{ id: string; summary: ProviderSummary | null }> {
  if (looksLikeSecret(raw)) {
    throw new UsageError({
      message: `Expected a provider id after "${command}", found something that looks like a key (not repeated here, nothing was stored).`,
      recovery: `Name the provider and give the key on stdin or at the hidden prompt. ${pipeHint(`${command} openai`)}`,
    });
  }
  const wanted = raw.trim().toLowerCase();
  const providers = await registry.listProviders();
  const summary = providers.find((p) => p.id === wanted) ?? providers.find((p) => p.aliases.some((a) => a.toLowerCase() === wanted));
  if (summary) return { id: summary.id, summary };
  // Not listed (a disabled plugin's provider, one only a saved credential names) or unknown: the status filter knows
  // every id and throws `unknown_provider` with did-you-mean for the rest.
  const [report] = await registry.getStatus({ providers: [raw] });
  return { id: report?.providerId ?? wanted, summary: null };
}

/**
 * A credential's state in words: ok, disabled, cooling down, expired.
 *
 * @example
 * ```ts
 * const dim = CredentialStateSchema.parse(row.state) !== "ok";
 * ```
 */
export const CredentialStateSchema = z.enum(["ok", "disabled", "cooling down", "expired"]);

/**
 * One credential as the CLI prints it (`--json`): masked value only.
 *
 * @example
 * ```ts
 * CredentialRowSchema.parse(credentialRow(summary));
 * ```
 */
export const CredentialRowSchema = z.object({
  id: z.string(),
  provider: z.string(),
  label: z.string(),
  type: z.enum(["apiKey", "token", "oauth"]),
  /** `stored`, `env:<VAR>` or `models.json`. */
  source: z.string(),
  masked: z.string(),
  state: CredentialStateSchema,
  /** Why it is disabled or cooling down, when it is; until when (epoch ms). */
  reason: z.string().nullable(),
  until: z.number().nullable(),
  expiresAt: z.number().nullable(),
  removable: z.boolean(),
});

/**
 * A credential row of the CLI.
 *
 * @example
 * ```ts
 * const row: CredentialRow = credentialRow(await registry.setApiKey("openai", key));
 * ```
 */
export type CredentialRow = z.infer<typeof CredentialRowSchema>;

/**
 * A registry credential summary as a CLI row.
 *
 * @example
 * ```ts
 * const rows = (await registry.listCredentials()).map(credentialRow);
 * ```
 */
export function credentialRow(c: CredentialSummary): CredentialRow {
  const s = c.status;
  const state = s.kind === "active" ? "ok" : s.kind === "cooling_down" ? "cooling down" : s.kind === "disabled" ? "disabled" : "expired";
  const reason = s.kind === "cooling_down" || s.kind === "disabled" || s.kind === "broken_expired" ? s.reason : s.kind === "expired" ? (s.refreshable ? "refreshed on next use" : "sign in again") : null;
  return {
    id: c.id,
    provider: c.providerId,
    label: c.label,
    type: c.type,
    source: c.source,
    masked: c.masked,
    state,
    reason,
    until: s.kind === "cooling_down" ? s.until : null,
    expiresAt: c.expiresAt,
    removable: c.removable,
  };
}

const TYPE_WORDS: Record<CredentialRow["type"], string> = { apiKey: "API key", token: "token", oauth: "sign-in" };

/**
 * Credentials as a table that fits the screen: provider, id/label, type, source, masked value, state.
 *
 * @example
 * ```ts
 * ctx.io.stdout.write(credentialTable(rows, ctx));
 * ```
 */
export function credentialTable(rows: readonly CredentialRow[], ctx: Pick<CommandContext, "columns" | "style">): string {
  const { style } = ctx;
  const stateText = (r: CredentialRow) => (r.state === "ok" ? style.green("ok") : r.state === "expired" ? style.red(r.state) : style.yellow(r.state));
  const table = fitTable(
    [
      ["PROVIDER", "ID / LABEL", "TYPE", "SOURCE", "VALUE", "STATE"],
      ...rows.map((r) => [r.provider, idOrLabel(r), TYPE_WORDS[r.type], r.source, r.masked, stateText(r)]),
    ],
    { columns: ctx.columns, shrink: [1, 3, 0] },
  );
  if (table.split("\n").every((line) => visibleLength(line) <= ctx.columns)) return table;
  // Too narrow for six columns even cut down: one credential per block instead.
  const lines = rows.flatMap((r) => [
    ...wrapText(`${r.provider} ${idOrLabel(r)}`, ctx.columns, "  "),
    ...wrapText(`  ${TYPE_WORDS[r.type]}, ${r.source}, ${r.masked}, ${stateText(r)}`, ctx.columns, "    "),
  ]);
  return `${lines.join("\n")}\n`;
}

/** `openai:work` reads better as `work` beside its provider; env and models.json ids stay whole. */
function idOrLabel(r: CredentialRow): string {
  const short = r.id.startsWith(`${r.provider}:`) ? r.id.slice(r.provider.length + 1) : r.id;
  const slug = r.label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return r.source === "stored" && short !== slug && r.label !== "" ? `${short} (${r.label})` : short;
}

/**
 * One line for a credential just stored: `Stored openai:default — API key …9876 (ok).`
 *
 * @example
 * ```ts
 * text = storedLine(credentialRow(summary));
 * ```
 */
export function storedLine(r: CredentialRow): string {
  return `Stored ${r.id}: ${TYPE_WORDS[r.type]} ${r.masked}${r.state === "ok" ? "" : ` (${r.state})`}.`;
}

/**
 * `auth set-key` and `auth paste-token`: check the command line (one argument only — a second one is a key typed on
 * the command line, refused without being repeated or stored), resolve the provider and `--method`, read the secret
 * from stdin or a hidden prompt, store it, and answer with its masked row.
 *
 * @example
 * ```ts
 * run: (ctx, input) => storeSecretCommand(ctx, input, "apiKey"),
 * ```
 */
export async function storeSecretCommand(
  ctx: CommandContext,
  input: { args: string[]; options: Record<string, string | boolean | undefined> },
  kind: "apiKey" | "token",
): Promise<{ exitCode: 0; json: CredentialRow; text: string }> {
  const command = kind === "apiKey" ? "auth set-key" : "auth paste-token";
  const what = kind === "apiKey" ? "API key" : "token";
  const raw = input.args[0]!;
  if (input.args.length > 1) {
    const provider = looksLikeSecret(raw) ? "<provider>" : raw;
    throw new UsageError({
      message: `Expected only the provider after "${command}", found ${input.args.length - 1} more argument${input.args.length > 2 ? "s" : ""}: an ${what} is never taken from the command line (shell history, process list). Nothing was stored.`,
      recovery: pipeHint(`${command} ${provider}`),
    });
  }
  const registry = ctx.registry();
  const { id, summary } = await resolveProvider(registry, raw, command);
  const label = typeof input.options["label"] === "string" ? input.options["label"] : undefined;
  let method = typeof input.options["method"] === "string" ? input.options["method"] : undefined;
  if (summary !== null) {
    const storable = summary.methods.filter((m) => m.kind !== "oauth");
    const ids = storable.map((m) => m.id).join(", ") || "(none)";
    const found = method === undefined ? undefined : summary.methods.find((m) => m.id === method);
    if (method !== undefined && found === undefined) {
      throw new UsageError({ message: `Expected --method to be a setup method of "${id}" (${ids}), found "${method}".`, recovery: `model-registry ${command} ${id} --method ${storable[0]?.id ?? "<id>"}` });
    }
    if (found?.kind === "oauth") {
      throw new UsageError({
        message: `Expected a key or token method of "${id}" (${ids}), found "${found.id}", a sign-in.`,
        recovery: `Sign in with model-registry auth login ${id}.`,
      });
    }
    if (method === undefined && kind === "token") {
      const tokens = summary.methods.filter((m) => m.kind === "token");
      if (tokens.length === 1) method = tokens[0]!.id;
    }
  }
  const secret = await readSecret(ctx, { what, provider: id, command: `${command} ${id}` });
  const options = { ...(label !== undefined ? { label } : {}), ...(method !== undefined ? { method } : {}) };
  const stored = kind === "apiKey" ? await registry.setApiKey(id, secret!, options) : await registry.setToken(id, secret!, options);
  const row = credentialRow(stored);
  const lines = [storedLine(row), ...wrapText(`Check it with: model-registry status --check --provider ${id}`, ctx.columns, "  ")];
  return { exitCode: 0, json: row, text: `${lines.join("\n")}\n` };
}

/**
 * `registry.loginOAuth()`, with the CLI's explanation when no OAuth flow is registered (the CLI registers none): a
 * sign-in needs an app that registers the flow, or use the key/token commands the provider takes.
 *
 * @example
 * ```ts
 * const summary = await loginWithHint(registry, "openai-codex", methods, { label: "work" });
 * ```
 */
export async function loginWithHint(
  registry: Registry,
  id: string,
  methods: ReadonlyArray<{ kind: string }>,
  options: { label?: string; method?: string },
): Promise<CredentialSummary> {
  try {
    return await registry.loginOAuth(id, options);
  } catch (error) {
    if (!isRegistryError(error) || error.code !== "oauth_login_unavailable") throw error;
    const instead = [
      ...(methods.some((m) => m.kind === "apiKey") ? [`model-registry auth set-key ${id}`] : []),
      ...(methods.some((m) => m.kind === "token") ? [`model-registry auth paste-token ${id}`] : []),
    ];
    throw new RegistryError({
      code: "oauth_login_unavailable",
      message: `Signing in to "${id}" needs an app that registers its OAuth flow (registerOAuthProvider); model-registry registers none, and none is registered here.`,
      recovery:
        instead.length > 0
          ? `Sign in from an app that registers the flow, or store a key or token instead: ${instead.join(" or ")}.`
          : `Sign in from an app that registers the flow; "${id}" takes no key or token, so auth set-key and auth paste-token do not apply.`,
      cause: error,
    });
  }
}
