// End to end: a whole 200-repository train, from the label to the closed tracking issue,
// on the strict simulated GitHub with the production client (pacing, the installation's
// budget) and every limit on, in simulated time. GitHub never has to refuse a request,
// and the train takes little longer than GitHub's limits on its writes allow.
import { describe, expect, it } from "vitest";
import { measureBigTrain } from "../../bench/measure.js";

describe("a 200-repository train within GitHub's limits", () => {
  it("runs to the closed tracking issue with zero rate-limit refusals, the budgets never below zero, within 1.1 times the floor of its writes", {
    timeout: 600_000,
  }, async () => {
    const run = await measureBigTrain(200);
    expect(run.repos).toBe(200);
    expect(run.closed, "the tracking issue closed").toBe(true);
    // No secondary-limit answer, no spent budget: GitHub never refused a request.
    expect(run.secondaryLimitHits).toBe(0);
    expect(run.refused).toEqual([]);
    expect(run.rateLimited).toBe(0);
    console.log(
      `train_200: ${run.minutes} simulated minutes (floor ${run.floorMinutes}), ${run.writes} writes, ${run.otherRequests} other requests, ${run.points} GraphQL points`,
    );
    // Spread over the train's hours, the points stay within every hour's budget.
    expect(run.points / Math.max(1, run.minutes / 60)).toBeLessThan(15_000);
    expect(run.floorMinutes).toBeGreaterThan(0);
    expect(run.minutes).toBeLessThanOrEqual(1.1 * run.floorMinutes);
  });
});
