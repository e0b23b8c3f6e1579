// `npm run demo` is what a new user runs first: it must reach the end on the simulated GitHub.
import { afterEach, describe, expect, it, vi } from "vitest";
import { runDemo } from "../../src/demo/run.js";

afterEach(() => vi.restoreAllMocks());

function capture(): () => string {
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  return () => lines.join("\n");
}

describe("npm run demo", () => {
  it("runs the train through Phase 6 and ends with a resync that writes nothing", async () => {
    const output = capture();
    expect(await runDemo(["--quiet"])).toBe(0);
    const text = output();
    expect(text).toContain("- [x] **6.2** Monitor error rates and performance — Observability Team · ✅ — 30 min bake window passed");
    expect(text).toContain("### Phase 6: Post-Deployment Verification ✅ — 4/4 ✅");
    expect(text).toMatch(/A resync right after: \d+ reads, 0 writes/);
  }, 120_000);

  it("--fail <repo> shows the automatic rollback", async () => {
    const output = capture();
    expect(await runDemo(["--quiet", "--fail", "blackroad-os-api"])).toBe(0);
    const text = output();
    expect(text).toContain("**↩️ Rolled back (immediate): the canary deployment of blackroad-os-api to production failed**");
    expect(text).toContain("blackroad-os-api → v1.5.0");
  }, 120_000);

  it("--fail with an unknown repository says which ones exist", async () => {
    const output = capture();
    expect(await runDemo(["--fail", "blackroad-os-nope"])).toBe(2);
    expect(output()).toContain('--fail: unknown repository "blackroad-os-nope". One of: blackroad-os-infra,');
  });
});
