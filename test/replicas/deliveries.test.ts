// Delivery de-duplication (in-process and across replicas on a real redis-server) and
// the shared train directory that routes webhooks on any replica.
import type { Logger } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { TrainRegistry } from "../../src/github/registry.js";
import { DELIVERY_TTL_SECONDS, MemoryDeliveries, RedisDeliveries } from "../../src/replicas/deliveries.js";
import { RedisDirectory } from "../../src/replicas/directory.js";
import { useReplicaRedis } from "../helpers/redis.js";

const { redis, connect } = useReplicaRedis();
const warnings: string[] = [];
const log = { warn: (_obj: unknown, message?: string) => void warnings.push(message ?? "") } as Pick<Logger, "warn">;
beforeEach(() => {
  warnings.length = 0;
});

describe("MemoryDeliveries (no Redis)", () => {
  it("sees each id once", async () => {
    const ledger = new MemoryDeliveries();
    expect(await ledger.firstSeen("a1")).toBe(true);
    expect(await ledger.firstSeen("a1")).toBe(false);
    expect(await ledger.firstSeen("b2")).toBe(true);
  });

  it("is bounded: past 10,000 ids the oldest are forgotten first", async () => {
    const ledger = new MemoryDeliveries();
    for (let i = 0; i < 10_001; i += 1) await ledger.firstSeen(`id-${i}`);
    expect(ledger.size).toBe(10_000);
    expect(await ledger.firstSeen("id-10000")).toBe(false);
    expect(await ledger.firstSeen("id-1")).toBe(false);
    // id-0 was the oldest: forgotten, so seen as new again (and id-1 is now the oldest).
    expect(await ledger.firstSeen("id-0")).toBe(true);
    expect(ledger.size).toBe(10_000);
  });
});

describe("RedisDeliveries (several replicas)", () => {
  it("a delivery handled by one replica is a duplicate for the other; the id is kept a day", async () => {
    const a = new RedisDeliveries(connect(), log);
    const b = new RedisDeliveries(connect(), log);
    const id = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    expect(await a.firstSeen(id)).toBe(true);
    expect(await b.firstSeen(id)).toBe(false);
    expect(await a.firstSeen(id)).toBe(false);
    expect(await b.firstSeen("another")).toBe(true);
    const ttl = await redis().client.ttl(`release-train:delivery:${id}`);
    expect(ttl).toBeGreaterThan(DELIVERY_TTL_SECONDS - 5);
    expect(ttl).toBeLessThanOrEqual(DELIVERY_TTL_SECONDS);
  });

  it("when Redis cannot answer, the delivery is handled (a duplicate is harmless, a lost hint is not)", async () => {
    const client = connect();
    const ledger = new RedisDeliveries(client, log);
    client.disconnect();
    expect(await ledger.firstSeen("x")).toBe(true);
    expect(warnings).toEqual(["could not check the delivery id; handling it"]);
  });
});

describe("RedisDirectory: trains known to every replica", () => {
  const ref = { owner: "acme", repo: "release-train", issueNumber: 7, installationId: 77 };
  const key = "acme/release-train#7";

  it("a train one replica reconciled routes webhooks on another", async () => {
    const mine = new TrainRegistry();
    mine.upsert(ref, {
      branch: "release/v2.0.0",
      repos: ["acme/Web", "acme/api"],
      resyncMs: 600_000,
      environments: ["production", "staging"],
    });
    mine.markReconciled(key, 1_000);
    mine.setWake(key, 5_000);
    await new RedisDirectory(connect(), log).publish(key, mine.get(key));

    const theirs = new TrainRegistry();
    expect(theirs.byRepo("acme/web")).toEqual([]);
    await new RedisDirectory(connect(), log).syncInto(theirs);
    const train = theirs.byRepo("acme/web")[0]!;
    expect(train.ref).toEqual(ref);
    expect([...train.repos]).toEqual(["acme/web", "acme/api"]);
    expect(train).toMatchObject({
      branch: "release/v2.0.0",
      resyncMs: 600_000,
      environments: ["production", "staging"],
      lastReconciledAt: 1_000,
      wakeAt: 5_000,
    });
    // Not due for its resync: another replica reconciled it recently.
    expect(theirs.due(2_000, 0, 0)).toEqual([]);
  });

  it("an older published entry does not overwrite what this replica saw since; a removed train is unpublished", async () => {
    const directory = new RedisDirectory(connect(), log);
    const old = new TrainRegistry();
    old.upsert(ref, { branch: "release/v1.9.0", repos: ["acme/old"] });
    old.markReconciled(key, 1_000);
    await directory.publish(key, old.get(key));

    const fresh = new TrainRegistry();
    fresh.upsert(ref, { branch: "release/v2.0.0", repos: ["acme/web"] });
    fresh.markReconciled(key, 2_000);
    await directory.syncInto(fresh);
    expect(fresh.get(key)).toMatchObject({ branch: "release/v2.0.0", lastReconciledAt: 2_000 });
    expect(fresh.byRepo("acme/old")).toEqual([]);

    await directory.publish(key, undefined);
    expect(await redis().client.hlen("release-train:trains")).toBe(0);
  });
});
