// A replica holding a train sends a write, then loses Redis; the network holds the write
// while the lease runs out and the other replica takes the train over. The deposed
// holder abandons the write when its lease may have run out, so it never lands after
// the new holder read GitHub: one staging deployment per repository, not two.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FaultRequest } from "github-sim";
import { trainId } from "../../src/train/model/observation.js";
import { deploymentsOf, toApproved } from "../e2e/helpers.js";
import { useRedis, type TestRedis } from "../helpers/redis.js";
import { startReplicaWorld, type Replica, type ReplicaWorld } from "./world.js";

const START = "2025-03-03T09:00:00.000Z";
const DEPLOY = "POST /repos/{owner}/{repo}/deployments";

const testRedis = useRedis();
let redis: TestRedis;
let world: ReplicaWorld | undefined;
let release: () => void = () => {};
beforeEach(() => {
  redis = testRedis();
});
afterEach(async () => {
  release();
  await world?.close();
  world = undefined;
});

/** The other replica's periodic resync, once the lease in Redis has run out. */
async function takeOver(survivor: Replica, key: string): Promise<void> {
  while (await redis.client.exists(`release-train:lock:${key}`)) await new Promise((r) => setTimeout(r, 50));
  await survivor.server.app.resync();
}

describe("a deposed lease holder's late write", () => {
  it("is abandoned when its lease may have run out, and never lands as a second deployment", async () => {
    // Renewed every 1.7 s and refused under 1 s left: no stall of a busy machine costs the live holders a lease (a write abandoned, a reconcile failed).
    world = await startReplicaWorld({ redisUrl: redis.url, frozenAt: START, leaseMs: 5_000 });
    const w = world;
    let deposed: Replica | undefined;
    let takenOver: FaultRequest | undefined;
    let takingOver: Promise<void> | undefined;
    // The first deployment: its sender is cut off from Redis and the network holds the request.
    const held = w.sim.faults.hold((req) => req.route === DEPLOY);
    let first: FaultRequest | undefined;
    void held.reached.then((req) => {
      first = req;
      const key = trainId(w.replicas[0]!.server.app.registry.all()[0]!.ref);
      deposed = w.holderOf(key);
      deposed?.redis.disconnect();
      takingOver = takeOver(w.replicas.find((r) => r !== deposed)!, key);
    });
    release = held.release;
    // When the new holder deploys the same repository, the held request reaches GitHub.
    w.sim.faults.add((req) => {
      if (
        first &&
        !takenOver &&
        req.route === DEPLOY &&
        req.path === first.path &&
        req.headers.authorization !== first.headers.authorization
      ) {
        takenOver = req;
        setImmediate(held.release);
      }
      return undefined;
    });
    await toApproved(w);
    await takingOver;
    await w.settle();

    expect(deposed).toBeDefined();
    expect(takenOver).toBeDefined();
    const staging = deploymentsOf(w).filter((d) => d.environment === "staging");
    expect(staging.map((d) => d.repo).sort()).toEqual(w.repos.map((r) => r.split("/")[1]).sort());
    // The held request never reached GitHub (recorded with no status).
    const deploys = w.sim.requests.list().filter((r) => r.route === DEPLOY);
    expect(deploys.filter((r) => r.status === 0)).toHaveLength(1);
    expect(deploys.filter((r) => r.status === 201)).toHaveLength(w.repos.length);
    // The deposed holder's reconcile stopped there and was counted as failed.
    expect(await deposed!.server.metrics.registry.getSingleMetricAsString("release_train_reconciles_total")).toMatch(
      /outcome="failed"\} [1-9]/,
    );
  }, 120_000);
});
