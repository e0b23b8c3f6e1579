// The Octokit the app runs with against GitHub: Probot's, with the retry plugin, except
// that a write is never repeated by the client. A write whose response was lost (a 5xx,
// a dropped connection) may have been carried out: only the next reconcile, which reads
// GitHub first, may do it again. Reads are still retried.
//
// Pacing and rate limits are the installation's budget (budget/scheduler.ts), which
// replaces the throttling plugin: that plugin waits on real timers (it cannot run on the
// simulated clock), retries each request on its own instead of pausing the installation,
// and shares only its spacing across replicas. Its list of routes that notify people is
// still used.
import { ProbotOctokit } from "probot";
import { requestKind } from "./request-kind.js";
import { budgetPlugin, InstallationBudgets, type ClientClock } from "./budget/scheduler.js";
import { LocalBudgetStore } from "./budget/store.js";

export type { ClientClock } from "./budget/scheduler.js";
export { NOTIFYING_WRITE_SPACING_MS, WRITE_SPACING_MS } from "./budget/pacing.js";

type OctokitClass = typeof ProbotOctokit;

/** The retry plugin repeats nothing that writes, and no rate-limit answer (the budget waits for those). */
function writesOnce(octokit: { hook: InstanceType<OctokitClass>["hook"] }): void {
  octokit.hook.before("request", (options) => {
    if (requestKind(options as { method?: string; url?: string; query?: unknown }) !== "write") return;
    options.request = { ...options.request, retries: 0 };
  });
}

/** GitHub's statuses the retry plugin leaves alone; 429 is added: the budget pauses the installation for it. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/**
 * The production client: every installation request through `budgets` (pacing, caps,
 * pauses). With a clock (tests against the simulator) the retry plugin's back-off takes no time.
 */
export function productionOctokit(
  clock?: ClientClock,
  budgets = new InstallationBudgets(new LocalBudgetStore(), clock),
): OctokitClass {
  const Base = ProbotOctokit.plugin(writesOnce, budgetPlugin(budgets) as never) as OctokitClass;
  // biome-ignore lint/suspicious/noExplicitAny: Octokit's own options type
  return Base.defaults((options: Record<string, any>) => ({
    ...options,
    throttle: { ...options.throttle, enabled: false },
    retry: { ...options.retry, doNotRetry: DO_NOT_RETRY, ...(clock ? { retryAfterBaseValue: 0 } : {}) },
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

/**
 * The simulated GitHub's clock seen by the client: waits end in the order of their ends,
 * the clock moved forward to each (if nothing moved it further meanwhile), so hours of
 * pacing take no real time. Before it moves, the requests on their way arrive, as they
 * would during a real wait.
 */
export class SteppedClock implements ClientClock {
  waitedMs = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private sleepers: { until: number; wake: () => void }[] = [];
  private driving = false;

  constructor(private readonly source: { ms(): number; set(ms: number): void }) {}

  now(): number {
    return this.source.ms();
  }

  sending(request: Promise<unknown>): void {
    this.inFlight.add(request);
    const arrived = () => void this.inFlight.delete(request);
    request.then(arrived, arrived);
  }

  sleep(ms: number): Promise<void> {
    this.waitedMs += ms;
    const until = this.source.ms() + ms;
    return new Promise((wake) => {
      this.sleepers.push({ until, wake });
      void this.drive();
    });
  }

  private async drive(): Promise<void> {
    if (this.driving) return;
    this.driving = true;
    try {
      while (this.sleepers.length > 0) {
        // Let requests that just took their slots get on their way, and arrive.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.inFlight.size > 0) {
          await Promise.all([...this.inFlight]);
          continue;
        }
        const next = Math.min(...this.sleepers.map((s) => s.until));
        if (this.source.ms() < next) this.source.set(next);
        const now = this.source.ms();
        const due = this.sleepers.filter((s) => s.until <= now);
        this.sleepers = this.sleepers.filter((s) => s.until > now);
        for (const s of due) s.wake();
      }
    } finally {
      this.driving = false;
    }
  }
}
