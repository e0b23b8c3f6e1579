// Which trains exist and which repositories each covers, shared by the replicas.
// A webhook is routed through the local registry, which a replica fills from what
// it reconciled itself; behind a load balancer a replica also receives events for
// trains another replica started (or reconciled last). The replica that reconciles
// a train publishes its registry entry; a replica routing a webhook first merges the
// published entries that are newer than its own. Like the registry, this is a cache
// of what GitHub shows, rebuilt by the reconciles; Redis holds nothing else of a train.
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { ActiveTrain, TrainRegistry } from "../github/registry.js";
import type { TrainRef } from "../train/model/observation.js";

export interface TrainDirectory {
  /** Publishes the train's registry entry after a reconcile (undefined: it is no train any more). */
  publish(key: string, train: ActiveTrain | undefined): Promise<void>;
  /** Merges published entries newer than the registry's own into it. */
  syncInto(registry: TrainRegistry): Promise<void>;
}

/** One process: its registry is the whole truth. */
export const localDirectory: TrainDirectory = {
  publish: async () => {},
  syncInto: async () => {},
};

interface Entry {
  ref: TrainRef;
  branch: string | null;
  repos: string[];
  resyncMs: number | null;
  environments: string[] | null;
  lastReconciledAt: number;
  wakeAt: number | null;
}

export class RedisDirectory implements TrainDirectory {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    private readonly log: Pick<Logger, "warn">,
    prefix = "release-train:",
  ) {
    this.key = `${prefix}trains`;
  }

  async publish(key: string, train: ActiveTrain | undefined): Promise<void> {
    try {
      if (train) await this.redis.hset(this.key, key, JSON.stringify(this.entry(train)));
      else await this.redis.hdel(this.key, key);
    } catch (error) {
      // The next reconcile publishes again; until then other replicas route with what they know.
      this.log.warn({ train: key, err: error }, "could not publish the train to the shared directory");
    }
  }

  private entry(train: ActiveTrain): Entry {
    return {
      ref: train.ref,
      branch: train.branch,
      repos: [...train.repos],
      resyncMs: train.resyncMs,
      environments: train.environments,
      lastReconciledAt: train.lastReconciledAt,
      wakeAt: train.wakeAt,
    };
  }

  async syncInto(registry: TrainRegistry): Promise<void> {
    let published: Record<string, string>;
    try {
      published = await this.redis.hgetall(this.key);
    } catch (error) {
      this.log.warn({ err: error }, "could not read the shared train directory; routing with what this replica knows");
      return;
    }
    for (const [key, json] of Object.entries(published)) {
      const entry = JSON.parse(json) as Entry;
      const local = registry.get(key);
      if (local && local.lastReconciledAt >= entry.lastReconciledAt) continue;
      registry.upsert(entry.ref, {
        branch: entry.branch,
        repos: entry.repos,
        ...(entry.resyncMs !== null ? { resyncMs: entry.resyncMs } : {}),
        ...(entry.environments ? { environments: entry.environments } : {}),
      });
      registry.markReconciled(key, entry.lastReconciledAt);
      registry.setWake(key, entry.wakeAt);
    }
  }
}
