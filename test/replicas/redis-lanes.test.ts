// Lanes across replicas against a real redis-server: two RedisLanes (two connections,
// two replica names) on the same train behave like one lane, a hint never gets lost
// while the other replica works, and a crashed holder is replaced once its lease expires.
// The reconciles here block on promises the tests settle, so what runs when is decided
// by events, not by how fast the machine is.
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BeforeWrite, LaneWork } from "../../src/github/lanes.js";
import { LeaseLock, LeaseLost } from "../../src/replicas/lease.js";
import { RedisLanes } from "../../src/replicas/redis-lanes.js";
import { deferred } from "../helpers/deferred.js";
import { useRedis, type TestRedis } from "../helpers/redis.js";

const TRAIN = "acme/release-train#7";
const quiet = { debug: () => {}, warn: () => {} };

let redis: TestRedis;
const made: Array<{ lanes: RedisLanes; client: Redis }> = [];

function replica(name: string, work: LaneWork, lease = { leaseMs: 60_000 }, errors: unknown[] = []) {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const lanes = new RedisLanes(
    client,
    new LeaseLock(client, name, lease),
    work,
    { debounceMs: 5, maxWaitMs: 50 },
    (_key, error) => errors.push(error),
    quiet,
  );
  made.push({ lanes, client });
  return { lanes, client };
}

const testRedis = useRedis();
beforeEach(() => {
  redis = testRedis();
});
afterEach(async () => {
  for (const { lanes, client } of made.splice(0)) {
    lanes.close();
    client.disconnect();
  }
});

