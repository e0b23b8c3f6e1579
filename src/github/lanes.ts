// One lane per train: reconciles of a train never overlap, and a burst of hints for a
// train coalesces into at most one running plus one pending reconcile. A short quiet
// period (debounce, bounded by maxWait) lets a burst of webhooks land before we look.
// This is the in-process lane; with several replicas, src/replicas/redis-lanes.ts
// puts a leased, fenced Redis lock around the same lanes.

/**
 * Called as each write of a reconcile leaves the client: resolves when the lane may
 * still write, throws WriteAborted when it may not (another replica took the train
 * over). Its `signal`, when there is one, aborts once the right to write may have run
 * out: a write still unanswered then is abandoned, so it cannot land after a new holder
 * has read GitHub.
 */
export type BeforeWrite = (() => Promise<void>) & { readonly signal?: AbortSignal };

/** The lane lost the right to write; the reconcile stops and nothing after is written. */
export class WriteAborted extends Error {
  override name = "WriteAborted";
}

/** The WriteAborted behind `error` (the client wraps what its fetch threw as the error's cause), or null. */
export function writeAborted(error: unknown): WriteAborted | null {
  if (error instanceof WriteAborted) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof WriteAborted ? cause : null;
}

/** In-process lanes own their trains for good: nothing to check. */
export const alwaysWrite: BeforeWrite = async () => {};

/** A reconcile run in a lane, given the write guard of that run. */
export type LaneWork = (key: string, beforeWrite: BeforeWrite) => Promise<void>;

/** What the app needs from its lanes, in-process or across replicas. */
export interface TrainLanes {
  /** Asks for a reconcile of `key`; resolves when this replica has done its part (see the implementations). */
  hint(key: string): Promise<void>;
  /** True while a reconcile runs, is pending, or (across replicas) is waiting for another replica. */
  readonly busy: boolean;
  /** Resolves when not busy. */
  whenIdle(): Promise<void>;
  /** How many reconciles this process ran, per key (for benchmarks and tests). */
  readonly runs: Map<string, number>;
  /** Counts `work` (a webhook being handled, which may hint) as busy until it settles. */
  track(work: Promise<void>): void;
  /** Cancels what is pending (not what runs); used on shutdown. */
  close(): void;
}

export interface LaneOptions {
  /** Wait this long after the last hint before starting (ms). */
  debounceMs: number;
  /** But never delay a pending reconcile longer than this (ms). */
  maxWaitMs: number;
}

interface Lane {
  running: Promise<void> | null;
  pending: boolean;
  timer: NodeJS.Timeout | null;
  firstHintAt: number;
  waiters: Array<() => void>;
}

export class Lanes implements TrainLanes {
  private readonly lanes = new Map<string, Lane>();
  private readonly idleWaiters = new Set<() => void>();
  /** Tracked work still running (see track). */
  private tracked = 0;
  /** How many reconciles actually ran, per key (for benchmarks and tests). */
  readonly runs = new Map<string, number>();

  constructor(
    private readonly work: LaneWork,
    private readonly options: LaneOptions,
    private readonly onError: (key: string, error: unknown) => void = () => {},
  ) {}

  /** Asks for a reconcile of `key`; resolves when a reconcile that started after this call has finished. */
  hint(key: string): Promise<void> {
    const lane = this.lanes.get(key) ?? { running: null, pending: false, timer: null, firstHintAt: 0, waiters: [] };
    this.lanes.set(key, lane);
    const done = new Promise<void>((resolve) => lane.waiters.push(resolve));
    if (!lane.pending) {
      lane.pending = true;
      lane.firstHintAt = Date.now();
    }
    if (!lane.running) this.schedule(key, lane);
    return done;
  }

  private schedule(key: string, lane: Lane): void {
    if (lane.timer) clearTimeout(lane.timer);
    const waited = Date.now() - lane.firstHintAt;
    const delay = Math.max(0, Math.min(this.options.debounceMs, this.options.maxWaitMs - waited));
    lane.timer = setTimeout(() => this.start(key, lane), delay);
  }

  private start(key: string, lane: Lane): void {
    lane.timer = null;
    lane.pending = false;
    const waiters = lane.waiters.splice(0);
    this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
    lane.running = this.work(key, alwaysWrite)
      .catch((error: unknown) => this.onError(key, error))
      .finally(() => {
        lane.running = null;
        for (const resolve of waiters) resolve();
        if (lane.pending) this.schedule(key, lane);
        else {
          this.lanes.delete(key);
          this.checkIdle();
        }
      });
  }

  get busy(): boolean {
    return this.lanes.size > 0 || this.tracked > 0;
  }

  track(work: Promise<void>): void {
    this.tracked += 1;
    void work.finally(() => {
      this.tracked -= 1;
      this.checkIdle();
    });
  }

  /** Resolves when no lane is running or pending. */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  private checkIdle(): void {
    if (this.busy) return;
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }

  /** Cancels pending (not running) reconciles and releases their waiters; used on shutdown. */
  close(): void {
    for (const [key, lane] of this.lanes) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = null;
      lane.pending = false;
      if (!lane.running) {
        for (const resolve of lane.waiters.splice(0)) resolve();
        this.lanes.delete(key);
      }
    }
    this.checkIdle();
  }
}
