// The source stays legible: no file over 300 lines, no function over 60, and no import
// cycle, in the product (src/) and in the simulated GitHub (packages/github-sim/src, its
// schema's SDL text excepted). Type-only imports aside: they vanish when compiled.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const TREES = ["src", "packages/github-sim/src"];
/** GitHub's schema as SDL text: one string, as long as GitHub's schema needs. */
const LONG_TEXT = new Set(["packages/github-sim/src/graphql/schema.ts"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const files = TREES.flatMap((tree) => sourceFiles(join(ROOT, tree))).map((path) => {
  const text = readFileSync(path, "utf8");
  return { path, name: relative(ROOT, path), text, ast: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true) };
});

const lineOf = (ast: ts.SourceFile, pos: number) => ast.getLineAndCharacterOfPosition(pos).line + 1;

function longFunctions(ast: ts.SourceFile, name: string, limit: number): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const lines = lineOf(ast, node.getEnd()) - lineOf(ast, node.getStart()) + 1;
      if (lines > limit) found.push(`${name}:${lineOf(ast, node.getStart())} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return found;
}

/** The modules each file imports at run time (relative specifiers; `import type` left out). */
function runtimeImports(path: string, ast: ts.SourceFile): string[] {
  return ast.statements.flatMap((s) => {
    if (!(ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) || !s.moduleSpecifier) return [];
    if (ts.isImportDeclaration(s) ? s.importClause?.isTypeOnly : s.isTypeOnly) return [];
    const spec = (s.moduleSpecifier as ts.StringLiteral).text;
    return spec.startsWith(".") ? [resolve(dirname(path), spec.replace(/\.js$/, ".ts"))] : [];
  });
}

/** Each cycle once, as the files on it (depth-first search over the import graph). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const walk = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") found.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) walk(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) walk(file);
  return found.map((c) => c.map((f) => relative(ROOT, f)));
}

describe("the source in src/ and packages/github-sim/src", () => {
  it("has no file over 300 lines", () => {
    const long = files.filter((f) => !LONG_TEXT.has(f.name) && f.text.split("\n").length > 301).map((f) => f.name);
    expect(long).toEqual([]);
  });

  it("has no function over 60 lines", () => {
    expect(files.flatMap((f) => longFunctions(f.ast, f.name, 60))).toEqual([]);
  });

  it("has no import cycle", () => {
    const graph = new Map(files.map((f) => [f.path, runtimeImports(f.path, f.ast)]));
    expect(cycles(graph)).toEqual([]);
  });

  it("is what the checks read (they would find a long file, function or cycle)", () => {
    const ast = ts.createSourceFile(
      "x.ts",
      `function f() {\n${"  g();\n".repeat(70)}}\n`,
      ts.ScriptTarget.Latest,
      true,
    );
    expect(longFunctions(ast, "x.ts", 60)).toEqual(["x.ts:1 (72 lines)"]);
    const a = join(ROOT, "a.ts");
    const b = join(ROOT, "b.ts");
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([["a.ts", "b.ts"]]);
    for (const tree of TREES)
      expect(files.filter((f) => f.name.startsWith(`${tree}/`)).length, tree).toBeGreaterThan(50);
  });
});
