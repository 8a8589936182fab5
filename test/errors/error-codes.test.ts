import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { oauthErrorCode } from "../../src/errors/error-codes.js";
import { ERROR_KINDS, OAuthError, ProviderCallError, REGISTRY_ERROR_CODES, RegistryError, type RegistryErrorCode } from "../../src/index.js";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const DOCS = fileURLToPath(new URL("../../docs/errors.md", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The text from `open` (an opening bracket) to its matching close, skipping strings, templates and comments. */
function balanced(text: string, open: number): string {
  const closeOf: Record<string, string> = { "(": ")", "{": "}", "[": "]" };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === "`") {
      // Template holes may hold brackets of their own; a crude skip is enough for the code expressions scanned here.
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if (c === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i) + 1;
    } else if (c in closeOf) {
      stack.push(closeOf[c]!);
    } else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return text.slice(open, i + 1);
    }
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

/** The expression after a top-level `code:` in an object literal `{ … }`, or null when there is none. */
function codeExpression(objectText: string): string | null {
  let depth = 0;
  for (let i = 0; i < objectText.length; i++) {
    const c = objectText[i]!;
    if (c === '"' || c === "'" || c === "`") {
      for (i++; i < objectText.length && objectText[i] !== c; i++) if (objectText[i] === "\\") i++;
    } else if ("({[".includes(c)) depth++;
    else if (")}]".includes(c)) depth--;
    else if (depth === 1 && /^\bcode:\s*/.test(objectText.slice(i)) && !/\w/.test(objectText[i - 1] ?? "")) {
      const start = i + objectText.slice(i).match(/^code:\s*/)![0].length;
      let d = 0;
      for (let j = start; j < objectText.length; j++) {
        const ch = objectText[j]!;
        if (ch === '"' || ch === "'" || ch === "`") {
          for (j++; j < objectText.length && objectText[j] !== ch; j++) if (objectText[j] === "\\") j++;
        } else if ("({[".includes(ch)) d++;
        else if (")}]".includes(ch)) {
          if (d === 0) return objectText.slice(start, j).trim();
          d--;
        } else if (ch === "," && d === 0) return objectText.slice(start, j).trim();
      }
    }
  }
  return null;
}

// Computed codes the scan accepts, each with the codes it can produce. A new computed code fails the test until it
// is added here (or written as literals).
const COMPUTED: Record<string, () => readonly string[]> = {
  // ProviderCallError: a call failure without its own code carries its kind.
  "options.kind": () => ERROR_KINDS,
  kind: () => ERROR_KINDS,
  // calls/call-error.ts: a registry error reported as a call error keeps its own (already listed) code.
  "error.code": () => [],
  // OAuthError: the server's `error` field, mapped by oauthErrorCode.
  "options.code ?? oauthErrorCode(options.oauthError)": () => [
    ...REGISTRY_ERROR_CODES.filter((c) => c.startsWith("oauth_") && oauthErrorCode(c.slice(6)) === c),
    oauthErrorCode(null),
  ],
};

interface Use {
  file: string;
  expression: string;
  codes: string[];
}

/** Every `code` given to an error constructor (`new …Error({ … })`, `super({ … })`) or as a constructor default. */
function codeUses(): Use[] {
  const uses: Use[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const rel = path.relative(SRC, file);
    for (const match of text.matchAll(/\bnew \w*Error\(\s*\{|\bsuper\(\s*\{/g)) {
      const objectText = balanced(text, match.index + match[0].length - 1);
      const expression = codeExpression(objectText);
      if (expression === null) continue;
      uses.push({ file: rel, expression, codes: codesOf(expression, rel) });
    }
    for (const match of text.matchAll(/\boptions\.code \?\? "([a-z_]+)"/g)) uses.push({ file: rel, expression: match[0], codes: [match[1]!] });
  }
  return uses;
}

function codesOf(expression: string, file: string): string[] {
  const whole = COMPUTED[expression];
  if (whole) return [...whole()];
  const codes: string[] = [];
  for (const m of expression.matchAll(/"([^"]*)"|`([^`]*)`/g)) {
    if (m[1] !== undefined) {
      codes.push(m[1]);
      continue;
    }
    // A template literal: each ${…} matches any name part, so it stands for every listed code of that shape.
    const pattern = new RegExp(`^${m[2]!.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[a-z_]+")}$`);
    const matched = REGISTRY_ERROR_CODES.filter((c) => pattern.test(c));
    if (matched.length === 0) throw new Error(`${file}: the template code \`${m[2]}\` matches no listed code`);
    codes.push(...matched);
  }
  // What is left once literals, comparisons and conditions are gone must be a known computed code (e.g. `kind`).
  const rest = expression
    .replace(/"[^"]*"|`[^`]*`/g, "")
    .replace(/[\w.]+\s*(?:===|!==|<|>|<=|>=)\s*[\w.]+/g, "")
    .replace(/[\w.]+(?=\s*\?(?!\?))/g, "");
  for (const name of rest.match(/[\w.]+/g) ?? []) {
    const computed = COMPUTED[name];
    if (!computed) throw new Error(`${file}: cannot read the code expression \`${expression}\`; add it to COMPUTED`);
    codes.push(...computed());
  }
  if (codes.length === 0) throw new Error(`${file}: the code expression \`${expression}\` gives no code`);
  return codes;
}

describe("error codes: one typed list", () => {
  const uses = codeUses();
  const used = new Set(uses.flatMap((u) => u.codes));

  it("finds the error constructors in src/ (the scan is not vacuous)", () => {
    expect(uses.length).toBeGreaterThan(80);
    expect(used).toContain("invalid_argument");
    expect(used).toContain("storage_write_failed"); // from the template storage_${action}_failed
    expect(used).toContain("endpoint_not_found"); // from a ternary
  });

  it("lists every code an error constructor in src/ uses", () => {
    const allowed = new Set<string>([...REGISTRY_ERROR_CODES, ...ERROR_KINDS]);
    const unlisted = uses.flatMap((u) => u.codes.filter((c) => !allowed.has(c)).map((c) => `${u.file}: ${c}`));
    expect(unlisted).toEqual([]);
  });

  it("lists no code that nothing raises (no dead codes)", () => {
    expect(REGISTRY_ERROR_CODES.filter((c) => !used.has(c))).toEqual([]);
  });

  it("has each code once, in snake_case, and none that is also an ErrorKind", () => {
    expect(new Set(REGISTRY_ERROR_CODES).size).toBe(REGISTRY_ERROR_CODES.length);
    for (const code of REGISTRY_ERROR_CODES) expect(code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    expect(REGISTRY_ERROR_CODES.filter((c) => (ERROR_KINDS as readonly string[]).includes(c))).toEqual([]);
  });

  it("documents every code in docs/errors.md", () => {
    const docs = readFileSync(DOCS, "utf8");
    const section = docs.slice(docs.indexOf("\n## Error codes\n"));
    // The first cell of each table row names one or more codes.
    const firstCells = [...section.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]!);
    const documented = new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!)));
    expect(REGISTRY_ERROR_CODES.filter((c) => !documented.has(c))).toEqual([]);
    expect([...documented].filter((c) => !(REGISTRY_ERROR_CODES as readonly string[]).includes(c) && !(ERROR_KINDS as readonly string[]).includes(c))).toEqual([]);
  });

  it("types the constructors with the list", () => {
    // @ts-expect-error an unlisted code is a compile error
    const unlisted = new RegistryError({ code: "not_a_listed_code", message: "x" });
    expect(unlisted.code).toBe("not_a_listed_code");
    const code: RegistryErrorCode = new ProviderCallError({ kind: "rate_limit", message: "x" }).code;
    expect(code).toBe("rate_limit");
  });

  it("maps OAuth server errors to listed codes and anything else to oauth_error", () => {
    expect(new OAuthError({ oauthError: "invalid_grant", message: "x" }).code).toBe("oauth_invalid_grant");
    expect(new OAuthError({ oauthError: "vendor_specific", message: "x" }).code).toBe("oauth_error");
    expect(new OAuthError({ message: "x" }).code).toBe("oauth_error");
    expect(new OAuthError({ code: "oauth_no_code", oauthError: "access_denied", message: "x" }).code).toBe("oauth_no_code");
  });
});
