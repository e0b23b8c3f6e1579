// Health, readiness and Prometheus metrics, scraped over HTTP from the app server that
// runs a train against the simulated GitHub.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import { createOpsHandler } from "../../src/ops/http.js";
import { AppMetrics } from "../../src/ops/metrics.js";
import { startAppServer, type RunningAppServer } from "../../src/server.js";
import { startSimulatedGitHub, type SimulatedGitHub } from "github-sim";
import { ORCH, toApproved, toPhase1, validateStaging } from "../e2e/helpers.js";
import { delta, sample, scrape, sum } from "./helpers.js";

let world: DemoWorld | undefined;
const extra: Array<() => Promise<void>> = [];
afterEach(async () => {
  await world?.close();
  world = undefined;
  for (const close of extra.splice(0)) await close();
});

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe("metrics", () => {
  it("count webhooks by event, GitHub requests by kind and status, reconciles, and trains by phase", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3 });
    const before = await scrape(world.server.url);
    expect(sum(before, "release_train_webhooks_received_total")).toBe(0);
    expect(sample(before, "release_train_active_trains", { phase: "preconditions" })).toBe(0);
    const requestsBefore = world.sim.requests.length;
    const deliveriesBefore = world.sim.deliveries.list().length;

    const issue = await toPhase1(world);
    const after = await scrape(world.server.url);

    // Every delivery the app answered is counted once under its event.
    const byEvent = new Map<string, number>();
    for (const d of world.sim.deliveries.list().slice(deliveriesBefore))
      if (d.outcome === "delivered") byEvent.set(d.event, (byEvent.get(d.event) ?? 0) + 1);
    for (const event of ["issues", "issue_comment", "check_run", "pull_request", "create", "push"]) {
      expect(delta(before, after, "release_train_webhooks_received_total", { event }), event).toBe(
        byEvent.get(event) ?? 0,
      );
    }
    expect(byEvent.get("issue_comment")).toBeGreaterThanOrEqual(3); // /check P6, P7, P8 at least
    expect(delta(before, after, "release_train_webhooks_received_total")).toBe(
      [...byEvent.values()].reduce((a, b) => a + b, 0),
    );

    // GitHub requests agree with what the simulated GitHub recorded, kind by kind.
    const recorded = world.sim.requests.list().slice(requestsBefore);
    const writes = recorded.filter((r) => r.kind === "write");
    const reads = recorded.filter((r) => r.kind === "read");
    expect(writes.length).toBeGreaterThanOrEqual(44); // 11 repos × (branch, commit, PR, label) at least
    expect(delta(before, after, "release_train_github_requests_total", { kind: "write" })).toBe(writes.length);
    expect(delta(before, after, "release_train_github_requests_total", { kind: "read" })).toBe(reads.length);
    expect(delta(before, after, "release_train_github_requests_total", { kind: "auth", status: "201" })).toBe(
      recorded.filter((r) => r.kind === "auth").length,
    );
    for (const status of [200, 201]) {
      expect(
        delta(before, after, "release_train_github_requests_total", { kind: "write", status: String(status) }),
        `writes ${status}`,
      ).toBe(writes.filter((r) => r.status === status).length);
    }
    // 11 branches and 11 release PRs created at least.
    expect(
      delta(before, after, "release_train_github_requests_total", { kind: "write", status: "201" }),
    ).toBeGreaterThanOrEqual(22);
    const remaining = sample(after, "release_train_rate_limit_remaining", { resource: "core" });
    expect(remaining).toBeGreaterThan(15_000 - recorded.length - 100);
    expect(remaining).toBeLessThan(15_000);
    expect(sample(after, "release_train_rate_limit_remaining", { resource: "graphql" })).toBeLessThan(15_000);

    // Reconciles: each lane run is one observation of its outcome and its duration.
    const reconciled = delta(before, after, "release_train_reconciles_total", { outcome: "reconciled" });
    expect(reconciled).toBeGreaterThanOrEqual(3);
    expect(reconciled).toBeLessThanOrEqual(world.server.app.lanes.runs.get(`${ORCH}#${issue}`) ?? 0);
    expect(delta(before, after, "release_train_reconciles_total", { outcome: "failed" })).toBe(0);
    expect(sample(after, "release_train_reconcile_duration_seconds_count")).toBe(
      sum(after, "release_train_reconciles_total"),
    );
    expect(sample(after, "release_train_reconcile_duration_seconds_sum")).toBeGreaterThan(0);

    // Phase 1 is done: the train now waits for Phase 2's gates.
    expect(sample(after, "release_train_active_trains", { phase: "2" })).toBe(1);
    expect(sum(after, "release_train_active_trains")).toBe(1);
    expect(sample(after, "release_train_rollbacks_total")).toBe(0);
  });

  it("export each installation's GraphQL points and content-creation budget left, as GitHub and the caps count them", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: "2026-11-27T09:00:00Z" });
    await toPhase1(world);
    const samples = await scrape(world.server.url);
    const installation = String([...world.sim.store.installations.values()][0]!.id);
    const points = world.sim.rateLimiter.take(`installation:${installation}`, "graphql", 0).headers;
    expect(sample(samples, "release_train_graphql_points_left", { installation })).toBe(
      Number(points["x-ratelimit-remaining"]),
    );
    expect(Number(points["x-ratelimit-remaining"])).toBeLessThan(15_000);
    // Writes of the last minute / hour on the simulated clock, as GitHub's caps count them.
    const now = world.sim.clock.ms();
    const writes = world.sim.requests
      .list()
      .filter((r) => r.kind === "write")
      .map((r) => Date.parse(r.at));
    const hour = sample(samples, "release_train_content_creation_left", { installation, window: "hour" });
    expect(hour).toBe(500 - writes.filter((t) => t > now - 3_600_000).length);
    expect(hour).toBeLessThan(500);
    expect(
      sample(samples, "release_train_content_creation_left", { installation, window: "minute" }),
    ).toBeLessThanOrEqual(80);
    expect(sample(samples, "release_train_rate_limited_requests")).toBe(0);
  });

  it("counts a started rollback once and shows the train in the rollback phase", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3 });
    const issue = await toApproved(world);
    await validateStaging(world, issue);
    const before = await scrape(world.server.url);
    expect(sample(before, "release_train_rollbacks_total")).toBe(0);

    world.sim.as("rita").comment(ORCH, issue, "/rollback extended payments data looks corrupted");
    await world.settle();
    await world.server.app.resync();
    await world.settle();
    const after = await scrape(world.server.url);
    expect(sample(after, "release_train_rollbacks_total")).toBe(1);
    expect(sample(after, "release_train_active_trains", { phase: "rollback" })).toBe(1);
    expect(sum(after, "release_train_active_trains")).toBe(1);
  });
});

