// Webhook de-duplication by delivery id (X-GitHub-Delivery, Probot's `context.id`).
// GitHub may send a delivery twice, and a redelivery keeps its id. Reconciles are
// level-triggered, so a duplicate could not corrupt a train; ignoring it saves the
// reads of a reconcile (and, across replicas, keeps two replicas from racing on it).
import type { Redis } from "ioredis";
import type { Logger } from "pino";

export interface DeliveryLedger {
  /** True the first time an id is seen (by any replica sharing the ledger), false after. */
  firstSeen(id: string): Promise<boolean>;
}

/** In-process: remembers the most recent `max` ids, forgetting the oldest first. */
export class MemoryDeliveries implements DeliveryLedger {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 10_000) {}

  async firstSeen(id: string): Promise<boolean> {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (this.seen.size > this.max) this.seen.delete(this.seen.values().next().value!);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

/** GitHub keeps deliveries for redelivery for a few days; a day covers automatic duplicates. */
export const DELIVERY_TTL_SECONDS = 86_400;

/** Across replicas: `SET <prefix>delivery:<id> NX EX 86400`. */
export class RedisDeliveries implements DeliveryLedger {
  constructor(
    private readonly redis: Redis,
    private readonly log: Pick<Logger, "warn">,
    private readonly prefix = "release-train:",
  ) {}

  async firstSeen(id: string): Promise<boolean> {
    try {
      return (await this.redis.set(`${this.prefix}delivery:${id}`, "1", "EX", DELIVERY_TTL_SECONDS, "NX")) === "OK";
    } catch (error) {
      // Without Redis we cannot tell; handling a duplicate is harmless, dropping a hint is not.
      this.log.warn({ delivery: id, err: error }, "could not check the delivery id; handling it");
      return true;
    }
  }
}
