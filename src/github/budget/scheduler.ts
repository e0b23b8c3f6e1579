// Every request of an installation goes through its one budget: it starts when the
// pacing rules allow (budget/pacing.ts), and a secondary-limit 403, a 429 or a spent
// primary budget pauses the whole installation until GitHub's retry-after or reset. A
// request GitHub refused for a rate limit was not carried out, so it is sent again after
// the pause — once it is allowed, never before.
import { throttling } from "@octokit/plugin-throttling";
import {
  blockedUntil,
  contentLeft,
  nextWritesAt,
  pause,
  recordBudget,
  reserve,
  waiting,
  type RequestShape,
} from "./pacing.js";
import type { BudgetStore } from "./store.js";

/** The scheduler's time: pacing waits are taken on it (tests inject the simulated clock). */
export interface ClientClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Told of every request on its way (a clock that jumps lets those arrive first). */
  sending?(request: Promise<unknown>): void;
}

export const realClock: ClientClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** GitHub's fallback when a secondary-limit answer has no retry-after: wait a minute. */
const SECONDARY_FALLBACK_S = 60;
/** A request refused for rate limits this often in a row fails (GitHub keeps refusing). */
const MAX_RATE_LIMITED_ATTEMPTS = 8;

export interface RequestOptions {
  method?: string;
  url?: string;
  query?: unknown;
}

type Headers = Record<string, string | number | undefined>;

interface Answer {
  status?: number;
  headers?: Headers;
  data?: unknown;
  message?: string;
}

