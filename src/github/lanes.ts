// One lane per train: reconciles of a train never overlap, and a burst of hints for a
// train coalesces into at most one running plus one pending reconcile. A short quiet
// period (debounce, bounded by maxWait) lets a burst of webhooks land before we look.

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

export class Lanes {
  private readonly lanes = new Map<string, Lane>();
  private readonly idleWaiters = new Set<() => void>();
  /** How many reconciles actually ran, per key (for benchmarks and tests). */
  readonly runs = new Map<string, number>();

  constructor(
    private readonly work: (key: string) => Promise<void>,
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
    lane.running = this.work(key)
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
    return this.lanes.size > 0;
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
