import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The folders of src/ must form a DAG (bottom to top: schema, errors, refs → storage, transport, config → catalog,
// plugins, credentials, discovery → reasoning, status → refresh, calls → registry → node, redis, cli, testing).
// Type-only imports count: a cycle of types still means two areas cannot be understood or moved apart.
// src/index.ts, src/ports.ts and src/clock.ts are root files, not folders: index.ts sits above everything (it
// re-exports the public API) and ports.ts/clock.ts below everything (the effect ports every area receives).

const SRC = path.resolve(__dirname, "../../src");

// Static imports and re-exports (possibly spanning lines), side-effect imports and dynamic imports. Anchored to the
// start of a line so `import … from "./x.js"` inside a JSDoc example (` * import …`) is not read as an import.
const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;

interface Graph {
  /** folder → folder → the file-level imports (`a/x.ts -> b/y.ts`) that make the edge. */
  edges: Map<string, Map<string, string[]>>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The top-level folder of a file under src/, or null for a root file (src/index.ts, src/ports.ts, src/clock.ts). */
function folderOf(file: string): string | null {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length > 1 ? parts[0]! : null;
}

function buildGraph(): Graph {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    if (from === null) continue;
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3]!;
      if (!spec.startsWith(".")) continue;
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, ".ts");
      if (!target.startsWith(SRC + path.sep)) continue;
      const to = folderOf(target);
      if (to === null || to === from) continue;
      const byTarget = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, byTarget);
      const why = byTarget.get(to) ?? [];
      byTarget.set(to, why);
      why.push(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`);
    }
  }
  return { edges };
}

function without(graph: Graph, folder: string): Graph {
  const edges = new Map<string, Map<string, string[]>>();
  for (const [from, targets] of graph.edges) {
    if (from === folder) continue;
    edges.set(from, new Map([...targets].filter(([to]) => to !== folder)));
  }
  return { edges };
}

/** Strongly connected components with more than one folder (Tarjan). */
function cyclicComponents(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...graph.edges.keys()].sort()) if (!index.has(v)) visit(v);
  return components;
}

/** One concrete cycle through `start` inside a component (shortest, by breadth-first search). */
function cycleThrough(graph: Graph, component: string[], start: string): string[] {
  const inside = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.edges.get(v)?.keys() ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** A readable account of every cycle: the folders, one concrete loop per folder, and the imports making each edge. */
function describeCycles(graph: Graph): string {
  const lines: string[] = [];
  for (const component of cyclicComponents(graph)) {
    lines.push(`folder cycle: ${component.join(" <-> ")}`);
    const shown = new Set<string>();
    for (const folder of component) {
      const loop = cycleThrough(graph, component, folder);
      const key = [...loop.slice(0, -1)].sort().join(",") + `|${loop.length}`;
      if (shown.has(key)) continue;
      shown.add(key);
      lines.push(`  ${loop.join(" -> ")}`);
      for (let i = 0; i + 1 < loop.length; i++) {
        for (const why of graph.edges.get(loop[i]!)!.get(loop[i + 1]!)!) lines.push(`    ${why}`);
      }
    }
  }
  return lines.join("\n");
}

describe("folder graph of src/", () => {
  const graph = buildGraph();

  it("reads the folder graph (sanity: known downward edges are seen)", () => {
    expect(graph.edges.get("catalog")?.has("schema")).toBe(true);
    expect(graph.edges.get("node")?.has("registry")).toBe(true);
  });

  it("has no folder cycle (type imports included)", () => {
    expect(describeCycles(graph)).toBe("");
  });

  it("has no folder cycle once registry/ (the facade) is left out", () => {
    expect(describeCycles(without(graph, "registry"))).toBe("");
  });
});