/** What the budget rules need to know about a request (the throttling plugin's list of routes that notify). */
export function shapeOf(options: RequestOptions, spacing: boolean): RequestShape | null {
  const method = (options.method ?? "GET").toUpperCase();
  const path = new URL(options.url ?? "/", "http://github.test").pathname;
  // Creating an installation token is authentication, outside the installation's budget.
  if (method === "POST" && /^\/app\/installations\/[^/]+\/access_tokens$/.test(path)) return null;
  const graphql = path.endsWith("/graphql");
  const query = typeof options.query === "string" ? options.query.replace(/^\s*#.*$/gm, "") : "";
  const write = graphql ? /^\s*mutation\b/.test(query) : method !== "GET" && method !== "HEAD";
  const notifies = write && !graphql && throttling.triggersNotification(path);
  return { write, notifies, resource: graphql ? "graphql" : "core", spacing };
}

function header(headers: Headers | undefined, name: string): number | undefined {
  const v = headers?.[name];
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function isSecondaryLimit(a: Answer): boolean {
  const message = a.message ?? String((a.data as { message?: unknown } | undefined)?.message ?? "");
  return a.status === 429 || ((a.status === 403 || a.status === 429) && /secondary rate limit/i.test(message));
}

function graphqlRateLimited(data: unknown): boolean {
  const errors = (data as { errors?: { type?: string }[] } | undefined)?.errors;
  return Array.isArray(errors) && errors.some((e) => e.type === "RATE_LIMITED");
}

export interface BudgetStatus {
  /** Writes waiting for GitHub's limits, and when they go out again. */
  waiting: { queued: number; resumesAt: number; reason: string } | null;
  contentLeftMinute: number;
  contentLeftHour: number;
  /** Primary budgets GitHub last reported, by resource. */
  budgets: Record<string, { remaining: number; resetAt: number; limit: number }>;
}

export class InstallationBudgets {
  /** Requests GitHub refused for a rate limit (each paused the installation). */
  rateLimited = 0;
  /** The installations this process has sent requests for (metrics report their budgets). */
  private readonly installations = new Set<string>();

  constructor(
    private readonly store: BudgetStore,
    readonly clock: ClientClock = realClock,
    /** The 1 s / 3 s spacing between writes (off: a test client without pacing; the caps and pauses still hold). */
    private readonly spacing = true,
  ) {}

  /** Sends `send` for `installation` when its budget allows, pausing the installation on GitHub's rate-limit answers. */
  async run<T extends Answer>(installation: string, options: RequestOptions, send: () => Promise<T>): Promise<T> {
    const shape = shapeOf(options, this.spacing);
    if (!shape) return send();
    this.installations.add(installation);
    for (let attempt = 1; ; attempt += 1) {
      const start = await this.store.update(installation, (s) => reserve(s, this.clock.now(), shape));
      // From its slot to its answer the request is on its way: a clock that jumps lets it arrive first.
      let onWay = this.onTheWay();
      try {
        // Waits for its slot, and for a pause ordered meanwhile.
        for (let until = start; ; ) {
          if (until > this.clock.now()) {
            onWay();
            await this.sleepUntil(until);
            onWay = this.onTheWay();
          }
          until = await this.store.update(installation, (s) => blockedUntil(s, shape.resource, this.clock.now()));
          if (until <= this.clock.now()) break;
        }
        const outcome = await this.attempt(installation, shape, send, attempt);
        if (outcome.done) return outcome.answer;
      } finally {
        onWay();
      }
    }
  }

  /** Tells the clock a request is on its way; the returned function says it has arrived. */
  private onTheWay(): () => void {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    this.clock.sending?.(arrival);
    return arrived;
  }

  /** One attempt: the answer, or `done: false` when a rate limit paused the installation (send again). */
  private async attempt<T extends Answer>(
    installation: string,
    shape: RequestShape,
    send: () => Promise<T>,
    attempt: number,
  ): Promise<{ done: true; answer: T } | { done: false }> {
    {
      let answer: T;
      try {
        answer = await send();
      } catch (error) {
        const failed = error as Answer & { response?: Answer };
        const refused: Answer = {
          status: failed.status,
          headers: failed.response?.headers,
          data: failed.response?.data,
          message: failed.message,
        };
        await this.record(installation, shape, refused.headers);
        if (!(await this.pausedFor(installation, shape, refused)) || attempt >= MAX_RATE_LIMITED_ATTEMPTS) throw error;
        return { done: false };
      }
      await this.record(installation, shape, answer.headers);
      if (shape.resource === "graphql" && graphqlRateLimited(answer.data) && attempt < MAX_RATE_LIMITED_ATTEMPTS) {
        await this.pausedFor(installation, shape, { status: 200, headers: answer.headers, data: answer.data });
        return { done: false };
      }
      return { done: true, answer };
    }
  }

  private async sleepUntil(at: number): Promise<void> {
    const wait = at - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** When the last of `count` more writes (each notifying people, the slowest kind) could start, were they sent now. */
  async nextWritesAt(installation: string, count: number): Promise<number> {
    const now = this.clock.now();
    const shape: RequestShape = { write: true, notifies: true, resource: "core", spacing: this.spacing };
    return this.store.update(installation, (s) => nextWritesAt(s, now, count, shape));
  }

  async status(installation: string): Promise<BudgetStatus> {
    const now = this.clock.now();
    return this.store.update(installation, (s) => {
      const left = contentLeft(s, now);
      return {
        waiting: waiting(s, now),
        contentLeftMinute: left.minute,
        contentLeftHour: left.hour,
        budgets: { ...s.budgets },
      };
    });
  }

  /** Every known installation's budget, for /metrics. */
  async statuses(): Promise<Map<string, BudgetStatus>> {
    const out = new Map<string, BudgetStatus>();
    for (const installation of this.installations) out.set(installation, await this.status(installation));
    return out;
  }

  private async record(installation: string, shape: RequestShape, headers: Headers | undefined): Promise<void> {
    const remaining = header(headers, "x-ratelimit-remaining");
    const reset = header(headers, "x-ratelimit-reset");
    if (remaining === undefined || reset === undefined) return;
    const resource = String(headers?.["x-ratelimit-resource"] ?? shape.resource);
    await this.store.update(installation, (s) =>
      recordBudget(s, resource, remaining, reset * 1000, header(headers, "x-ratelimit-limit") ?? 0),
    );
  }

  /** Whether `a` was a rate-limit refusal; if so the installation is paused as GitHub asked. */
  private async pausedFor(installation: string, shape: RequestShape, a: Answer): Promise<boolean> {
    const now = this.clock.now();
    if (isSecondaryLimit(a)) {
      this.rateLimited += 1;
      const retryAfter = header(a.headers, "retry-after") ?? SECONDARY_FALLBACK_S;
      await this.store.update(installation, (s) => pause(s, now + retryAfter * 1000, "secondary rate limit"));
      return true;
    }
    const spent = (a.status === 403 && header(a.headers, "x-ratelimit-remaining") === 0) || graphqlRateLimited(a.data);
    if (!spent) return false;
    this.rateLimited += 1;
    const reset = (header(a.headers, "x-ratelimit-reset") ?? now / 1000 + 60) * 1000;
    const resource = String(a.headers?.["x-ratelimit-resource"] ?? shape.resource);
    await this.store.update(installation, (s) =>
      recordBudget(s, resource, 0, reset, header(a.headers, "x-ratelimit-limit") ?? 0),
    );
    return true;
  }
}

/** Octokit plugin: every request of an installation client goes through `budgets`. */
export function budgetPlugin(budgets: InstallationBudgets) {
  return (
    octokit: {
      hook: {
        wrap: (
          name: "request",
          fn: (request: (o: unknown) => Promise<unknown>, options: RequestOptions) => Promise<unknown>,
        ) => void;
      };
    },
    octokitOptions: { auth?: { installationId?: number | string } },
  ) => {
    const installationId = octokitOptions.auth?.installationId;
    if (installationId === undefined) return;
    octokit.hook.wrap("request", (request, options) =>
      budgets.run(String(installationId), options, () => request(options) as Promise<Answer>),
    );
  };
}
