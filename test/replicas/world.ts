// Several replicas of the app against ONE simulated GitHub and ONE Redis: like the
// demo world (same constellation, same people's part), but every webhook is delivered
// to every replica. Replicas of one GitHub App share its webhook secret (which also
// keys the signature of the tracking issue's hidden state); each has its own Redis
// connection.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { HEALTH, type DemoWorld } from "../../src/demo/run.js";
import { SteppedClock } from "../../src/github/production-octokit.js";
import { RELEASE_CHECKS, seedConstellation } from "../../src/demo/constellation.js";
import type { RedisLanes } from "../../src/replicas/redis-lanes.js";
import { startAppServer, type RunningAppServer } from "../../src/server.js";
import { startSimulatedGitHub, type FaultRequest, type SimulatedGitHub } from "github-sim";

export interface Replica {
  name: string;
  server: RunningAppServer;
  /** The replica's own Redis connection (its lanes, delivery ids and train directory). */
  redis: Redis;
  secret: string;
  /** Set by crash(): the replica is gone. */
  crashed: boolean;
  /** The installation token it used when it crashed (its later requests are refused). */
  token?: string;
}

export interface ReplicaWorld extends DemoWorld {
  replicas: Replica[];
  /** Replicas still alive. */
  live: () => Replica[];
  /** The replica whose reconcile of `train` holds the Redis lease right now, if any. */
  holderOf: (train: string) => Replica | undefined;
  /**
   * Kills a replica abruptly: its webhook endpoint stops answering, its Redis connection
   * drops (no release, no renewal: the lease runs out by itself), and GitHub refuses the
   * connections it still makes with its token. `request` is the request it was making.
   */
  crash: (replica: Replica, request: FaultRequest) => void;
}

export interface ReplicaWorldOptions {
  redisUrl: string;
  replicas?: number;
  /** The train lock's lease (default 30 s, as in production, so a stall of the machine never costs a reconcile its lease). */
  leaseMs?: number;
  commitsPerRepo?: number;
  frozenAt: string;
}

/** A loopback URL nothing listens on (a dead process's endpoint). */
const DEAD_URL = "http://127.0.0.1:9/api/github/webhooks";

/** Classifies a request the way GitHub's limits do: mutations and non-GET REST calls write. */
export function isWrite(req: FaultRequest): boolean {
  if (req.route.startsWith("POST /app/installations/")) return false; // token, not a write
  if (req.path === "/graphql")
    return /^\s*mutation\b/.test(String((req.body as { query?: string } | null)?.query ?? ""));
  return req.method !== "GET" && req.method !== "HEAD";
}

export async function startReplicaWorld(options: ReplicaWorldOptions): Promise<ReplicaWorld> {
  const sim: SimulatedGitHub = await startSimulatedGitHub({
    log: () => {},
    clock: { start: options.frozenAt, frozen: true },
  });
  sim.deployer.enable({ delayMs: 5 });
  // As in the demo world: CI runs on merge groups (blackroad-os-api merges through a merge queue).
  sim.mergeGroupCi.enable({ checks: RELEASE_CHECKS });
  const healthConfig = [
    "healthChecks:",
    `  staging: [${sim.health.url(HEALTH.staging)}]`,
    `  production: [${sim.health.url(HEALTH.production)}]`,
  ].join("\n");
  const { repos } = seedConstellation(sim, {
    commitsPerRepo: options.commitsPerRepo ?? 3,
    greenChecks: false,
    extraConfig: healthConfig,
  });

  const replicas: Replica[] = [];
  const clientClock = new SteppedClock(sim.clock);
  const secret = randomBytes(20).toString("hex");
  for (let i = 0; i < (options.replicas ?? 2); i += 1) {
    const redis = new Redis(options.redisUrl, {
      maxRetriesPerRequest: 1,
      connectionName: `release-train-replica-${i + 1}`,
    });
    const server = await startAppServer({
      baseUrl: sim.url,
      appId: sim.app.id,
      privateKey: sim.app.privateKey!,
      webhookSecret: secret,
      pacing: false,
      clientClock,
      logLevel: "fatal",
      redisUrl: options.redisUrl,
      app: {
        lanes: { debounceMs: 25, maxWaitMs: 500 },
        now: () => sim.clock.now(),
        // The simulator answers its health checks at once: only a busy machine could miss 2 s, so allow 30.
        health: { timeoutMs: 30_000, attempts: 2, retryDelayMs: 10, cacheMs: 1_000 },
        redis,
        lease: { leaseMs: options.leaseMs ?? 30_000 },
      },
    });
    sim.addWebhookTarget(server.webhookUrl, secret);
    replicas.push({ name: `replica-${i + 1}`, server, redis, secret, crashed: false });
  }

  // The crashed replicas' tokens: GitHub drops whatever they still send.
  sim.faults.add((req) =>
    replicas.some((r) => r.crashed && r.token === req.headers.authorization) ? "drop-connection" : undefined,
  );

  const live = () => replicas.filter((r) => !r.crashed);
  const world: ReplicaWorld = {
    sim,
    clientClock,
    repos,
    replicas,
    live,
    get server() {
      return live()[0]!.server;
    },
    holderOf: (train) => replicas.find((r) => !r.crashed && (r.server.app.lanes as RedisLanes).holds(train)),
    crash: (replica, request) => {
      replica.crashed = true;
      replica.token = String(request.headers.authorization);
      sim.removeWebhookTarget(replica.server.webhookUrl);
      sim.addWebhookTarget(DEAD_URL, replica.secret);
      replica.redis.disconnect();
    },
    settle: async () => {
      const busy = () => live().some((r) => r.server.app.lanes.busy);
      // A look-again hint lands on a timer just after its reconcile ends, and another
      // replica's hint through Redis later still: quiet only after a pause with no lane busy.
      const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
      for (let i = 0; i < 100; i += 1) {
        await sim.settle({ timeoutMs: 60_000 });
        if (!busy()) {
          await pause();
          await sim.settle({ timeoutMs: 60_000 });
          if (!busy()) return;
        }
        await Promise.all(live().map((r) => r.server.app.lanes.whenIdle()));
      }
      throw new Error("the replicas did not settle");
    },
    advance: async (minutes) => {
      sim.clock.advance(minutes * 60_000);
      await Promise.all(live().map((r) => r.server.app.resyncDue()));
      await world.settle();
    },
    restartApp: async () => {
      throw new Error("restart the replicas one by one with crash() instead");
    },
    close: async () => {
      // A crashed replica's server is only closed here, to free its port.
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([Promise.all(replicas.map((r) => r.server.close())), timeout]);
      for (const r of replicas) r.redis.disconnect();
      await sim.close();
    },
  };
  return world;
}
