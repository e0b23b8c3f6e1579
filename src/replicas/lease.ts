// A train's lock across replicas: a Redis key set with NX and a lease (PX), renewed
// while its reconcile runs, released with a compare-and-delete. Each acquisition
// takes a fencing token from a per-train counter, so a holder whose lease ran out
// (paused process, lost connection) can tell it is no longer the holder, even when
// the key now holds a newer token, and stops writing. A holder that cannot renew also
// knows by its own clock when the lease may have run out, and abandons the writes it
// still has in flight then.
import type { Redis } from "ioredis";
import { WriteAborted, type BeforeWrite } from "../github/lanes.js";

export interface LeaseOptions {
  /** How long a lease lives without renewal (ms): a crashed holder blocks its train this long. */
  leaseMs: number;
  /** How often a running reconcile renews its lease (ms); a third of the lease by default. */
  renewMs?: number;
}

export const DEFAULT_LEASE: LeaseOptions = { leaseMs: 30_000 };

// SET NX PX, then INCR the fencing counter: one script, so a token is only spent on success.
const ACQUIRE = `
local token = tonumber(redis.call('GET', KEYS[2]) or '0') + 1
if not redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'NX', 'PX', ARGV[2]) then return 0 end
redis.call('INCR', KEYS[2])
return token`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// The remaining lease when the key still holds our value and token, -1 otherwise.
const CHECK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PTTL', KEYS[1]) end
return -1`;

/** Thrown by a lease's write guard once the lease is no longer ours. */
export class LeaseLost extends WriteAborted {
  override name = "LeaseLost";
}

/** A held lock on one train. */
export class Lease {
  private lostReason: string | null = null;
  private readonly timer: NodeJS.Timeout;
  /** Aborts once the lease may have run out: the writes still in flight are abandoned. */
  private readonly lostSignal = new AbortController();
  private expiry: NodeJS.Timeout | undefined;

  constructor(
    private readonly locks: LeaseLock,
    readonly train: string,
    /** The fencing token: higher than every earlier holder's. */
    readonly token: number,
    /** What the lock key holds while the lease is ours ("<replica>:<token>"). */
    readonly value: string,
    /** When (this process's clock, ms) the request that set the lease was sent. */
    setAt: number,
  ) {
    this.timer = setInterval(() => void this.renew(), locks.renewMs);
    this.timer.unref();
    this.extend(setAt, locks.leaseMs);
  }

  /**
   * Redis said at `askedAt` (or later) that `ttlMs` were left: the lease is ours until
   * `askedAt + ttlMs` at the latest, less half the safety margin for the clocks' drift.
   */
  private extend(askedAt: number, ttlMs: number): void {
    if (this.lostReason) return;
    clearTimeout(this.expiry);
    const left = askedAt + ttlMs - this.locks.safetyMs / 2 - Date.now();
    this.expiry = setTimeout(() => this.lose("it ran out before it could be renewed"), Math.max(0, left));
    this.expiry.unref();
  }

  private async renew(): Promise<void> {
    const askedAt = Date.now();
    try {
      if (await this.locks.renew(this)) this.extend(askedAt, this.locks.leaseMs);
      else this.lose("the lease expired and was not ours any more at renewal");
    } catch {
      // Redis unreachable: the write guard finds out for itself before the next write, and the expiry timer stops the writes in flight.
    }
  }

  private lose(reason: string): void {
    this.lostReason ??= reason;
    clearInterval(this.timer);
    clearTimeout(this.expiry);
    if (!this.lostSignal.signal.aborted) this.lostSignal.abort(this.lostError());
  }

  private lostError(): LeaseLost {
    return new LeaseLost(
      `train ${this.train}: lease ${this.token} lost (${this.lostReason}); this reconcile stops writing`,
    );
  }

  /**
   * The write guard: resolves when the lease is still ours with this token and has
   * time left; otherwise throws LeaseLost (also when Redis cannot say). Its signal
   * aborts when the lease may have run out (see BeforeWrite).
   */
  readonly check: BeforeWrite = Object.assign(
    async (): Promise<void> => {
      if (this.lostReason) throw this.lostError();
      const askedAt = Date.now();
      let remaining: number;
      try {
        remaining = await this.locks.remaining(this);
      } catch (error) {
        throw new LeaseLost(
          `train ${this.train}: cannot confirm lease ${this.token} (${(error as Error).message}); this reconcile stops writing`,
        );
      }
      if (remaining < 0) this.lose("another replica holds the train, or the lease expired");
      else if (remaining < this.locks.safetyMs) this.lose(`only ${remaining} ms left`);
      else this.extend(askedAt, remaining);
      if (this.lostReason) throw this.lostError();
    },
    { signal: this.lostSignal.signal },
  );

  get lost(): boolean {
    return this.lostReason !== null;
  }

  /** Stops renewing and deletes the lock if it is still ours; true when it was. */
  async release(): Promise<boolean> {
    this.lose("released");
    return this.locks.release(this);
  }
}

/** Leased, fenced locks on trains, shared by every replica through one Redis. */
export class LeaseLock {
  readonly leaseMs: number;
  readonly renewMs: number;
  /** A write needs at least this much lease left, so it cannot outlive the lease by much. */
  readonly safetyMs: number;

  constructor(
    private readonly redis: Redis,
    /** Names this replica in the lock's value (for operators reading Redis). */
    private readonly replica: string,
    options: LeaseOptions = DEFAULT_LEASE,
    private readonly prefix = "release-train:",
  ) {
    this.leaseMs = options.leaseMs;
    this.renewMs = options.renewMs ?? Math.max(10, Math.floor(options.leaseMs / 3));
    this.safetyMs = Math.min(1_000, Math.floor(options.leaseMs / 4));
  }

  lockKey(train: string): string {
    return `${this.prefix}lock:${train}`;
  }

  fenceKey(train: string): string {
    return `${this.prefix}fence:${train}`;
  }

  /** The lease on `train`, or null when another replica holds it. */
  async acquire(train: string): Promise<Lease | null> {
    const sentAt = Date.now();
    const token = Number(
      await this.redis.eval(ACQUIRE, 2, this.lockKey(train), this.fenceKey(train), this.replica, this.leaseMs),
    );
    return token > 0 ? new Lease(this, train, token, `${this.replica}:${token}`, sentAt) : null;
  }

  async renew(lease: Lease): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.lockKey(lease.train), lease.value, this.leaseMs)) === 1;
  }

  async release(lease: Lease): Promise<boolean> {
    return Number(await this.redis.eval(RELEASE, 1, this.lockKey(lease.train), lease.value)) === 1;
  }

  /** Milliseconds left on the lease when it is still ours, -1 otherwise. */
  async remaining(lease: Lease): Promise<number> {
    return Number(await this.redis.eval(CHECK, 1, this.lockKey(lease.train), lease.value));
  }

  /** How long until the current holder's lease runs out (0 when nobody holds the train). */
  async heldFor(train: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.lockKey(train)));
  }
}
