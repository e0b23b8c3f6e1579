// One lane per train across replicas. Each replica keeps its in-process lanes (debounce,
// coalescing); a reconcile then runs only while this replica holds the train's Redis
// lease, and every write it makes is checked against that lease (the fencing token).
//
// A hint must not be lost because another replica holds the train. The replica that
// cannot get the lock leaves a per-train "pending" flag and tries once more (the holder
// may have finished meanwhile). The holder deletes the flag when it starts (its
// observation covers every earlier hint) and, after releasing, runs once more if the
// flag came back while it worked. The one that left the flag also polls while the
// lock is held, so a holder that crashed is replaced once its lease runs out. Overall:
// at most one reconcile running and one pending per train.
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { Lanes, type LaneOptions, type LaneWork, type TrainLanes } from "../github/lanes.js";
import type { Lease, LeaseLock } from "./lease.js";

/** A pending flag outlives any reasonable reconcile; a stale one costs one extra reconcile. */
const PENDING_TTL_MS = 60 * 60_000;
/** While another replica holds a train we left a hint for, look this often whether it is done (ms). */
const POLL_MS = 200;
/** The least wait before looking again (ms). */
const MIN_RETRY_MS = 25;

export class RedisLanes implements TrainLanes {
  private readonly local: Lanes;
  private readonly held = new Map<string, Lease>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private readonly retryWaiters = new Set<() => void>();
  private closed = false;
  /** Reconciles this replica ran under the lock, per key. */
  readonly runs = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly locks: LeaseLock,
    private readonly work: LaneWork,
    options: LaneOptions,
    onError: (key: string, error: unknown) => void,
    private readonly log: Pick<Logger, "debug" | "warn">,
    private readonly prefix = "release-train:",
  ) {
    this.local = new Lanes((key) => this.runLocked(key), options, onError);
  }

  private pendingKey(key: string): string {
    return `${this.prefix}pending:${key}`;
  }

  /** Resolves when this replica has reconciled, or has left the work to the replica holding the train. */
  hint(key: string): Promise<void> {
    return this.local.hint(key);
  }

  /** True while this replica holds the train's lease (a reconcile of it runs here). */
  holds(key: string): boolean {
    return this.held.has(key);
  }

  private async runLocked(key: string): Promise<void> {
    let lease = await this.locks.acquire(key);
    if (!lease) {
      await this.redis.set(this.pendingKey(key), "1", "PX", PENDING_TTL_MS);
      // The holder may have released between our attempt and the flag.
      lease = await this.locks.acquire(key);
      if (!lease) {
        this.log.debug({ train: key }, "another replica holds the train; it will look again");
        this.scheduleRetry(key);
        return;
      }
    }
    this.held.set(key, lease);
    try {
      // Our observation starts after this, so it covers every hint left so far.
      await this.redis.del(this.pendingKey(key));
      this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
      await this.work(key, lease.check);
    } finally {
      this.held.delete(key);
      await this.afterRun(key, lease);
    }
  }

  private async afterRun(key: string, lease: Lease): Promise<void> {
    try {
      if (!(await lease.release()))
        this.log.warn(
          { train: key, token: lease.token },
          "the train's lease had already expired when its reconcile ended",
        );
      // A hint arrived while we worked: one more reconcile, here (when shutting down, the flag stays for the others).
      if (!this.closed && (await this.redis.del(this.pendingKey(key))) > 0) void this.local.hint(key);
    } catch (error) {
      // Redis unreachable: the lease runs out by itself, and whoever left a hint polls.
      this.log.warn({ train: key, err: error }, "could not release the train's lease");
    }
  }

  /** Looks again soon: the holder takes the flag when it finishes, a crashed holder's lease runs out. */
  private scheduleRetry(key: string, waitMs = POLL_MS): void {
    if (this.closed || this.retries.has(key)) return;
    const timer = setTimeout(() => void this.retry(key), Math.max(MIN_RETRY_MS, Math.min(waitMs, this.locks.leaseMs)));
    timer.unref();
    this.retries.set(key, timer);
  }

  private async retry(key: string): Promise<void> {
    let again: number | null = null;
    try {
      // Gone: the holder (or another replica) has taken the hint over.
      if (this.closed || (await this.redis.exists(this.pendingKey(key))) === 0) return;
      const held = await this.locks.heldFor(key);
      if (held > 0) again = Math.min(POLL_MS, held + MIN_RETRY_MS);
      else void this.local.hint(key);
    } catch (error) {
      this.log.warn({ train: key, err: error }, "could not look for a pending reconcile");
    } finally {
      this.retries.delete(key);
      if (again !== null) this.scheduleRetry(key, again);
      for (const resolve of this.retryWaiters) resolve();
      this.retryWaiters.clear();
    }
  }

  get busy(): boolean {
    return this.local.busy || this.retries.size > 0;
  }

  track(work: Promise<void>): void {
    this.local.track(work);
  }

  async whenIdle(): Promise<void> {
    while (this.busy) {
      await this.local.whenIdle();
      if (this.retries.size > 0) await new Promise<void>((resolve) => this.retryWaiters.add(resolve));
    }
  }

  /** Stops looking for other replicas' work and cancels what is pending here; running reconciles finish and release. */
  close(): void {
    this.closed = true;
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    for (const resolve of this.retryWaiters) resolve();
    this.retryWaiters.clear();
    this.local.close();
  }
}
