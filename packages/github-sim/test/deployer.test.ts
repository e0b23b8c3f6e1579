import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { receiver, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };

describe("sim deployer", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let hook: Awaited<ReturnType<typeof receiver>>;

  beforeEach(async () => {
    hook = await receiver();
    ({ sim, octokit } = await setup({ webhookUrl: hook.url, webhookSecret: "s" }));
  });
  afterEach(async () => {
    await sim.close();
    await hook.close();
  });

  async function deploy(environment: string, task = "deploy"): Promise<number> {
    const d = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: "main",
      environment,
      task,
      required_contexts: [],
      auto_merge: false,
    });
    return (d.data as { id: number }).id;
  }

  const states = (id: number) =>
    sim.store
      .requireRepo("acme/web")
      .deployments.find((d) => d.id === id)!
      .statuses.map((s) => s.state);
  const events = () =>
    hook.received.map((r) => {
      const p = JSON.parse(r.body) as { action: string; deployment_status?: { state: string } };
      return `${String(r.headers["x-github-event"])}.${p.action}${p.deployment_status ? `:${p.deployment_status.state}` : ""}`;
    });

  it("is disabled by default: a deployment stays without status", async () => {
    const id = await deploy("staging");
    await sim.settle();
    expect(sim.deployer.enabled).toBe(false);
    expect(states(id)).toEqual([]);
    expect(events()).toEqual(["deployment.created"]);
    expect(sim.deployer.finished).toEqual([]);
  });

  it("writes in_progress then success, delivering deployment_status webhooks as github-actions[bot]", async () => {
    sim.deployer.enable();
    const id = await deploy("staging");
    await sim.settle();
    expect(events()).toEqual([
      "deployment.created",
      "deployment_status.created:in_progress",
      "deployment_status.created:success",
    ]);
    const [, progress, success] = hook.received.map((r) => JSON.parse(r.body) as any);
    const sha = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
    expect(progress.sender).toMatchObject({ login: "github-actions[bot]", type: "Bot" });
    expect(progress.deployment_status).toMatchObject({
      state: "in_progress",
      creator: { login: "github-actions[bot]" },
    });
    expect(success.deployment_status).toMatchObject({
      state: "success",
      description: `Deployed web@${sha.slice(0, 7)} to staging`,
      environment_url: "https://staging.web.example.com",
      log_url: expect.stringContaining("/acme/web/actions/runs/"),
    });
    expect(success.deployment).toMatchObject({ id, environment: "staging" });
    expect(sim.deployer.finished).toEqual([
      { repo: "acme/web", id, environment: "staging", task: "deploy", sha, state: "success" },
    ]);
    const rest = await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id });
    expect(rest.data.map((s) => s.state)).toEqual(["success", "in_progress"]);
  });

  it("fails deployments of a broken repo, honouring environment and task filters, until fixed", async () => {
    sim.deployer.enable({ delayMs: 5, actor: "deploy-bot[bot]" });
    sim.deployer.breakRepo("web", { environment: "production" });
    sim.deployer.breakRepo("acme/web", { task: "deploy:migrations" });
    const staging = await deploy("staging");
    const prod = await deploy("production");
    const migrate = await deploy("staging", "deploy:migrations");
    await sim.settle();
    expect(states(staging)).toEqual(["in_progress", "success"]);
    expect(states(prod)).toEqual(["in_progress", "failure"]);
    expect(states(migrate)).toEqual(["in_progress", "failure"]);
    const failed = sim.deliveries
      .list({ event: "deployment_status" })
      .map((d) => d.payload as any)
      .find((p) => p.deployment_status.state === "failure");
    expect(failed.deployment_status).toMatchObject({
      description: "Deployment failed",
      environment_url: "",
      creator: { login: "deploy-bot[bot]", type: "Bot" },
    });

    sim.deployer.fixRepo("acme/web");
    const again = sim
      .as("alice")
      .createDeployment("acme/web", { ref: "main", environment: "production", required_contexts: [] });
    await sim.settle();
    expect(states(again)).toEqual(["in_progress", "success"]);
    expect(sim.deployer.finished.map((f) => `${f.environment}/${f.task}:${f.state}`)).toEqual([
      "staging/deploy:success",
      "production/deploy:failure",
      "staging/deploy:migrations:failure",
      "production/deploy:success",
    ]);
  });

  it("ignores seeded deployments and stops on disable()", async () => {
    sim.deployer.enable({ delayMs: 5 });
    const seeded = sim.seed.deployment("acme/web", { ref: "main", environment: "staging" });
    await sim.settle();
    expect(states(seeded)).toEqual([]);
    sim.deployer.disable();
    const id = await deploy("staging");
    await sim.settle();
    expect(states(id)).toEqual([]);
  });

  it("makes settle() wait for pending deployer work", async () => {
    sim.deployer.enable({ delayMs: 120 });
    const id = await deploy("production");
    await sim.settle({ quietMs: 5 });
    expect(states(id)).toEqual(["in_progress", "success"]);
    expect(sim.deliveries.names()).toEqual([
      "deployment.created",
      "deployment_status.created",
      "deployment_status.created",
    ]);
  });

  it("cancels pending deployer timers on close()", async () => {
    // The deployer's timers on simulated time: the test moves well past when its statuses were due.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      sim.deployer.enable({ delayMs: 40 });
      const id = sim
        .as("cd-bot")
        .createDeployment("acme/web", { ref: "main", environment: "staging", required_contexts: [] });
      expect(sim.deployer.idle()).toBe(false);
      await sim.close();
      vi.advanceTimersByTime(10_000);
      expect(states(id)).toEqual([]);
      expect(sim.deployer.finished).toEqual([]);
      expect(sim.deployer.idle()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
