// The demo's world: the simulated GitHub seeded with the playbook's constellation, and
// the real app behind its webhook endpoint. Shared by the demo, tests, benchmarks and chaos runs.
import { randomBytes } from "node:crypto";
import { startSimulatedGitHub, type SimulatedGitHub } from "github-sim";
import { SteppedClock } from "../github/production-octokit.js";
import { startAppServer, type RunningAppServer } from "../server.js";
import { ORCHESTRATION_REPO, ORG, RELEASE_CHECKS, seedConstellation } from "./constellation.js";
import { serverFetch } from "./in-process-webhooks.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

export interface DemoWorld {
  sim: SimulatedGitHub;
  server: RunningAppServer;
  repos: string[];
  /** Waits until webhooks are delivered and every reconcile they caused has finished. */
  settle: () => Promise<void>;
  /** Stops the app and starts a new process-like instance (empty memory) that rediscovers open trains. */
  restartApp: () => Promise<void>;
  /** The client's clock, the simulated GitHub's: GitHub's pacing and limits are waited for on it (waitedMs: how long). */
  clientClock: SteppedClock;
  /** Moves the simulated clock (the app's too) forward, lets due trains wake up, and settles. */
  advance: (minutes: number) => Promise<void>;
  close: () => Promise<void>;
}

/** The simulator seeded with a constellation, and the app wired to it. Shared by the demo, tests and benchmarks. */
export interface DemoWorldOptions {
  commitsPerRepo?: number;
  greenChecks?: boolean;
  /** Generated constellation size; omitted = the playbook's 11 repositories. */
  size?: number;
  quiet?: boolean;
  /** Lane timing (defaults are short so a demo takes seconds). */
  lanes?: { debounceMs: number; maxWaitMs: number };
  /** Start the simulated clock frozen at this time (the app reads the same clock). */
  frozenAt?: string;
  /** Repositories whose deployments fail (short names), as their deploy workflows would. */
  broken?: string[];
  /** The periodic resync (and discovery) interval; off unless given. */
  resyncMs?: number;
  /** YAML appended to the configuration. */
  extraConfig?: string;
  /**
   * The app talks to GitHub with the production client (write pacing, the retry plugin),
   * its waits taken on an instant clock so the run takes no longer; off: no pacing, no retries.
   */
  productionClient?: boolean;
  /** How many writes a reconcile's batch carries out at most (the app's default unless given). */
  batchWrites?: number;
  /**
   * How the app and the simulator reach each other: in process (the default), the same
   * requests and webhook deliveries through the same handlers without the sockets' cost;
   * or over loopback HTTP (the demo, and the tests of what only a socket shows).
   */
  transport?: "http" | "in-process";
}

/** Health-check URLs the simulator serves, written into the demo configuration. */
export const HEALTH = { staging: "staging-status", production: "production-status" } as const;

/** The simulator with its deploy workflows and merge-queue CI, seeded with the constellation. */
async function startSeededSimulator(options: DemoWorldOptions): Promise<{ sim: SimulatedGitHub; repos: string[] }> {
  const sim = await startSimulatedGitHub({
    log: options.quiet ? () => {} : (line) => console.warn(line),
    ...(options.frozenAt ? { clock: { start: options.frozenAt, frozen: true } } : {}),
  });
  // Each repository's deploy workflow: answers deployments with in_progress, then success (or failure).
  sim.deployer.enable({ delayMs: 5 });
  // Each repository's CI also runs on merge queue groups (workflows listening to merge_group).
  sim.mergeGroupCi.enable({ checks: RELEASE_CHECKS });
  for (const repo of options.broken ?? []) sim.deployer.breakRepo(repo);
  const healthConfig = [
    "healthChecks:",
    `  staging: [${sim.health.url(HEALTH.staging)}]`,
    `  production: [${sim.health.url(HEALTH.production)}]`,
  ].join("\n");
  const { repos } = seedConstellation(sim, {
    commitsPerRepo: options.commitsPerRepo ?? 6,
    greenChecks: options.greenChecks ?? false,
    ...(options.size ? { size: options.size } : {}),
    extraConfig: [options.size ? "" : healthConfig, options.extraConfig ?? ""].filter(Boolean).join("\n"),
  });
  return { sim, repos };
}

/** Starts one app process on the simulator; each call is a fresh process of the same app registration. */
function appStarter(
  sim: SimulatedGitHub,
  options: DemoWorldOptions,
  clientClock: SteppedClock,
): () => Promise<RunningAppServer> {
  // One app registration: its webhook secret outlives a process restart, as in production.
  const secret = randomBytes(20).toString("hex");
  const inProcess = (options.transport ?? "in-process") === "in-process";
  let current: RunningAppServer | undefined;
  const deliver = serverFetch(() => current!);
  return async () => {
    const server = await startAppServer({
      baseUrl: sim.url,
      ...(inProcess ? { fetch: sim.fetch } : {}),
      appId: sim.app.id,
      privateKey: sim.app.privateKey!,
      webhookSecret: secret,
      pacing: options.productionClient ?? false,
      clientClock,
      logLevel: (process.env.LOG_LEVEL as "fatal" | undefined) ?? "fatal",
      // The app's clock is the simulated one, so timestamps agree (and can be frozen).
      app: {
        lanes: options.lanes ?? { debounceMs: 25, maxWaitMs: 500 },
        ...(options.resyncMs ? { resyncMs: options.resyncMs } : {}),
        ...(options.batchWrites ? { batchWrites: options.batchWrites } : {}),
        now: () => sim.clock.now(),
        // The simulator answers its health checks at once: only a busy machine could miss 2 s, so allow 30.
        health: { timeoutMs: 30_000, attempts: 2, retryDelayMs: 10, cacheMs: 1_000 },
      },
    });
    current = server;
    sim.setWebhookTarget(server.webhookUrl, secret, inProcess ? deliver : undefined);
    return server;
  };
}

/** Until the simulator has nothing to deliver and the app's lanes are idle, twice in a row. */
async function settleWorld(world: DemoWorld): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    await world.sim.settle({ timeoutMs: 60_000 });
    if (!world.server.app.lanes.busy) {
      await world.sim.settle({ timeoutMs: 60_000 });
      if (!world.server.app.lanes.busy) return;
    }
    await world.server.app.lanes.whenIdle();
  }
}

export async function startDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  const { sim, repos } = await startSeededSimulator(options);
  const clientClock = new SteppedClock(sim.clock);
  const startApp = appStarter(sim, options, clientClock);
  const world: DemoWorld = {
    sim,
    clientClock,
    server: await startApp(),
    repos,
    settle: () => settleWorld(world),
    advance: async (minutes: number) => {
      sim.clock.advance(minutes * 60_000);
      await world.server.app.resyncDue();
      await world.settle();
    },
    restartApp: async () => {
      await world.server.close();
      world.server = await startApp();
      await world.server.app.discover();
    },
    close: async () => {
      await world.server.close();
      await sim.close();
    },
  };
  return world;
}

/** The tracking issue's body as it is now. */
export function trackingBody(world: DemoWorld, issue: number): string {
  return world.sim.store.requireRepo(ORCH).issues.get(issue)?.body ?? "";
}
