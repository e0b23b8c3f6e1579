// The train lock across replicas, against a real redis-server: leases, fencing tokens,
// release only by the holder, and the write guard of a holder that lost its lease.
// Leases are long (no stall of this machine outlasts one); a lease runs out when a test
// says so (PEXPIRE, as if that much time had passed), and renewals run on a faked
// interval, so no outcome depends on how fast the machine is.
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { executeActions, writeBody } from "../../src/github/act.js";
import { WriteAborted } from "../../src/github/lanes.js";
import { guardWrites } from "../../src/github/write-guard.js";
import { LeaseLock, LeaseLost } from "../../src/replicas/lease.js";
import type { SimulatedGitHub } from "github-sim";
import { useReplicaRedis } from "../helpers/redis.js";
import { appOctokit, setup } from "../../packages/github-sim/test/helpers.js";

const TRAIN = "acme/release-train#7";
const LOCK = `release-train:lock:${TRAIN}`;
/** Longer than any stall: a lease lasts until a test lets it run out. */
const LONG = 60_000;
/** A renewal period the tests never reach: a holder whose process stalled. */
const NEVER = 3_600_000;

const { redis, connect } = useReplicaRedis();
/** The lease runs out now, as if its time had passed without a renewal. */
const runOut = async (key = LOCK) => expect(await redis().client.pexpire(key, 0)).toBe(1);
afterEach(() => void vi.useRealTimers());

describe("LeaseLock", () => {
  it("one holder at a time; each acquisition gets a higher fencing token; the key names the holder", async () => {
    const a = new LeaseLock(connect(), "replica-a", { leaseMs: LONG });
    const b = new LeaseLock(connect(), "replica-b", { leaseMs: LONG });
    const first = await a.acquire(TRAIN);
    expect(first?.token).toBe(1);
    expect(await redis().client.get(`release-train:lock:${TRAIN}`)).toBe("replica-a:1");
    expect(await b.acquire(TRAIN)).toBeNull();
    // A failed attempt spends no token.
    expect(await redis().client.get(`release-train:fence:${TRAIN}`)).toBe("1");
    expect(await first!.release()).toBe(true);
    expect(await redis().client.exists(`release-train:lock:${TRAIN}`)).toBe(0);

    const second = await b.acquire(TRAIN);
    expect(second?.token).toBe(2);
    expect(await redis().client.get(`release-train:lock:${TRAIN}`)).toBe("replica-b:2");
    await second!.release();
    const third = await a.acquire(TRAIN);
    expect(third?.token).toBe(3);
    await third!.release();
    // Trains are independent.
    expect((await b.acquire("acme/release-train#8"))?.token).toBe(1);
  });

  it("a lease that is not renewed expires, and the next holder's token is higher", async () => {
    const a = new LeaseLock(connect(), "replica-a", { leaseMs: LONG, renewMs: NEVER });
    const b = new LeaseLock(connect(), "replica-b", { leaseMs: LONG });
    const stale = (await a.acquire(TRAIN))!;
    expect(await b.acquire(TRAIN)).toBeNull();
    // The lock lives for the lease and no longer.
    const pttl = await redis().client.pttl(LOCK);
    expect(pttl).toBeGreaterThan(LONG / 2);
    expect(pttl).toBeLessThanOrEqual(LONG);
    await runOut();
    const fresh = await b.acquire(TRAIN);
    expect(fresh?.token).toBe(stale.token + 1);
    // Release only by the holder: the stale holder's release leaves the new lock alone.
    expect(await stale.release()).toBe(false);
    expect(await redis().client.get(LOCK)).toBe(`replica-b:${fresh!.token}`);
    await fresh!.release();
  });

  it("a running reconcile renews its lease past the lease time", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const client = connect();
    const a = new LeaseLock(client, "replica-a", { leaseMs: LONG, renewMs: 20_000 });
    const b = new LeaseLock(connect(), "replica-b", { leaseMs: LONG });
    const lease = (await a.acquire(TRAIN))!;
    for (let renewal = 1; renewal <= 3; renewal += 1) {
      // All but one second of the lease has passed…
      await redis().client.pexpire(LOCK, 1_000);
      // …when the renewal period comes round: the lease is whole again.
      vi.advanceTimersByTime(20_000);
      await client.ping(); // the renewal went out on this connection before the ping
      expect(await redis().client.pttl(LOCK), `renewal ${renewal}`).toBeGreaterThan(LONG / 2);
    }
    // Three leases' time later, still the holder.
    expect(await b.acquire(TRAIN)).toBeNull();
    await expect(lease.check()).resolves.toBeUndefined();
    expect(await lease.release()).toBe(true);
    expect((await b.acquire(TRAIN))?.token).toBe(2);
  });

  it("the write guard of a holder that lost its lease throws, naming the train and its token", async () => {
    const a = new LeaseLock(connect(), "replica-a", { leaseMs: LONG, renewMs: NEVER });
    const b = new LeaseLock(connect(), "replica-b", { leaseMs: LONG });
    const stale = (await a.acquire(TRAIN))!;
    await expect(stale.check()).resolves.toBeUndefined();
    await runOut();
    // Expired and nobody else yet: still not ours.
    await expect(stale.check()).rejects.toThrow(LeaseLost);
    const fresh = (await b.acquire(TRAIN))!;
    const error = await stale.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteAborted);
    expect((error as Error).message).toBe(
      `train ${TRAIN}: lease 1 lost (another replica holds the train, or the lease expired); this reconcile stops writing`,
    );
    await expect(fresh.check()).resolves.toBeUndefined();
    await fresh.release();
  });

  it("the write guard refuses when the lease is about to run out or Redis cannot answer", async () => {
    const client = connect();
    const a = new LeaseLock(client, "replica-a", { leaseMs: LONG, renewMs: NEVER });
    const lease = (await a.acquire(TRAIN))!;
    // What is left of the lease is read from Redis.
    await redis().client.pexpire(LOCK, 30_000);
    const left = await a.remaining(lease);
    expect(left).toBeGreaterThan(a.safetyMs);
    expect(left).toBeLessThanOrEqual(30_000);
    await expect(lease.check()).resolves.toBeUndefined();
    // A renewal that never came: less than the safety margin left when Redis answers.
    const almostOut = new LeaseLock(client, "replica-a", { leaseMs: LONG, renewMs: NEVER });
    almostOut.remaining = async () => almostOut.safetyMs - 1;
    const late = (await almostOut.acquire("acme/release-train#8"))!;
    await expect(late.check()).rejects.toThrow(`only ${almostOut.safetyMs - 1} ms left`);

    const other = new LeaseLock(connect(), "replica-b", { leaseMs: LONG });
    const held = (await other.acquire("acme/release-train#9"))!;
    (other as unknown as { redis: Redis }).redis.disconnect();
    await expect(held.check()).rejects.toThrow(/cannot confirm lease 1 \(Connection is closed\.\)/);
  });

  it("a holder that cannot renew knows by its own clock when the lease may have run out: the guard's signal aborts then", async () => {
    const client = connect();
    await client.ping();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    const a = new LeaseLock(client, "replica-a", { leaseMs: LONG, renewMs: 20_000 });
    const lease = (await a.acquire(TRAIN))!;
    const signal = lease.check.signal!;
    // Renewed once: the lease's end moves on by the renewal.
    vi.advanceTimersByTime(20_000);
    await client.ping();
    await new Promise((resolve) => setImmediate(resolve));
    vi.advanceTimersByTime(LONG - 20_000);
    expect(signal.aborted).toBe(false);
    // Then Redis is gone: the renewals fail, and the lease ends by the clock, less half the safety margin.
    client.disconnect();
    vi.advanceTimersByTime(20_000 - a.safetyMs / 2 - 1);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(LeaseLost);
    expect((signal.reason as Error).message).toBe(
      `train ${TRAIN}: lease 1 lost (it ran out before it could be renewed); this reconcile stops writing`,
    );
    await expect(lease.check()).rejects.toThrow("it ran out before it could be renewed");
  });

  it("a renewal that finds another holder marks the lease lost without asking again", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const client = connect();
    const a = new LeaseLock(client, "replica-a", { leaseMs: LONG, renewMs: 20_000 });
    const lease = (await a.acquire(TRAIN))!;
    // Another replica's lock took its place (as after an expiry).
    await redis().client.set(LOCK, "replica-b:2", "PX", LONG);
    vi.advanceTimersByTime(20_000);
    // The renewal's answer comes back before the ping's; once the ping is answered and the
    // microtasks have run (setImmediate), the lease has handled it.
    await client.ping();
    await new Promise((resolve) => setImmediate(resolve));
    expect(lease.lost).toBe(true);
    await expect(lease.check()).rejects.toThrow(
      "lease 1 lost (the lease expired and was not ours any more at renewal)",
    );
    expect(await lease.release()).toBe(false);
    expect(await redis().client.get(LOCK)).toBe("replica-b:2");
  });
});

