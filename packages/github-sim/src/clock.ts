/**
 * Simulated wall clock. Every timestamp the simulated GitHub produces comes
 * from here, so tests can move time forward deterministically.
 *
 * By default the clock runs in step with real time from the moment it was
 * created; `freeze()` stops it, `advance()` jumps forward, `set()` moves it.
 */
export interface ClockOptions {
  /** Initial time (default: real now). */
  start?: Date | string | number;
  /** Start frozen (default false). */
  frozen?: boolean;
}

export class SimClock {
  private base: number;
  private realBase: number;
  private frozen: boolean;

  constructor(options: ClockOptions = {}) {
    this.base = options.start === undefined ? Date.now() : new Date(options.start).getTime();
    this.realBase = Date.now();
    this.frozen = options.frozen ?? false;
  }

  /** Current simulated time in epoch milliseconds. */
  ms(): number {
    return this.frozen ? this.base : this.base + (Date.now() - this.realBase);
  }

  now(): Date {
    return new Date(this.ms());
  }

  /** ISO-8601 with second precision, as GitHub renders timestamps ("2024-05-01T10:00:00Z"). */
  iso(): string {
    return toGitHubTime(this.ms());
  }

  advance(ms: number): void {
    this.set(this.ms() + ms);
  }

  set(date: Date | string | number): void {
    this.base = new Date(date).getTime();
    this.realBase = Date.now();
    for (const fn of this.listeners) fn();
  }

  private readonly listeners = new Set<() => void>();

  /** Runs `fn` whenever the time is set or advanced (timers on the simulated clock); returns an unsubscribe function. */
  onSet(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  freeze(): void {
    this.base = this.ms();
    this.frozen = true;
  }

  unfreeze(): void {
    this.realBase = Date.now();
    this.frozen = false;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }
}

export function toGitHubTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
