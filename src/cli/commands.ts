import { parseModelsJson } from "../config/index.js";
import type { Registry } from "../registry/registry.js";
import { TIERS } from "../reasoning/index.js";

/**
 * Help text for `model-registry --help`.
 *
 * @example
 * ```ts
 * process.stdout.write(USAGE);
 * ```
 */
export const USAGE = `model-registry <command> [options]

Commands:
  providers                 list providers in default order with their setup methods
  models [--provider P]     list models (--usable: only those usable now)
  status [--check]          provider status with problems and recovery steps (--check probes the network)
  explain <provider/model>  every field of a model with its source, and why it is not offered
  tiers                     LOW / MED / HIGH with model, effective thinking level and warnings
  validate <models.json>    parse a models.json file and print its diagnostics (exit 1 on errors)

Options:
  --dir <path>   where models.json, auth.json, settings.json and state.json live (default ~/.model-registry)
  --json         machine-readable output
  -h, --help     this text
`;

/**
 * Options the command runner needs from the command line.
 *
 * @example
 * ```ts
 * const options: CommandOptions = { json: true, check: false, usable: false, provider: undefined, readFile: (p) => readFileSync(p, "utf8") };
 * ```
 */
export interface CommandOptions {
  json: boolean;
  check: boolean;
  usable: boolean;
  provider: string | undefined;
  readFile: (path: string) => string;
}

/**
 * Output of one command: what to print and the exit code (0 ok, 1 problems found, 2 usage).
 *
 * @example
 * ```ts
 * const { output, exitCode }: CommandResult = await runCommand(registry, "status", [], options);
 * ```
 */
export interface CommandResult {
  output: string;
  exitCode: number;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return `${rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n")}\n`;
}

const text = (value: unknown): string => (value === null || value === undefined ? "?" : String(value));

/**
 * Run one CLI command against a registry. Kept free of `process` so it can be tested with an in-memory registry.
 *
 * @example
 * ```ts
 * const { output } = await runCommand(createRegistry(), "providers", [], { json: false, check: false, usable: false, provider: undefined, readFile });
 * ```
 */
export async function runCommand(
  registry: Registry,
  command: string,
  args: string[],
  options: CommandOptions,
): Promise<CommandResult> {
  const done = (value: unknown, human: () => string, exitCode = 0): CommandResult => ({
    output: options.json ? `${JSON.stringify(value, null, 2)}\n` : human(),
    exitCode,
  });
  switch (command) {
    case "providers": {
      const providers = await registry.listProviders();
      return done(providers, () =>
        table([
          ["#", "ID", "NAME", "API", "SETUP"],
          ...providers.map((p) => [
            p.order === null ? "" : String(p.order),
            p.legacy ? `${p.id} (legacy)` : p.id,
            p.name,
            p.api,
            p.setupMethods.join(", "),
          ]),
        ]),
      );
    }
    case "models": {
      const models = await registry.listModels({
        ...(options.provider === undefined ? {} : { provider: options.provider }),
        usableOnly: options.usable,
      });
      return done(models, () =>
        table([
          ["MODEL", "CONTEXT", "MAX OUT", "TOOLS", "REASONING", "OFFERED"],
          ...models.map((m) => [
            m.ref,
            text(m.limits.contextWindow),
            text(m.limits.maxOutputTokens),
            text(m.capabilities.tools),
            text(m.reasoning.supported),
            m.offered ? "yes" : "no",
          ]),
        ]),
      );
    }
    case "status": {
      const reports = await registry.getStatus({ check: options.check });
      const broken = reports.some((r) => r.status.startsWith("broken"));
      return done(
        reports,
        () =>
          reports
            .map((r) => {
              const head = `${r.providerId.padEnd(24)} ${r.status.padEnd(15)} ${r.credentialSource}`;
              return [head, ...r.problems.map((p) => `    ${p.code}: ${p.message}\n      → ${p.recovery}`)].join("\n");
            })
            .join("\n") + "\n",
        broken ? 1 : 0,
      );
    }
    case "explain": {
      const ref = args[0];
      if (!ref) return { output: "explain needs a model ref, e.g. model-registry explain openai/gpt-5\n", exitCode: 2 };
      const explanation = await registry.explain(ref);
      return done(explanation, () => {
        const lines = [`${explanation.ref}${explanation.aliasOf ? ` (alias of ${explanation.aliasOf})` : ""}`];
        lines.push(`  api      ${text(explanation.provider.api.value)}  [${text(explanation.provider.api.source)}]`);
        lines.push(`  baseUrl  ${text(explanation.provider.baseUrl.value)}  [${text(explanation.provider.baseUrl.source)}]`);
        for (const [field, f] of Object.entries(explanation.fields)) {
          lines.push(`  ${field.padEnd(20)} ${JSON.stringify(f.value)}  [${text(f.source)}]`);
        }
        lines.push(explanation.offered ? "  offered: yes" : "  offered: no");
        for (const r of explanation.reasons) lines.push(`    ${r.code}: ${r.message}${r.recovery ? `\n      → ${r.recovery}` : ""}`);
        return `${lines.join("\n")}\n`;
      });
    }
    case "tiers": {
      const tiers = await Promise.all(TIERS.map((tier) => registry.resolveTier(tier)));
      return done(tiers, () =>
        tiers
          .map((t) =>
            [
              `${t.tier.padEnd(5)} ${text(t.model)}  thinking ${t.thinking.effective ?? "?"}${t.thinking.clamped ? ` (asked ${t.thinking.requested})` : ""}  [${t.source}]`,
              ...t.warnings.map((w) => `      ${w.code}: ${w.message}\n        → ${w.recovery}`),
            ].join("\n"),
          )
          .join("\n") + "\n",
      );
    }
    case "validate": {
      const file = args[0];
      if (!file) return { output: "validate needs a file path\n", exitCode: 2 };
      const { config, diagnostics } = parseModelsJson(options.readFile(file));
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      return done(
        { providers: Object.keys(config.providers), diagnostics },
        () =>
          [
            `${Object.keys(config.providers).length} provider(s) loaded: ${Object.keys(config.providers).join(", ") || "none"}`,
            ...diagnostics.map(
              (d) =>
                `${file}:${d.line ?? "?"}:${d.column ?? "?"} ${d.severity} ${d.path.join(".") || "(root)"}: ${d.message}${d.hint ? `\n    hint: ${d.hint}` : ""}`,
            ),
          ].join("\n") + "\n",
        errors > 0 ? 1 : 0,
      );
    }
    default:
      return { output: `Unknown command "${command}".\n\n${USAGE}`, exitCode: 2 };
  }
}
