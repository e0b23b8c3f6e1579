// Bounded reconciles: Phase 1's writes go out in batches, each followed by the tracking
// issue's rendering, so the issue is never more than 60 s of GitHub's time behind what
// was done, and a command posted mid-phase is answered after the batch, not after the
// phase. Measured from the simulated GitHub's request record, with the production client
// pacing every write on the simulated clock.
import { describe, expect, it } from "vitest";
import { measureStaleness } from "../../bench/measure.js";
import { ORCH } from "./helpers.js";

const BATCH = 12;

describe("bounded reconciles", () => {
  it("renders the tracking issue after every batch of writes and answers a command posted mid-phase before the phase is done", {
    timeout: 300_000,
  }, async () => {
    const run = await measureStaleness(40, { batchWrites: BATCH });
    const writes = run.requests.filter((r) => r.kind === "write" && !r.path.endsWith("/access_tokens"));
    const isBody = (r: (typeof writes)[number]) =>
      r.method === "PATCH" && r.path === `/repos/${ORCH}/issues/${run.issue}`;
    const constellation = writes.filter((r) => !r.path.startsWith(`/repos/${ORCH}/`));
    expect(constellation.length).toBeGreaterThanOrEqual(4 * run.repos);

    // Between two renderings of the issue, at most one batch of writes to the constellation.
    let since = 0;
    let most = 0;
    for (const r of writes) {
      if (isBody(r)) since = 0;
      else if (!r.path.startsWith(`/repos/${ORCH}/`)) {
        since += 1;
        most = Math.max(most, since);
      }
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(BATCH);

    // Every write to the constellation is followed by a rendering within 60 s of GitHub's time.
    const bodies = writes.filter(isBody).map((r) => Date.parse(r.at));
    const lag = constellation.map((r) => {
      const at = Date.parse(r.at);
      const next = bodies.find((b) => b >= at);
      return next === undefined ? Infinity : (next - at) / 1000;
    });
    expect(Math.max(...lag)).toBeLessThanOrEqual(60);
    expect(run.maxStalenessS).toBeLessThanOrEqual(60);
    expect(run.measured).toBe(run.repos);

    // The /status posted at the 50th write was answered while Phase 1 still had writes to make.
    expect(run.hintAnsweredAt).not.toBeNull();
    expect(run.hintAnsweredAt!).toBeLessThan(run.phase1EndedAt);
  });
});
