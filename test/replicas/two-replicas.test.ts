// Two replicas of the app (two webhook servers, two Redis connections) run one train
// against ONE simulated GitHub and ONE real Redis, every webhook delivered to both. They
// must end where a single instance ends, with the same writes (no duplicate branch,
// commit, PR, label, comment, reaction or deployment), and when the replica holding
// the train's lease dies mid-train the other finishes once the lease has run out.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ORCHESTRATION_REPO, ORG } from "../../src/demo/constellation.js";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { toApproved } from "../../src/demo/script.js";
import type { RedisLanes } from "../../src/replicas/redis-lanes.js";
import type { FaultRequest } from "github-sim";
import { trainId } from "../../src/train/model/observation.js";
import { deploymentsOf, releaseState } from "../e2e/helpers.js";
import { useRedis, type TestRedis } from "../helpers/redis.js";
import { isWrite, startReplicaWorld, type Replica, type ReplicaWorld } from "./world.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;
const START = "2025-03-03T09:00:00.000Z";
// Short enough that the survivor's wait for a dead holder's lease keeps the test quick,
// long enough (renewed every 1.7 s, writes refused under 1 s left) that no stall of the machine loses a live lease.
const LEASE_MS = 5_000;

/** Everything the train leaves on GitHub, comparable between runs. */
function outcome(world: DemoWorld, issue: number) {
  const orchestration = world.sim.store.requireRepo(ORCH);
  const writes: Record<string, number> = {};
  for (const w of world.sim.requests.list({ kind: "write" })) {
    // The tracking-issue body is re-rendered as often as reconciles happen to run; every other write creates something.
    if (w.route === "PATCH /repos/{owner}/{repo}/issues/{issue_number}") continue;
    const key = w.graphql ? `graphql ${w.graphql.operationName}` : w.route;
    writes[key] = (writes[key] ?? 0) + 1;
  }
  return {
    writes,
    repos: world.repos.map((r) => releaseState(world, r)),
    comments: world.sim.store
      .commentsOf(orchestration, issue)
      .map((c) => ({ user: c.user, body: c.body, reactions: c.reactions.map((r) => `${r.user}:${r.content}`) })),
    issues: [...orchestration.issues.values()].map((i) => ({
      number: i.number,
      title: i.title,
      labels: i.labels,
      state: i.state,
    })),
    deployments: deploymentsOf(world).map((d) => `${d.repo}|${d.environment}|${d.task}|${d.payload.purpose}|${d.sha}`),
    // The hidden state's signature is keyed by each run's own webhook secret.
    body: withoutTimes(trackingBody(world, issue).replace(/ sig=[0-9a-f]{64} -->/, " sig=… -->")),
    times: timesIn(trackingBody(world, issue)),
    durations: durationsIn(trackingBody(world, issue)),
  };
}

// Every write counts against GitHub's 80 content-creating requests a minute, the
// tracking issue's re-renderings too, and how many of those a run makes depends on how
// its deliveries happened to batch. This train reaches the cap in its first simulated
// minute, so a step may be stamped a minute later in one run than in another: the
// bodies are compared without their times, and the times are bounded separately. So are
// the phases' durations ("done in 1 min"), which are differences of those times.
const TIME = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{3})?)?Z| \d{2}:\d{2} UTC)/g;
const DURATION = /done in (?:(\d+) h )?(\d+) min/g;
function withoutTimes(body: string): string {
  return body.replace(TIME, "<time>").replace(DURATION, "done in <duration>");
}
function durationsIn(body: string): number[] {
  return [...body.matchAll(DURATION)].map(([, hours, minutes]) => Number(hours ?? 0) * 60 + Number(minutes));
}
/** Each phase took what it took in the baseline, give or take the minute a stamp may shift by. */
function expectDurationsNear(actual: number[], baseline: number[]): void {
  expect(actual.length).toBe(baseline.length);
  for (const [i, m] of actual.entries()) {
    expect(Math.abs(m - baseline[i]!), `phase duration ${i}: ${m} against ${baseline[i]} min`).toBeLessThanOrEqual(1);
  }
}
function timesIn(body: string): number[] {
  return (body.match(TIME) ?? []).map((t) => Date.parse(t.replace(" UTC", "Z").replace(" ", "T")));
}
/** Every time in `actual` falls between the train's start and a minute after the baseline's last. */
function expectTimesNear(actual: number[], baseline: number[]): void {
  expect(actual.length).toBe(baseline.length);
  const start = Date.parse(START);
  const latest = Math.max(...baseline) + 60_000;
  for (const t of actual) {
    expect(t).toBeGreaterThanOrEqual(start);
    expect(t).toBeLessThanOrEqual(latest);
  }
}

