// Trains by phase across replicas: each replica's metrics show every train, whichever
// replica reconciled it last (a real redis-server); without Redis, the process's own.
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { ReconcileOutcome, TrainPhase } from "../../src/github/reconciler.js";
import { AppMetrics } from "../../src/ops/metrics.js";
import { RedisPhaseBoard } from "../../src/replicas/phases.js";
import { useReplicaRedis } from "../helpers/redis.js";
import { parseMetrics, sample } from "../ops/helpers.js";

const { redis, connect } = useReplicaRedis();
const warnings: string[] = [];
const log = { warn: (_obj: unknown, message?: string) => void warnings.push(message ?? "") } as Pick<Logger, "warn">;
beforeEach(() => {
  warnings.length = 0;
});

const inPhase = (phase: TrainPhase): ReconcileOutcome => ({
  kind: "reconciled",
  writes: 0,
  failures: [],
  bodyWritten: false,
  conflict: false,
  lookAgain: false,
  phase,
  rollbackStarted: false,
  points: 0,
});
const gone: ReconcileOutcome = { kind: "not-a-train", reason: "tracking issue is closed", points: 0 };

async function activeTrains(metrics: AppMetrics): Promise<Record<string, number>> {
  const samples = parseMetrics((await metrics.scrape()).body);
  return Object.fromEntries(
    ["preconditions", "1", "3", "finished"].map((phase) => [
      phase,
      sample(samples, "release_train_active_trains", { phase }),
    ]),
  );
}

/**
 * Waits until what the replicas wrote so far is in Redis: each replica shares a phase
 * with a command on its own connection, answered in order, so a PING on each one
 * answers after them.
 */
const shared = (...clients: Redis[]) => Promise.all(clients.map((c) => c.ping()));

describe("active trains by phase", () => {
  it("without Redis: the trains this process reconciled", async () => {
    const a = new AppMetrics();
    const b = new AppMetrics();
    a.events.reconciled("acme/release-train#1", inPhase("3"), 10);
    b.events.reconciled("acme/release-train#2", inPhase("1"), 10);
    expect(await activeTrains(a)).toEqual({ preconditions: 0, 1: 0, 3: 1, finished: 0 });
    expect(await activeTrains(b)).toEqual({ preconditions: 0, 1: 1, 3: 0, finished: 0 });
  });

  it("with Redis: every replica reports every train, and a train that ended leaves them all", async () => {
    const [ca, cb] = [connect(), connect()];
    const a = new AppMetrics({ phases: new RedisPhaseBoard(ca, log) });
    const b = new AppMetrics({ phases: new RedisPhaseBoard(cb, log) });
    a.events.reconciled("acme/release-train#1", inPhase("3"), 10);
    b.events.reconciled("acme/release-train#2", inPhase("1"), 10);
    await shared(ca, cb);
    expect(await activeTrains(a)).toEqual({ preconditions: 0, 1: 1, 3: 1, finished: 0 });
    expect(await activeTrains(b)).toEqual({ preconditions: 0, 1: 1, 3: 1, finished: 0 });

    // Train 2 moves on under replica A; its tracking issue 1 is closed, as seen by replica B.
    a.events.reconciled("acme/release-train#2", inPhase("finished"), 10);
    b.events.reconciled("acme/release-train#1", gone, 10);
    await shared(ca, cb);
    expect(await activeTrains(b)).toEqual({ preconditions: 0, 1: 0, 3: 0, finished: 1 });
    expect(await activeTrains(a)).toEqual({ preconditions: 0, 1: 0, 3: 0, finished: 1 });
    // A failed reconcile says nothing of the phase.
    b.events.reconciled("acme/release-train#2", { kind: "failed" }, 10);
    await shared(ca, cb);
    expect(await activeTrains(a)).toEqual({ preconditions: 0, 1: 0, 3: 0, finished: 1 });
    expect(await redis().client.hgetall("release-train:phases")).toEqual({ "acme/release-train#2": "finished" });
    expect(warnings).toEqual([]);
  });

  it("when Redis cannot be read, a replica reports what it saw itself", async () => {
    const client = connect();
    let warned!: () => void;
    const warning = new Promise<void>((resolve) => (warned = resolve));
    const a = new AppMetrics({
      phases: new RedisPhaseBoard(client, {
        warn: (obj: unknown, message?: string) => {
          log.warn(obj, message);
          warned();
        },
      } as Pick<Logger, "warn">),
    });
    a.events.reconciled("acme/release-train#1", inPhase("3"), 10);
    await shared(client);
    expect(await activeTrains(a)).toEqual({ preconditions: 0, 1: 0, 3: 1, finished: 0 });
    client.disconnect();
    a.events.reconciled("acme/release-train#1", inPhase("finished"), 10);
    expect(await activeTrains(a)).toEqual({ preconditions: 0, 1: 0, 3: 0, finished: 1 });
    // The phase it could not share is logged once.
    await warning;
    expect(warnings).toEqual(["could not share the train's phase"]);
  });
});