describe("health and readiness", () => {
  it("/healthz and /readyz answer 200 on a running app, /metrics next to the webhook endpoint", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 1 });
    expect(await getJson(`${world.server.url}/healthz`)).toEqual({ status: 200, body: { status: "ok" } });
    expect(await getJson(`${world.server.url}/readyz`)).toEqual({ status: 200, body: { ready: true } });
    const post = await fetch(`${world.server.url}/metrics`, { method: "POST" });
    expect(post.status).toBe(404);
  });

  it("/readyz is 503 with the reason while the ready callback fails, 200 once it passes", async () => {
    const sim: SimulatedGitHub = await startSimulatedGitHub({ log: () => {} });
    extra.push(() => sim.close());
    let redisUp = false;
    const server: RunningAppServer = await startAppServer({
      baseUrl: sim.url,
      appId: sim.app.id,
      privateKey: sim.app.privateKey!,
      webhookSecret: "s3cret",
      pacing: false,
      logLevel: "fatal",
      ready: async () => {
        if (!redisUp) throw new Error("redis: PING failed (connect ECONNREFUSED 127.0.0.1:6379)");
      },
    });
    extra.unshift(() => server.close());
    expect(await getJson(`${server.url}/readyz`)).toEqual({
      status: 503,
      body: { ready: false, reason: "redis: PING failed (connect ECONNREFUSED 127.0.0.1:6379)" },
    });
    // Liveness does not depend on Redis: restarting the process would not help.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    redisUp = true;
    expect(await getJson(`${server.url}/readyz`)).toEqual({ status: 200, body: { ready: true } });
  });

  it("/readyz is 503 before the app exists, after shutdown starts, and when a check hangs", async () => {
    let reason: string | null = "app not started";
    let check: () => Promise<void> = async () => {};
    const handler = createOpsHandler({
      metrics: new AppMetrics(),
      notReady: () => reason,
      ready: () => check(),
      readyTimeoutMs: 50,
    });
    const server: Server = createServer((req, res) => {
      void handler(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    extra.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    expect(await getJson(`${url}/readyz`)).toEqual({ status: 503, body: { ready: false, reason: "app not started" } });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    reason = null;
    expect(await getJson(`${url}/readyz`)).toEqual({ status: 200, body: { ready: true } });
    check = () => new Promise(() => {});
    expect(await getJson(`${url}/readyz`)).toEqual({
      status: 503,
      body: { ready: false, reason: "ready check timed out" },
    });
    reason = "shutting down";
    expect(await getJson(`${url}/readyz`)).toEqual({ status: 503, body: { ready: false, reason: "shutting down" } });
    expect((await fetch(`${url}/other`)).status).toBe(404);
  });
});
