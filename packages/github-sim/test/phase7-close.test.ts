import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };

describe("sim Phase 7 closing: milestone and tracking issue", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let milestone: number;
  let issue: number;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    milestone = sim.seed.milestone("acme/web", "Train 2.0.0");
    issue = sim.seed.issue("acme/web", {
      title: "Release train 2.0.0",
      author: "alice",
      labels: ["release-train"],
      milestone,
    });
  });
  afterEach(async () => {
    await sim.close();
  });

  it("PATCH milestone {state: closed} emits milestone.closed; Issue.milestone shows it", async () => {
    const closed = await octokit.request("PATCH /repos/{owner}/{repo}/milestones/{milestone_number}", {
      ...repo,
      milestone_number: milestone,
      state: "closed",
    });
    expect(closed.data).toMatchObject({
      number: milestone,
      state: "closed",
      closed_at: expect.any(String),
      open_issues: 1,
    });
    await sim.settle();
    expect(sim.deliveries.names()).toEqual(["milestone.closed"]);
    expect(sim.deliveries.last()!.payload).toMatchObject({
      action: "closed",
      milestone: { number: milestone, state: "closed" },
      sender: { login: "release-train[bot]" },
    });
    // Closing again changes nothing and sends nothing.
    await octokit.rest.issues.updateMilestone({ ...repo, milestone_number: milestone, state: "closed" });
    await sim.settle();
    expect(sim.deliveries.length).toBe(1);

    const data = await octokit.graphql<any>(
      `query($n: Int!) { repository(owner: "acme", name: "web") { issue(number: $n) { state milestone { number state } } } }`,
      { n: issue },
    );
    expect(data.repository.issue).toEqual({ state: "OPEN", milestone: { number: milestone, state: "CLOSED" } });
  });

  it("PATCH issue {state: closed, state_reason: completed} emits issues.closed with the reason", async () => {
    const res = await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...repo,
      issue_number: issue,
      state: "closed",
      state_reason: "completed",
    });
    expect(res.data).toMatchObject({
      state: "closed",
      state_reason: "completed",
      closed_by: { login: "release-train[bot]" },
      milestone: { number: milestone },
    });
    await sim.settle();
    expect(sim.deliveries.names()).toEqual(["issues.closed"]);
    expect(sim.deliveries.last()!.payload).toMatchObject({
      action: "closed",
      issue: { number: issue, state: "closed", state_reason: "completed" },
    });

    const data = await octokit.graphql<any>(
      `query($n: Int!) { repository(owner: "acme", name: "web") { issue(number: $n) { state stateReason closed milestone { number state } } } }`,
      { n: issue },
    );
    expect(data.repository.issue).toEqual({
      state: "CLOSED",
      stateReason: "COMPLETED",
      closed: true,
      milestone: { number: milestone, state: "OPEN" },
    });
  });
});
