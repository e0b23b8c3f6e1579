// What the app can be given, and what it uses when not told otherwise.
import { DEFAULT_HEALTH, type HealthOptions } from "../github/health.js";
import type { LaneOptions } from "../github/lanes.js";
import type { ReconcilerDeps } from "../github/reconcile/deps.js";
import type { ReconcileEvents } from "../github/reconcile/outcome.js";
import type { ReplicaOptions } from "../replicas/index.js";

/** `redisUrl` or `redis`: several replicas share lanes, delivery ids and trains through Redis (default: none, one process). */
export interface AppOptions extends ReplicaOptions {
  /** Name of the orchestration repository in each installation's account. */
  orchestrationRepo: string;
  /** Label that marks tracking issues when the config does not say otherwise. */
  defaultLabel: string;
  lanes: LaneOptions;
  /** Resync interval for trains whose config has not been read yet (ms); 0 disables the timer. Each train's `resyncMinutes` applies once known. */
  resyncMs: number;
  now: () => Date;
  health: HealthOptions;
  /** Observes the lane work (metrics); optional. */
  events?: AppEvents;
  /** The installation's writes waiting for GitHub's rate limits, shown on the tracking issue (from the server's API budget). */
  githubWait?: ReconcilerDeps["githubWait"];
  /** When the installation's next writes could go out (the server's API budget): bounds a reconcile's batch in time. */
  nextWritesAt?: ReconcilerDeps["nextWritesAt"];
  /** How many writes a reconcile's batch carries out at most (default BATCH_WRITES, src/github/write-batch.ts). */
  batchWrites?: number;
}

/** What the app tells its observer (metrics, the Actions run's record): each reconcile's outcome. */
export type AppEvents = ReconcileEvents;

/**
 * What the app uses when not told otherwise. The environment is read by the entry points
 * (src/main.ts, src/index.ts, src/action.ts through src/ops/env.ts), which pass what it sets.
 */
export const DEFAULT_OPTIONS: AppOptions = {
  orchestrationRepo: "release-train",
  defaultLabel: "release-train",
  lanes: { debounceMs: 300, maxWaitMs: 3000 },
  resyncMs: 10 * 60_000,
  now: () => new Date(),
  health: DEFAULT_HEALTH,
};
