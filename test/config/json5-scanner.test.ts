import fc from "fast-check";
import { findNodeAtLocation, parseTree, type Node } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { scanJson5 } from "../../src/config/json5-scanner.js";

/** Every value node of a jsonc-parser tree with its path. */
function jsoncNodes(root: Node): Array<{ path: Array<string | number>; offset: number }> {
  const out: Array<{ path: Array<string | number>; offset: number }> = [];
  const stack: Array<{ node: Node; path: Array<string | number> }> = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    out.push({ path, offset: node.offset });
    if (node.type === "object") {
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) stack.push({ node: value, path: [...path, key.value as string] });
      }
    } else if (node.type === "array") {
      (node.children ?? []).forEach((child, i) => stack.push({ node: child, path: [...path, i] }));
    }
  }
  return out;
}

describe("scanJson5", () => {
  it("agrees with jsonc-parser on the location of every value in JSON text", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(0, 2, 4, "\t"), fc.boolean(), (value, indent, crlf) => {
        let text = JSON.stringify(value, null, indent);
        if (crlf) text = text.replace(/\n/g, "\r\n");
        const tree = parseTree(text);
        if (!tree) return;
        const scan = scanJson5(text);
        for (const { path, offset } of jsoncNodes(tree)) {
          // Duplicate keys cannot come out of JSON.stringify, so the path is unambiguous.
          expect(scan.locate(path)?.valueStart).toBe(offset);
          expect(findNodeAtLocation(tree, path)?.offset).toBe(offset);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("locates JSON5-only syntax: unquoted and single-quoted keys, comments, hex, trailing commas", () => {
    const text = "// c\n{ a: 0x1F, 'b c': [1, /* x */ +2,], \"d\": { e: 'f', }, }";
    const scan = scanJson5(text);
    expect(scan.locate(["a"])).toMatchObject({ valueStart: text.indexOf("0x1F"), keyStart: text.indexOf("a:") });
    expect(scan.locate(["b c", 1])?.valueStart).toBe(text.indexOf("+2"));
    expect(scan.locate(["d", "e"])?.valueStart).toBe(text.indexOf("'f'"));
    expect(scan.tokens.filter((t) => t.kind === "trailing-comma")).toHaveLength(3);
    expect(scan.locate(["missing"])).toBeUndefined();
  });

  it("decodes escaped identifiers and reports each duplicate at its own key", () => {
    const text = '{ \\u0061: 1, "a": 2, a: 3 }';
    const scan = scanJson5(text);
    expect(scan.duplicates.map((d) => d.keyStart)).toEqual([text.indexOf('"a"'), text.lastIndexOf("a:")]);
  });

  it("walks 100 000 levels of nesting without recursion", () => {
    const depth = 100_000;
    const scan = scanJson5(`${"[".repeat(depth)}1${"]".repeat(depth)}`);
    expect(scan.nodes.length).toBeGreaterThan(0);
    expect(scan.locate([0])?.valueStart).toBe(1);
  });
});
