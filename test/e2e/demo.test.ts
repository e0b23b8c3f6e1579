// `npm run demo` is what a new user runs first: it must reach the end on the simulated GitHub.
import { afterEach, describe, expect, it, vi } from "vitest";
import { runDemo } from "../../src/demo/run.js";
import { summarySchema } from "../../src/train/summary.js";

afterEach(() => vi.restoreAllMocks());

function capture(): () => string {
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  return () => lines.join("\n");
}

describe("npm run demo", () => {
  it("runs a whole train to the closed tracking issue, prints status/summary.json, and ends with a resync that writes nothing", async () => {
    const output = capture();
    expect(await runDemo([])).toBe(0);
    const text = output();
    expect(text).toContain("- [x] **6.2** Monitor error rates and performance — Observability Team — 30 min bake window passed");
    expect(text).toMatch(/<details><summary><b>Phase 7: Release Finalization<\/b> — done in \d+ min<\/summary>/);
    expect(text).toMatch(/- \[x\] \*\*7\.7\*\* Conduct release retrospective — 👤 Orchestration Team — #\d+ closed/);
    expect(text).toContain("**🎉 Released v2.0.0 — train complete**");
    expect(text).toContain("▶ status/summary.json in blackroad-os/release-train");
    expect(text).toContain("🏁 The release train v2.0.0 is complete");
    expect(text).toMatch(/A resync right after: \d+ reads, 0 writes/);
  }, 120_000);

  it("--json prints only status/summary.json, valid against its schema", async () => {
    const output = capture();
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    expect(await runDemo(["--json"])).toBe(0);
    expect(output()).toBe("");
    const summary = summarySchema.parse(JSON.parse(written.join("")));
    expect(summary.repos).toHaveLength(11);
    expect(summary.train.tag).toBe("v2.0.0");
    // The closed train's record is complete, and its phases took time on the demo's clock.
    expect(summary.complete).toBe(true);
    expect(summary.phases.map((p) => p.finishedAt).filter((t) => t === null)).toEqual([]);
    expect(summary.phases.find((p) => p.phase === 2)?.minutes).toBeGreaterThan(0);
    expect(summary.phases.find((p) => p.phase === 4)?.minutes).toBeGreaterThan(0);
  }, 120_000);

  it("--fail <repo> shows the automatic rollback, and a resync after it writes nothing", async () => {
    const output = capture();
    expect(await runDemo(["--fail", "blackroad-os-api"])).toBe(0);
    const text = output();
    expect(text).toContain("**↩️ Rolled back (immediate): the canary deployment of blackroad-os-api to production failed**");
    expect(text).toContain("blackroad-os-api → v1.5.0");
    expect(text).toMatch(/A resync right after: \d+ reads, 0 writes \(nothing changed, so nothing is written\)\.$/);
  }, 120_000);

  it("--fail with an unknown repository says which ones exist", async () => {
    const output = capture();
    expect(await runDemo(["--fail", "blackroad-os-nope"])).toBe(2);
    expect(output()).toContain('--fail: unknown repository "blackroad-os-nope". One of: blackroad-os-infra,');
  });
});
