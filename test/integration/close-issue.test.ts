// Closing the tracking issue is the last word of a train: executeActions makes it only
// when every write before it in the reconcile went out.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "github-sim";
import { executeActions } from "../../src/github/act.js";
import type { Action } from "../../src/train/model/actions.js";
import type { TrainRef } from "../../src/train/model/observation.js";
import { setup, type Octokit } from "../../packages/github-sim/test/helpers.js";

describe("closing the tracking issue", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let train: TrainRef;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    const issueNumber = sim.seed.issue("acme/web", { title: "Release v1.0.0", labels: [] });
    train = { owner: "acme", repo: "web", issueNumber, installationId: 77 };
  });
  afterEach(async () => sim.close());

  const actions = (): Action[] => [
    { kind: "comment", key: "finished-v1.0.0", body: "🏁 complete" },
    { kind: "closeIssue", number: train.issueNumber },
  ];
  const issue = () => sim.store.requireRepo("acme/web").issues.get(train.issueNumber)!;

  it("follows the comment it goes with", async () => {
    expect(await executeActions(octokit, train, actions())).toEqual({ done: 2, failures: [] });
    expect(issue().state).toBe("closed");
    expect(sim.store.commentsOf(sim.store.requireRepo("acme/web"), train.issueNumber).map((c) => c.body)).toEqual([
      "🏁 complete",
    ]);
  });

  it("waits when a write before it failed: the issue stays open for the next reconcile", async () => {
    sim.faults.add((req) => (req.method === "POST" && req.path.endsWith("/comments") ? "drop-connection" : undefined));
    const result = await executeActions(octokit, train, actions());
    expect(result.done).toBe(0);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatch(/^comment finished-v1\.0\.0: /);
    expect(issue().state).toBe("open");
    expect(sim.requests.list().filter((r) => r.method === "PATCH")).toEqual([]);
  });
});