describe("RedisLanes: one lane per train across replicas", () => {
  it("never overlaps reconciles of a train across two replicas and coalesces a burst sent to both", async () => {
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    const firstStarted = deferred();
    const burstSent = deferred();
    const work: LaneWork = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      calls += 1;
      // The first reconcile lasts until the whole burst has reached both replicas.
      if (calls === 1) {
        firstStarted.resolve();
        await burstSent.promise;
      }
      running -= 1;
    };
    const a = replica("a", work);
    const b = replica("b", work);
    void a.lanes.hint(TRAIN);
    await firstStarted.promise;
    expect(a.lanes.holds(TRAIN)).toBe(true);
    const atB: Promise<void>[] = [];
    for (let i = 0; i < 200; i += 1) {
      void a.lanes.hint(TRAIN);
      atB.push(b.lanes.hint(TRAIN));
    }
    // B could not run the train: it left it pending for A.
    await Promise.all(atB);
    expect(await redis.client.get(`release-train:pending:${TRAIN}`)).toBe("1");
    burstSent.resolve();
    await Promise.all([a.lanes.whenIdle(), b.lanes.whenIdle()]);
    expect(maxRunning).toBe(1);
    const total = (a.lanes.runs.get(TRAIN) ?? 0) + (b.lanes.runs.get(TRAIN) ?? 0);
    expect(total).toBeGreaterThanOrEqual(2);
    expect(total).toBeLessThanOrEqual(6);
    expect(await redis.client.exists(`release-train:lock:${TRAIN}`, `release-train:pending:${TRAIN}`)).toBe(0);
  });

  it("a hint that reaches the other replica while one reconciles leads to exactly one more reconcile after it", async () => {
    const log: string[] = [];
    const firstStarted = deferred();
    const blocked = deferred();
    let calls = 0;
    const work =
      (name: string): LaneWork =>
      async () => {
        calls += 1;
        const n = calls;
        log.push(`${name} start ${n}`);
        if (n === 1) {
          firstStarted.resolve();
          await blocked.promise;
        }
        log.push(`${name} end ${n}`);
      };
    const a = replica("a", work("a"));
    const b = replica("b", work("b"));
    const first = a.lanes.hint(TRAIN);
    await firstStarted.promise;
    expect(a.lanes.holds(TRAIN)).toBe(true);
    // B cannot run it now: it leaves the train pending, and its own hint resolves.
    await b.lanes.hint(TRAIN);
    await b.lanes.hint(TRAIN);
    expect(log).toEqual(["a start 1"]);
    expect(await redis.client.get(`release-train:pending:${TRAIN}`)).toBe("1");
    expect(b.lanes.busy).toBe(true);
    blocked.resolve();
    await first;
    await Promise.all([a.lanes.whenIdle(), b.lanes.whenIdle()]);
    expect(log).toHaveLength(4);
    expect(log.slice(0, 2)).toEqual(["a start 1", "a end 1"]);
    expect(log[2]).toMatch(/^[ab] start 2$/);
    expect(await redis.client.exists(`release-train:pending:${TRAIN}`)).toBe(0);
    expect(await redis.client.get(`release-train:fence:${TRAIN}`)).toBe("2");
  });

  it("a holder that crashed (no release, no renewal) is replaced once its lease runs out", async () => {
    // A lease no stall of this machine outlasts; the test then lets it run out on cue.
    const lease = { leaseMs: 60_000 };
    const crashed = deferred();
    let startedB = 0;
    const a = replica(
      "a",
      async () => {
        // The process dies mid-reconcile: its connection is gone and the reconcile never ends.
        a.client.disconnect();
        crashed.resolve();
        await new Promise(() => {});
      },
      lease,
    );
    const b = replica(
      "b",
      async () => {
        startedB = Date.now();
      },
      lease,
    );
    void a.lanes.hint(TRAIN);
    await crashed.promise;
    await b.lanes.hint(TRAIN);
    // B found the train held: it left it pending and keeps looking.
    expect(startedB).toBe(0);
    expect(await redis.client.get(`release-train:pending:${TRAIN}`)).toBe("1");
    expect(b.lanes.busy).toBe(true);
    // The crashed holder's lease runs out 200 ms from now (as if its last renewal was 59.8 s ago).
    const runsOutFrom = Date.now();
    expect(await redis.client.pexpire(`release-train:lock:${TRAIN}`, 200)).toBe(1);
    await b.lanes.whenIdle();
    expect(startedB).toBeGreaterThan(0);
    // Not before the lease ran out.
    expect(startedB - runsOutFrom).toBeGreaterThanOrEqual(200);
    expect(b.lanes.runs.get(TRAIN)).toBe(1);
    expect(await redis.client.get(`release-train:fence:${TRAIN}`)).toBe("2");
  });

  it("the reconcile gets the lease's write guard: it passes while held and throws once another replica took over", async () => {
    let guard!: BeforeWrite;
    const firstWritten = deferred();
    const blocked = deferred();
    const results: string[] = [];
    const errors: unknown[] = [];
    const a = replica(
      "a",
      async (_key, beforeWrite) => {
        guard = beforeWrite;
        await beforeWrite();
        results.push("first write allowed");
        firstWritten.resolve();
        await blocked.promise;
        await beforeWrite();
        results.push("second write allowed");
      },
      { leaseMs: 60_000 },
      errors,
    );
    const done = a.lanes.hint(TRAIN);
    await firstWritten.promise;
    expect(results).toEqual(["first write allowed"]);
    // The lease is taken over (as after an expiry while this process was paused).
    await redis.client.set(`release-train:lock:${TRAIN}`, "b:2", "PX", 60_000);
    blocked.resolve();
    await done;
    expect(results).toEqual(["first write allowed"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(LeaseLost);
    await expect(guard()).rejects.toThrow(LeaseLost);
    // The other replica's lock is left alone.
    expect(await redis.client.get(`release-train:lock:${TRAIN}`)).toBe("b:2");
  });

  it("different trains run at the same time on different replicas", async () => {
    const active = new Set<string>();
    const bothActive = deferred();
    const work: LaneWork = async (key) => {
      active.add(key);
      if (active.size === 2) bothActive.resolve();
      // Each reconcile ends only once the other train's has started too.
      await bothActive.promise;
      active.delete(key);
    };
    const a = replica("a", work);
    const b = replica("b", work);
    await Promise.all([a.lanes.hint("acme/release-train#1"), b.lanes.hint("acme/release-train#2")]);
    expect(active.size).toBe(0);
  });
});
