// The app ignores a delivery it has seen before (X-GitHub-Delivery): in-process without
// Redis, and across replicas with it. A redelivery then costs no reconcile at all.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { trainId } from "../../src/train/model/observation.js";
import { useRedis, type TestRedis } from "../helpers/redis.js";
import { startReplicaWorld } from "./world.js";

const START = "2025-03-03T09:00:00.000Z";
let world: DemoWorld | undefined;
const testRedis = useRedis();
let redis: TestRedis;
beforeEach(() => {
  redis = testRedis();
});
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("delivery de-duplication in the app", () => {
  it("without Redis: a redelivered label event is ignored — no reconcile, no request to GitHub", async () => {
    world = await startDemoWorld({ quiet: true, frozenAt: START });
    const w = world;
    const issue = openTrain(w);
    await w.settle();
    const key = trainId(w.server.app.registry.all()[0]!.ref);
    const runs = w.server.app.lanes.runs.get(key);
    const labelled = w.sim.deliveries.last({ event: "issues", action: "labeled" })!;
    const before = w.sim.requests.length;
    w.sim.redeliver(labelled.id);
    w.sim.redeliver(labelled.id);
    await w.settle();
    expect(w.sim.deliveries.get(labelled.id).map((d) => d.status)).toEqual([200, 200, 200]);
    expect(w.sim.requests.list().slice(before)).toEqual([]);
    expect(w.server.app.lanes.runs.get(key)).toBe(runs);
    expect(trackingBody(w, issue)).toContain("# 🚂 Release train v2.0.0");

    // A new delivery (a comment) is handled as usual.
    w.sim.as("rita").comment("blackroad-os/release-train", issue, "/status");
    await w.settle();
    expect(w.server.app.lanes.runs.get(key)).toBe(runs! + 1);
  });

  it("with Redis: a delivery one replica handled is ignored by the other, and a redelivery by both", async () => {
    const w = await startReplicaWorld({ redisUrl: redis.url, frozenAt: START });
    world = w;
    openTrain(w);
    await w.settle();
    // Whichever replica took the train's lease first holds it.
    const key = trainId(w.replicas.flatMap((r) => r.server.app.registry.all())[0]!.ref);
    const total = () => w.replicas.reduce((sum, r) => sum + (r.server.app.lanes.runs.get(key) ?? 0), 0);
    const runs = total();
    expect(Number(await redis.client.get(`release-train:fence:${key}`))).toBe(runs);
    const labelled = w.sim.deliveries.last({ event: "issues", action: "labeled" })!;
    expect(await redis.client.exists(`release-train:delivery:${labelled.id}`)).toBe(1);
    const before = w.sim.requests.length;
    w.sim.redeliver(labelled.id);
    await w.settle();
    expect(w.sim.deliveries.get(labelled.id).map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect(w.sim.requests.list().slice(before)).toEqual([]);
    expect(total()).toBe(runs);

    // Probot's rate-limit clustering (Bottleneck) connects to the same Redis, next to each replica's own connection.
    const names = String(await redis.client.client("LIST"))
      .trim()
      .split("\n")
      .map((line) => /\bname=(\S*)/.exec(line)?.[1] ?? "");
    expect(names.filter((n) => n.startsWith("release-train-replica-")).sort()).toEqual([
      "release-train-replica-1",
      "release-train-replica-2",
    ]);
    expect(names.filter((n) => n === "").length).toBeGreaterThanOrEqual(2);
  });
});
