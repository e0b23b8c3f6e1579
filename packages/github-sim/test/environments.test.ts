// Environments with protection rules: a deploy workflow's job that references one waits
// (GitHub's `waiting` status) until a required reviewer approves and the wait timer passed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { expectStatus, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };
const HOUR = 60 * 60_000;

describe("sim environments and pending deployments", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  const states = (id: number) =>
    sim.store
      .requireRepo("acme/web")
      .deployments.find((d) => d.id === id)!
      .statuses.map((s) => s.state);
  const pending = () => sim.store.requireRepo("acme/web").environments.pending;
  const deploy = async () =>
    (
      await octokit.rest.repos.createDeployment({
        ...repo,
        ref: "main",
        environment: "production",
        required_contexts: [],
        auto_merge: false,
      })
    ).data as { id: number };

  beforeEach(async () => {
    ({ sim, octokit } = await setup({ clock: { start: "2026-11-27T09:00:00Z", frozen: true } }));
    sim.seed.team("acme", "release-managers", { maintainers: ["olga"], members: ["omar"] });
    sim.deployer.enable({ delayMs: 1 });
  });
  afterEach(async () => sim.close());

  it("a required reviewer: the job waits, GitHub says who can approve, and it runs once approved", async () => {
    sim.seed.environment("acme/web", "production", { reviewers: [{ team: "release-managers" }] });
    const env = (
      await octokit.request("GET /repos/{owner}/{repo}/environments/{environment_name}", {
        ...repo,
        environment_name: "production",
      })
    ).data;
    expect(env.protection_rules).toEqual([
      expect.objectContaining({
        type: "required_reviewers",
        prevent_self_review: false,
        reviewers: [{ type: "Team", reviewer: expect.objectContaining({ slug: "release-managers" }) }],
      }),
    ]);

    const d = await deploy();
    await sim.settle();
    expect(states(d.id)).toEqual(["waiting"]);
    const [job] = pending();
    const waiting = (
      await octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments", {
        ...repo,
        run_id: job!.runId,
      })
    ).data;
    expect(waiting).toEqual([
      expect.objectContaining({
        environment: expect.objectContaining({ name: "production" }),
        wait_timer: 0,
        wait_timer_started_at: null,
        current_user_can_approve: false,
      }),
    ]);

    // Nothing happens while no one approves: no status, however long.
    sim.clock.advance(24 * HOUR);
    await sim.settle();
    expect(states(d.id)).toEqual(["waiting"]);

    // Someone outside the reviewers (here the app itself) is refused; a team member approves.
    await expectStatus(
      octokit.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments", {
        ...repo,
        run_id: job!.runId,
        environment_ids: [job!.environmentId],
        state: "approved",
        comment: "ship",
      }),
      422,
    );
    expect(() => sim.as("mallory").reviewDeployment("acme/web", d.id, "approved")).toThrow(/not a required reviewer/);
    sim.as("omar").reviewDeployment("acme/web", d.id, "approved", "ship it");
    await sim.settle();
    expect(states(d.id)).toEqual(["waiting", "in_progress", "success"]);
    // The waiting status is GitHub's own: no client may write it.
    await expectStatus(
      octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: d.id, state: "waiting" as "pending" }),
      422,
    );
  });

  it("a wait timer holds the job until it has passed on the simulated clock, even once approved", async () => {
    sim.seed.environment("acme/web", "production", { reviewers: [{ user: "olga" }], waitTimer: 30 });
    const d = await deploy();
    await sim.settle();
    sim.as("olga").reviewDeployment("acme/web", d.id, "approved");
    sim.clock.advance(29 * 60_000);
    await sim.settle();
    expect(states(d.id)).toEqual(["waiting"]);
    sim.clock.advance(60_000);
    await sim.settle();
    expect(states(d.id)).toEqual(["waiting", "in_progress", "success"]);
  });

  it("a rejection fails the job; a job not approved within 30 days fails; self-review is refused where prevented", async () => {
    sim.seed.environment("acme/web", "production", { reviewers: [{ user: "olga" }] });
    const rejected = await deploy();
    await sim.settle();
    sim.as("olga").reviewDeployment("acme/web", rejected.id, "rejected", "not today");
    await sim.settle();
    expect(states(rejected.id)).toEqual(["waiting", "failure"]);
    expect(
      sim.store.requireRepo("acme/web").deployments.find((x) => x.id === rejected.id)!.statuses[1]!.description,
    ).toBe("Rejected by @olga: not today");

    const expired = await deploy();
    await sim.settle();
    sim.clock.advance(30 * 24 * HOUR);
    await sim.settle();
    expect(states(expired.id)).toEqual(["waiting", "failure"]);

    sim.seed.environment("acme/web", "staging", { reviewers: [{ user: "olga" }], preventSelfReview: true });
    const own = sim
      .as("olga")
      .createDeployment("acme/web", { ref: "main", environment: "staging", required_contexts: [] });
    await sim.settle();
    expect(() => sim.as("olga").reviewDeployment("acme/web", own, "approved")).toThrow(/Self-review/);
  });

  it("environments refuse more than six reviewers and a wait timer over 30 days, as GitHub does", async () => {
    const put = (body: Record<string, unknown>) =>
      octokit.request("PUT /repos/{owner}/{repo}/environments/{environment_name}", {
        ...repo,
        environment_name: "production",
        ...body,
      });
    const olga = sim.store.accounts.get("olga")!;
    await expectStatus(put({ wait_timer: 43_201 }), 422);
    await expectStatus(put({ reviewers: Array.from({ length: 7 }, () => ({ type: "User", id: olga.id })) }), 422);
    const ok = (await put({ wait_timer: 43_200, reviewers: [{ type: "User", id: olga.id }] })).data;
    expect((ok.protection_rules ?? []).map((r: { type: string }) => r.type)).toEqual([
      "required_reviewers",
      "wait_timer",
    ]);
  });
});
