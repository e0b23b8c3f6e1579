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
  it("runs a whole train to the closed tracking issue: one short block per step, the final issue once, the summary, and a resync that writes nothing", async () => {
    const output = capture();
    const bodies: string[] = [];
    expect(await runDemo([], { onStep: (step) => void bodies.push(step.body) })).toBe(0);
    const text = output();
    const lines = text.split("\n");
    // `npm run demo` prints at most 400 lines, npm's own four-line header included.
    expect(lines.length).toBeLessThanOrEqual(400 - 4);
    // Each step says what the app wrote and what changed on the tracking issue, never the whole body.
    expect(text.match(/^▶ \d+\. /gm)).toHaveLength(10);
    expect(text.match(/^ {2}app: \d+ writes/gm)).toHaveLength(10);
    expect(text).toContain("    ~ Phase 1: Release Preparation: not started → done in 0 min");
    expect(text).toContain("        + - **@bella:** `/signoff backend` — sign-off for backend (2.4)");
    expect(text).toContain(
      "        + - [x] **6.2** Monitor error rates and performance — Observability Team — 30 min bake window passed",
    );
    expect(text).toContain("        graph: 1 running, 10 pending → 11 done");
    // The whole issue is printed once, at the end, folded as GitHub shows it.
    expect(text.match(/^# 🚂 Release train v2\.0\.0$/gm)).toHaveLength(1);
    expect(text).toMatch(/^▸ Phase 7: Release Finalization — done in \d+ min$/m);
    expect(text).toContain("**🎉 Released v2.0.0 — train complete**");
    expect(bodies.at(-1)).toMatch(
      /- \[x\] \*\*7\.7\*\* Conduct release retrospective — 👤 Orchestration Team — #\d+ closed/,
    );
    // The protected constellation: review requests, the merge queue, production's required reviewer.
    expect(text).toContain(
      "release-train asked each team once (11 review requests): blackroad-os-infra#1 → @blackroad-os/infra, blackroad-os-api-gateway#1 → @blackroad-os/backend",
    );
    expect(text).toMatch(
      /▶ blackroad-os\/blackroad-os-api merges through its merge queue: release-train enqueued #1 \(1 enqueuePullRequest\), CI passed the merge group, and the queue merged it at [0-9a-f]{7}$/m,
    );
    // 21 production deployments (a canary for ten repositories, eleven full), each held for Olga's review.
    expect(text).toMatch(
      /▶ production requires a review by @blackroad-os\/release-managers: GitHub held each production deployment and the tracking issue said "blackroad-os-infra: waiting for review by @blackroad-os\/release-managers \(`production` requires it\) since \d\d:\d\d UTC"; Olga approved 21 on GitHub/,
    );
    // Alike lines fold: the phases not started yet, sections whose folded content alone changed, the six sign-offs.
    expect(text).toContain(
      "    + Phase 1: Release Preparation · Phase 2: Validation & Approval · Phase 3: Staging Deployment · Phase 4: Staging Validation · Phase 5: Production Deployment · Phase 6: Post-Deployment Verification · Phase 7: Release Finalization: not started",
    );
    expect(text).toContain("    ~ details changed in: Phase 1: Release Preparation · Branch rules · Release order");
    expect(text).toContain("— @ivan, @bella, @carl, @fran, @pat, @dora  [👍 each]: /signoff");
    expect(text).toMatch(
      /^▶ status\/summary\.json in blackroad-os\/release-train .*\n {2}v2\.0\.0: 11 repositories, \d+ deployments, 6 sign-offs, approval by @olga\n {2}started .*; phases: 1 \d+ min · 2 \d+ min/m,
    );
    expect(text).toContain("🏁 The release train v2.0.0 is complete");
    expect(lines.at(-1)).toMatch(/^▶ A resync right after: \d+ reads, 0 writes/);
  }, 120_000);

  it("--verbose prints the whole tracking issue after every step", async () => {
    const output = capture();
    expect(await runDemo(["--verbose"])).toBe(0);
    const text = output();
    expect(text.match(/^# 🚂 Release train v2\.0\.0$/gm)).toHaveLength(10);
    expect(text).not.toContain("release-train:state");
    expect(text).toContain('"schema": "release-train/summary@1"');
    // Every comment as it is: the leads' sign-offs one by one.
    expect(text).toContain("— @ivan  [👍]: /signoff\n— @bella  [👍]: /signoff");
  }, 120_000);

  it("--json prints only status/summary.json, valid against its schema", async () => {
    const output = capture();
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
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
    expect(text).toContain(
      "**↩️ Rolled back (immediate): the canary deployment of blackroad-os-api to production failed** · rolled back",
    );
    // After the rollback the issue says what to do next.
    expect(text).toContain(
      "- **@blackroad-os/release-managers:** `/abort <reason>` — end this train and lift the code freeze",
    );
    expect(text).toContain(
      "- **Next:** fix the cause on the default branches, then open a new train for the fixed release",
    );
    expect(text).toContain("        graph: 1 running, 10 pending → 5 rolled back, 6 pending");
    expect(text).toContain("blackroad-os-api → v1.5.0");
    expect(text).toMatch(/A resync right after: \d+ reads, 0 writes \(nothing changed, so nothing is written\)\.$/);
  }, 120_000);

  it("--fail with an unknown repository says which ones exist", async () => {
    const output = capture();
    expect(await runDemo(["--fail", "blackroad-os-nope"])).toBe(2);
    expect(output()).toContain('--fail: unknown repository "blackroad-os-nope". One of: blackroad-os-infra,');
  });
});
