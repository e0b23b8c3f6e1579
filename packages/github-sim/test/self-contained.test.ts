// The simulator is a package another GitHub App can use: its code reaches nothing outside
// its own folder, and every package it imports is one it declares.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** Every import and re-export specifier of each TypeScript file under `folder`. */
function importsUnder(folder: string): { file: string; specifier: string }[] {
  const files = readdirSync(join(root, folder), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  return files.flatMap((f) => {
    const text = readFileSync(join(root, folder, f), "utf8");
    const specifiers = [
      ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gm),
      ...text.matchAll(/^\s*import\s+"([^"]+)"/gm),
      ...text.matchAll(/\bimport\("([^"]+)"\)/g),
    ];
    return specifiers.map((m) => ({ file: join(folder, f), specifier: m[1]! }));
  });
}

/** The package a bare specifier names ("@scope/name/sub" → "@scope/name"). */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function strays(folder: string, declared: string[]): string[] {
  return importsUnder(folder)
    .filter(({ file, specifier }) => {
      if (specifier.startsWith("node:")) return false;
      if (specifier.startsWith(".")) return relative(root, resolve(root, dirname(file), specifier)).startsWith("..");
      return !declared.includes(packageOf(specifier));
    })
    .map(({ file, specifier }) => `${file}: ${specifier}`);
}

describe("github-sim is self-contained", () => {
  const dependencies = Object.keys(manifest.dependencies ?? {});
  const devDependencies = Object.keys(manifest.devDependencies ?? {});

  it("its sources import only each other, Node's modules and its dependencies", () => {
    expect(importsUnder("src").length).toBeGreaterThan(100);
    expect(strays("src", dependencies)).toEqual([]);
  });

  it("its tests import only the package, Node's modules and its declared (dev) dependencies", () => {
    expect(importsUnder("test").length).toBeGreaterThan(25);
    expect(strays("test", [...dependencies, ...devDependencies])).toEqual([]);
  });
});
