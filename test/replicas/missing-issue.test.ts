// A deleted tracking issue leaves no train behind in the shared directory: no replica
// routes to it or resyncs it afterwards.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTrain } from "../../src/demo/run.js";
import { useRedis, type TestRedis } from "../helpers/redis.js";
import { startReplicaWorld, type ReplicaWorld } from "./world.js";

const ORCH = "blackroad-os/release-train";
const testRedis = useRedis();
let redis: TestRedis;
let world: ReplicaWorld | undefined;
beforeEach(() => {
  redis = testRedis();
});
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("a deleted tracking issue with several replicas", () => {
  it("is unpublished from the directory, dropped by every replica, and never resynced", async () => {
    world = await startReplicaWorld({ redisUrl: redis.url, frozenAt: "2025-03-03T09:00:00.000Z" });
    const w = world;
    const issue = openTrain(w);
    await w.settle();
    expect(Object.keys(await redis.client.hgetall("release-train:trains"))).toEqual([`${ORCH}#${issue}`]);

    w.sim.as("rita").deleteIssue(ORCH, issue);
    await w.settle();
    expect(await redis.client.hlen("release-train:trains")).toBe(0);
    // A replica the deletion's delivery did not reach learns it on its own next look.
    for (const r of w.replicas) await r.server.app.resync();
    await w.settle();
    for (const r of w.replicas) expect(r.server.app.registry.all()).toEqual([]);

    const before = w.sim.requests.length;
    for (const r of w.replicas) await r.server.app.resync();
    await w.settle();
    expect(w.sim.requests.list().slice(before)).toEqual([]);
    expect(await redis.client.hlen("release-train:trains")).toBe(0);
  });
});