const testRedis = useRedis();
let redis: TestRedis;
let baseline: ReturnType<typeof outcome>;
let world: ReplicaWorld | undefined;

beforeAll(async () => {
  // One instance, no Redis: the reference run.
  const single = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
  try {
    const issue = await toApproved(single);
    baseline = outcome(single, issue);
  } finally {
    await single.close();
  }
  expect(baseline.writes).toMatchObject({
    "POST /repos/{owner}/{repo}/git/refs": 11,
    "graphql ReleaseCommit": 11,
    "POST /repos/{owner}/{repo}/pulls": 11,
    "POST /repos/{owner}/{repo}/deployments": 11,
  });
}, 120_000);
beforeEach(() => {
  redis = testRedis();
});
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const trainKey = (w: ReplicaWorld) => trainId(w.replicas[0]!.server.app.registry.all()[0]!.ref);
const runs = (r: Replica, key: string) => r.server.app.lanes.runs.get(key) ?? 0;

describe("two replicas on one Redis", () => {
  it("reach final approval exactly like one instance: same state, same writes, every delivery sent to both", async () => {
    world = await startReplicaWorld({ redisUrl: redis.url, frozenAt: START, leaseMs: LEASE_MS });
    const issue = await toApproved(world);
    const actual = outcome(world, issue);
    expect(actual.writes).toEqual(baseline.writes);
    expect(actual.repos).toEqual(baseline.repos);
    expect(actual.comments).toEqual(baseline.comments);
    expect(actual.issues).toEqual(baseline.issues);
    expect(actual.deployments).toEqual(baseline.deployments);
    expect(actual.body).toEqual(baseline.body);
    expectTimesNear(actual.times, baseline.times);
    expectDurationsNear(actual.durations, baseline.durations);
    expect(actual.body).toContain("# 🚂 Release train v2.0.0");

    // Every delivery went to both replicas, each accepting it.
    const urls = world.replicas.map((r) => r.server.webhookUrl).sort();
    const byId = new Map<string, string[]>();
    for (const d of world.sim.deliveries.list()) {
      expect(d.status, `${d.event} ${d.id} to ${d.target}`).toBe(200);
      byId.set(d.id, [...(byId.get(d.id) ?? []), d.target!]);
    }
    expect(byId.size).toBeGreaterThan(50);
    for (const targets of byId.values()) expect(targets.sort()).toEqual(urls);

    // Every reconcile ran under its own lease: one fencing token each, nothing left behind.
    const key = trainKey(world);
    const total = world.replicas.reduce((sum, r) => sum + runs(r, key), 0);
    // Deliveries reach the replicas in turn, so both handle some and both reconcile.
    for (const r of world.replicas) expect(runs(r, key), r.name).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(3);
    expect(Number(await redis.client.get(`release-train:fence:${key}`))).toBe(total);
    expect(await redis.client.keys("release-train:lock:*")).toEqual([]);
    expect(await redis.client.keys("release-train:pending:*")).toEqual([]);
    // The ids of the deliveries the app handles are recorded (once each: they are keys).
    const recorded = (await redis.client.keys("release-train:delivery:*")).map((k) =>
      k.slice("release-train:delivery:".length),
    );
    for (const id of recorded) expect(byId.has(id)).toBe(true);
    const handled = world.sim.deliveries
      .list()
      .filter((d) =>
        ["issues", "issue_comment", "check_run", "pull_request", "push", "create", "deployment_status"].includes(
          d.event,
        ),
      );
    expect(handled.length).toBeGreaterThan(50);
    for (const d of handled) expect(recorded).toContain(d.id);
  }, 120_000);

  it("when the replica holding the train dies after a write, the other finishes once the lease has run out", async () => {
    world = await startReplicaWorld({ redisUrl: redis.url, frozenAt: START, leaseMs: LEASE_MS });
    const w = world;
    let branches = 0;
    let victim: Replica | undefined;
    let holders = 0;
    let crashedAt = 0;
    let leaseLeft: Promise<number> | undefined;
    let lateWrites = 0;
    const writesAfter: Array<{ at: number; token: string }> = [];
    w.sim.faults.add((req: FaultRequest) => {
      if (!isWrite(req)) return undefined;
      if (victim) {
        if (req.headers.authorization === victim.token) lateWrites += 1;
        else writesAfter.push({ at: Date.now(), token: String(req.headers.authorization) });
        return undefined;
      }
      // After the third release branch (its create and push webhooks still to come), the holder dies.
      if (req.route === "POST /repos/{owner}/{repo}/git/refs" && ++branches === 3) {
        const key = trainKey(w);
        holders = w.replicas.filter((r) => (r.server.app.lanes as RedisLanes).holds(key)).length;
        victim = w.holderOf(key);
        if (victim) {
          w.crash(victim, req);
          crashedAt = Date.now();
          // What is left of the dead holder's lease, read after the crash: it runs out no earlier than that much after crashedAt.
          leaseLeft = redis.client.pttl(`release-train:lock:${key}`);
        }
      }
      return undefined;
    });
    const issue = await toApproved(w);
    expect(holders).toBe(1);
    expect(victim).toBeDefined();
    const survivor = w.live()[0]!;
    expect(survivor).not.toBe(victim);

    // The dead replica wrote nothing more; the survivor waited for the lease to run out.
    expect(lateWrites).toBe(0);
    expect(writesAfter.length).toBeGreaterThan(20);
    const left = await leaseLeft!;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(LEASE_MS);
    expect(writesAfter[0]!.at - crashedAt).toBeGreaterThanOrEqual(left);

    const actual = outcome(w, issue);
    // The dead replica acknowledged /check P6-P8 but died before recording it in the body, so the
    // survivor acknowledges them again: GitHub answers 200 for an existing reaction and adds none
    // (the reactions on the comments below are the same), as after a crash of a single instance.
    const reactions = "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions";
    expect({ ...actual.writes, [reactions]: 0 }).toEqual({ ...baseline.writes, [reactions]: 0 });
    expect(actual.writes[reactions]).toBeLessThanOrEqual(baseline.writes[reactions]! + 3);
    expect(actual.repos).toEqual(baseline.repos);
    expect(actual.comments).toEqual(baseline.comments);
    expect(actual.issues).toEqual(baseline.issues);
    expect(actual.deployments).toEqual(baseline.deployments);
    expect(actual.body).toEqual(baseline.body);
    expectTimesNear(actual.times, baseline.times);
    expectDurationsNear(actual.durations, baseline.durations);

    // The dead replica's lease ran out rather than being released; the survivor's leases came after it.
    const key = trainKey(w);
    expect(Number(await redis.client.get(`release-train:fence:${key}`))).toBeGreaterThan(runs(victim!, key));
    expect(await redis.client.keys("release-train:lock:*")).toEqual([]);
    // Deliveries to the dead replica failed; the survivor accepted every one.
    const failed = w.sim.deliveries.list({ outcome: "failed" });
    expect(failed.length).toBeGreaterThan(0);
    expect(
      w.sim.deliveries
        .list()
        .filter((d) => d.target === survivor.server.webhookUrl)
        .every((d) => d.status === 200),
    ).toBe(true);
  }, 120_000);
});