describe("the write guard in the shell", () => {
  let sim: SimulatedGitHub;
  afterEach(async () => sim?.close());

  it("a stale holder writes nothing once its lease is gone: the guard runs as each write leaves, executeActions stops and the error propagates", async () => {
    ({ sim } = await setup());
    const octokit = appOctokit(sim);
    const issue = sim.as("rita").createIssue({ repo: "acme/web", title: "Train" });
    const train = { owner: "acme", repo: "web", issueNumber: issue, installationId: 77 };
    const a = new LeaseLock(connect(), "replica-a", { leaseMs: LONG, renewMs: NEVER });
    const b = new LeaseLock(connect(), "replica-b", { leaseMs: LONG });
    const lease = (await a.acquire(TRAIN))!;
    let guarded = 0;
    const guard = async () => {
      guarded += 1;
      // The process stalls after its first write past its lease; meanwhile another replica takes over.
      if (guarded === 2) {
        await runOut();
        await b.acquire(TRAIN);
      }
      await lease.check();
    };
    const writesBefore = sim.requests.list({ kind: "write" }).length;
    guardWrites(octokit, guard);
    const run = executeActions(octokit, train, [
      { kind: "comment", key: "one", body: "first" },
      { kind: "comment", key: "two", body: "second" },
      { kind: "addLabels", repo: "acme/web", number: issue, labels: ["late"] },
    ]);
    await expect(run).rejects.toThrow(LeaseLost);
    const writes = sim.requests.list({ kind: "write" }).slice(writesBefore);
    expect(writes.map((w) => w.route)).toEqual(["POST /repos/{owner}/{repo}/issues/{issue_number}/comments"]);
    expect(sim.store.commentsOf(sim.store.requireRepo("acme/web"), issue).map((c) => c.body)).toEqual(["first"]);
    expect(sim.store.requireRepo("acme/web").issues.get(issue)!.labels).toEqual([]);

    // The body write is guarded too.
    await expect(writeBody(octokit, train, "", "rendered")).rejects.toThrow(LeaseLost);
    expect(sim.store.requireRepo("acme/web").issues.get(issue)!.body).toBeNull();
    expect(sim.requests.list({ kind: "write" }).slice(writesBefore)).toHaveLength(1);
  });
});
