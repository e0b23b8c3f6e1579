// The API-economy bounds the benchmark reports, held as tests.
import { describe, expect, it } from "vitest";
import {
  measureBurst,
  measureDeploy,
  measureEconomy,
  measurePhase1,
  measureTrain,
  type Results,
} from "../../bench/measure.js";

describe("API economy", () => {
  it("a reconcile where nothing changed makes 0 writes and at most ceil(N/25)+1 reads at N = 200, and costs at most 8 points (12 for the resync 10 minutes later, 4 after one check run)", async () => {
    const results: Results = {};
    await measureEconomy(200, results);
    expect(results.noop_writes_n200).toBe(0);
    expect(results.noop_reads_n200).toBeLessThanOrEqual(Math.ceil(200 / 25) + 1);
    // One finished check run: one observation, one re-read and one body write.
    expect(results.one_check_writes_n200).toBe(1);
    expect(results.one_check_reads_n200).toBeLessThanOrEqual(Math.ceil(200 / 25) + 2);
    // In GitHub's points: a fingerprint of every repository; the one repository and the issue; 10 minutes later, caches cold.
    expect(results.noop_points_n200).toBeLessThanOrEqual(8);
    expect(results.one_check_points_n200).toBeLessThanOrEqual(4);
    expect(results.resync_points_n200).toBeLessThanOrEqual(12);
  }, 180_000);

  it("a burst of 1,000 check_run webhooks on one train, delivered while it reconciles, runs exactly 1 more reconcile", async () => {
    const results: Results = {};
    await measureBurst(results);
    expect(results.burst1000_reconciles).toBe(1);
  }, 120_000);

  it("Phase 1 writes the minimum to the constellation: branch, commit, PR and label per repository, and Phase 2 one review request", async () => {
    const run = await measurePhase1(20);
    // Every default branch of the constellation requires an approving review: when Phase 2
    // starts, each release PR's reviewers are asked once.
    expect(run.reviewRequests).toBe(run.repos);
    expect(run.writes).toBe(5 * run.repos);
    // Code scanning is REST only: one read per repository for precondition P4 (default
    // branch head) and one for gate 2.2 (release head), never more.
    expect(run.codeScanningReads).toBe(2 * run.repos);
    // The sign-off request names the leads: at most one members read per sign-off team.
    expect(run.teamReads).toBeLessThanOrEqual(6);
    // Rulesets are REST only too: the default and the release branch once per repository for
    // precondition P9, and the ruleset itself only where a rule could stop the train: here
    // blackroad-os-api's merge queue, once.
    expect(run.rulesReads).toBe(2 * run.repos + 1);
    // Everything else (observations, histories and files, memberships) stays under 2 per repository.
    expect((run.reads - run.codeScanningReads - run.teamReads - run.rulesReads) / run.repos).toBeLessThan(2);
  }, 120_000);

  it("Phases 3–6 create exactly the deployments the playbook needs: staging, canary, production, maintenance on and off", async () => {
    const run = await measureDeploy();
    expect(run.deployments).toBe(run.minimum);
    expect(run.minimum).toBe(2 * 11 + 10 + 2);
  }, 120_000);

  it("a whole 11-repository train writes exactly the minimum its work needs, plus the tracking issue's bookkeeping", async () => {
    const run = await measureTrain();
    expect(run.minimum).toBe(11 * 11 + 10 + 2 + 11);
    expect(run.writes - run.bookkeeping).toBe(run.minimum);
  }, 180_000);
});
