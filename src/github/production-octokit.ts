// The Octokit the app runs with against GitHub: Probot's, with write pacing and the
// retry plugin, except that a write is never repeated by the client. A write whose
// response was lost (a 5xx, a dropped connection) may have been carried out: only the
// next reconcile, which reads GitHub first, may do it again. Reads are still retried,
// and so are writes GitHub refused for a rate limit (the throttling plugin), which
// GitHub did not carry out.
import { ProbotOctokit } from "probot";
import { requestKind } from "../ops/octokit-metrics.js";

type OctokitClass = typeof ProbotOctokit;

/** The client's time: pacing waits on it (tests inject one whose waits take no real time). */
export interface ClientClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** GitHub asks apps to space content writes 1 s apart, and 3 s for those that notify people. */
export const WRITE_SPACING_MS = 1_000;
export const NOTIFYING_WRITE_SPACING_MS = 3_000;

/** The retry plugin repeats nothing that writes; every other request keeps its retries. */
function writesOnce(octokit: { hook: InstanceType<OctokitClass>["hook"] }): void {
  octokit.hook.before("request", (options) => {
    if (requestKind(options as { method?: string; url?: string; query?: unknown }) !== "write") return;
    options.request = { ...options.request, retries: 0 };
  });
}

/**
 * A stand-in for one of the throttling plugin's Bottleneck groups: the same spacing
 * between the starts of jobs, waited for on `clock`.
 */
class Spacing {
  private next = 0;
  private readonly limiter = {
    schedule: async <T>(_options: unknown, job: (...args: unknown[]) => Promise<T>, ...args: unknown[]): Promise<T> => {
      const now = this.clock.now();
      const start = Math.max(now, this.next);
      this.next = start + this.ms;
      if (start > now) await this.clock.sleep(start - now);
      return job(...args);
    },
  };

  constructor(
    private readonly clock: ClientClock,
    private readonly ms: number,
  ) {}

  key(): typeof this.limiter {
    return this.limiter;
  }
}

/** Probot's answer to a rate limit (wait as GitHub says, then try again), the wait taken on `clock`. */
function waitOn(clock: ClientClock, kind: string) {
  return async (retryAfter: number, options: { method?: string; url?: string }, octokit: { log: { warn: (m: string) => void } }) => {
    octokit.log.warn(`${kind} hit with "${options.method} ${options.url}", retrying in ${retryAfter} seconds.`);
    await clock.sleep(retryAfter * 1000);
    return true;
  };
}

/**
 * The production client. With `clock`, write pacing and rate-limit waits are taken on
 * that clock and the retry plugin's back-off takes no time (tests against the simulator);
 * without it, the plugins' own timers (and Probot's Redis clustering of the pacing) are used.
 */
export function productionOctokit(clock?: ClientClock): OctokitClass {
  const Base = ProbotOctokit.plugin(writesOnce) as OctokitClass;
  if (!clock) return Base;
  const write = new Spacing(clock, WRITE_SPACING_MS);
  const notifications = new Spacing(clock, NOTIFYING_WRITE_SPACING_MS);
  return Base.defaults((options: Record<string, any>) => ({
    ...options,
    throttle: {
      ...options.throttle,
      write,
      notifications,
      retryAfterBaseValue: 0,
      onRateLimit: waitOn(clock, "Rate limit"),
      onSecondaryRateLimit: waitOn(clock, "Secondary rate limit"),
    },
    retry: { ...options.retry, retryAfterBaseValue: 0 },
  })) as OctokitClass;
}

/** A clock that moves only by its waits, which resolve at once (it counts the time waited). */
export class InstantClock implements ClientClock {
  waitedMs = 0;

  now(): number {
    return this.waitedMs;
  }

  async sleep(ms: number): Promise<void> {
    this.waitedMs += ms;
  }
}
