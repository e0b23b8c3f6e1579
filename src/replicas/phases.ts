// The phase of every open train, shared by the replicas: each replica reports all the
// trains in its metrics, whichever replica reconciled them last. One Redis hash,
// train -> phase, written after each reconcile; like the directory, a cache of what
// GitHub shows, rebuilt by the reconciles.
import type { Redis } from "ioredis";
import type { Logger } from "pino";

export interface PhaseBoard {
  /** Records the train's phase after a reconcile; null when it is no train any more. */
  set(train: string, phase: string | null): Promise<void>;
  /** Every open train's phase. Throws when the board cannot be read. */
  all(): Promise<Map<string, string>>;
}

export class RedisPhaseBoard implements PhaseBoard {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    private readonly log: Pick<Logger, "warn">,
    prefix = "release-train:",
  ) {
    this.key = `${prefix}phases`;
  }

  async set(train: string, phase: string | null): Promise<void> {
    try {
      if (phase === null) await this.redis.hdel(this.key, train);
      else await this.redis.hset(this.key, train, phase);
    } catch (error) {
      // The train's next reconcile writes it again; until then the gauge shows the last value.
      this.log.warn({ train, err: error }, "could not share the train's phase");
    }
  }

  async all(): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.key)));
  }
}
