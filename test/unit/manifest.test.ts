// The manifest must subscribe to every event the app handles, or GitHub never sends it.
import { readdirSync, readFileSync } from "node:fs";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";

const manifest = yaml.load(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as {
  default_events: string[];
  default_permissions: Record<string, string>;
};
// The handlers live in src/app/ (any depth), composed by src/app.ts.
const appDir = new URL("../../src/app/", import.meta.url);
const files = [
  new URL("../../src/app.ts", import.meta.url),
  ...readdirSync(appDir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => new URL(f, appDir)),
];
const source = files.map((f) => readFileSync(f, "utf8")).join("\n");
/** Event names in `app.on(...)` calls ("issues", "milestone.created" → "milestone"). */
const handled = [...source.matchAll(/app\.on\(\s*(\[[^\]]*\]|"[^"]+")/g)].flatMap((m) =>
  [...m[1]!.matchAll(/"([a-z_]+)(?:\.[a-z_]+)?"/g)].map((e) => e[1]!),
);
// Delivered to every app without a subscription.
const ALWAYS = new Set(["installation", "installation_repositories"]);

describe("app.yml", () => {
  it("subscribes to every event the app handles, and to nothing it ignores", () => {
    const needed = [...new Set(handled.filter((e) => !ALWAYS.has(e)))].sort();
    expect(needed.length).toBeGreaterThan(8);
    expect([...manifest.default_events].sort()).toEqual(needed);
  });
});
