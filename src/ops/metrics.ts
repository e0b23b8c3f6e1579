// Prometheus metrics of one app instance. Each instance has its own Registry (not
// prom-client's global one), so several apps in one process (tests) never collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { BudgetStatus } from "../github/budget/scheduler.js";
import type { ReconcileEvents, TrainPhase } from "../github/reconcile/outcome.js";
import type { PhaseBoard } from "../replicas/phases.js";
import type { RequestKind } from "../github/request-kind.js";

/** Phases always exported (as 0 when empty), so dashboards and alerts see every series. */
const PHASES: Array<TrainPhase | "refused"> = [
  "preconditions",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "rollback",
  "finished",
  "refused",
];

export interface MetricsOptions {
  /** Also export the process's CPU, memory and event-loop metrics (production, not tests). */
  processMetrics?: boolean;
  /** With several replicas: the phases of every replica's trains, so each reports them all. */
  phases?: PhaseBoard | undefined;
}

export class AppMetrics {
  readonly registry = new Registry();
  readonly webhooks: Counter<"event">;
  readonly reconciles: Counter<"outcome">;
  readonly reconcileDuration: Histogram;
  readonly graphqlPoints: Counter;
  readonly githubRequests: Counter<"kind" | "status">;
  readonly rateLimitRemaining: Gauge<"resource">;
  readonly activeTrains: Gauge<"phase">;
  readonly rollbacks: Counter;
  readonly contentCreationLeft: Gauge<"installation" | "window">;
  readonly graphqlPointsLeft: Gauge<"installation">;
  readonly rateLimited: Gauge;
  /** The installations' API budgets (set by the server that owns them). */
  budgets: { statuses(): Promise<Map<string, BudgetStatus>>; rateLimited: number } | undefined;
  /** The last phase seen per train this process reconciles. */
  private readonly phases = new Map<string, TrainPhase | "refused">();
  private readonly sharedPhases: PhaseBoard | undefined;

  constructor(options: MetricsOptions = {}) {
    this.sharedPhases = options.phases;
    const registers = [this.registry];
    const work = workMetrics(registers);
    this.webhooks = work.webhooks;
    this.reconciles = work.reconciles;
    this.reconcileDuration = work.reconcileDuration;
    this.graphqlPoints = work.graphqlPoints;
    const github = githubMetrics(registers);
    this.githubRequests = github.requests;
    this.rateLimitRemaining = github.rateLimitRemaining;
    this.rollbacks = new Counter({
      name: "release_train_rollbacks_total",
      help: "Rollbacks started (automatic or /rollback).",
      registers,
    });
    this.activeTrains = activeTrainsGauge(registers, this.phases, this.sharedPhases);
    const budget = budgetGauges(registers, () => this.budgets);
    this.contentCreationLeft = budget.contentCreationLeft;
    this.graphqlPointsLeft = budget.graphqlPointsLeft;
    this.rateLimited = budget.rateLimited;
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** The observer the app calls from its lane work. */
  readonly events: ReconcileEvents = {
    reconciled: (train, outcome, ms) => {
      this.reconciles.inc({ outcome: outcome.kind });
      this.reconcileDuration.observe(ms / 1000);
      if (outcome.kind !== "failed") this.graphqlPoints.inc(outcome.points);
      if (outcome.kind === "reconciled") {
        this.phases.set(train, outcome.phase);
        if (outcome.rollbackStarted) this.rollbacks.inc();
      } else if (outcome.kind === "refused") this.phases.set(train, "refused");
      else if (outcome.kind === "not-a-train") this.phases.delete(train);
      // A failed reconcile changes nothing we know of the train's phase.
      if (outcome.kind !== "failed") void this.sharedPhases?.set(train, this.phases.get(train) ?? null);
    },
  };

  /** One GitHub response (or failure); `headers` may carry the rate-limit budget. */
  githubRequest(kind: RequestKind, status: number | "error", headers?: Record<string, unknown>): void {
    this.githubRequests.inc({ kind, status: String(status) });
    const remaining = Number(headers?.["x-ratelimit-remaining"]);
    if (headers?.["x-ratelimit-remaining"] !== undefined && Number.isFinite(remaining)) {
      this.rateLimitRemaining.set({ resource: String(headers["x-ratelimit-resource"] ?? "core") }, remaining);
    }
  }

  /** The text a Prometheus scrape gets. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

type Registers = Registry[];

/** What the webhooks and the lane work count. */
function workMetrics(registers: Registers) {
  return {
    webhooks: new Counter({
      name: "release_train_webhooks_received_total",
      help: "Webhook deliveries received with a valid signature, by event.",
      labelNames: ["event"],
      registers,
    }),
    reconciles: new Counter({
      name: "release_train_reconciles_total",
      help: "Reconciles run, by outcome (reconciled, not-a-train, refused, failed).",
      labelNames: ["outcome"],
      registers,
    }),
    reconcileDuration: new Histogram({
      name: "release_train_reconcile_duration_seconds",
      help: "Wall-clock time of one reconcile (observe, decide, act), write pacing included.",
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    graphqlPoints: new Counter({
      name: "release_train_graphql_points_total",
      help: "GraphQL points GitHub charged for reconciles' reads (rateLimit.cost of each query).",
      registers,
    }),
  };
}

/** The requests to GitHub and the rate limit its responses report. */
function githubMetrics(registers: Registers) {
  return {
    requests: new Counter({
      name: "release_train_github_requests_total",
      help: "Requests to the GitHub API (after retries), by kind (read, write, auth) and HTTP status (or error).",
      labelNames: ["kind", "status"],
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: "release_train_rate_limit_remaining",
      help: "x-ratelimit-remaining of the latest GitHub response, by x-ratelimit-resource.",
      labelNames: ["resource"],
      registers,
    }),
  };
}

function activeTrainsGauge(
  registers: Registers,
  local: ReadonlyMap<string, string>,
  shared: PhaseBoard | undefined,
): Gauge<"phase"> {
  return new Gauge({
    name: "release_train_active_trains",
    help: "Open trains by phase: every replica's with Redis, else this process's.",
    labelNames: ["phase"],
    registers,
    async collect() {
      // Redis unreachable: what this replica saw itself is better than no figure.
      const phases: ReadonlyMap<string, string> = shared ? await shared.all().catch(() => local) : local;
      const counts = new Map<string, number>(PHASES.map((p) => [p, 0]));
      for (const phase of phases.values()) counts.set(phase, (counts.get(phase) ?? 0) + 1);
      for (const [phase, count] of counts) this.set({ phase }, count);
    },
  });
}

/** The installations' API budgets, read at each scrape from the server that owns them. */
function budgetGauges(registers: Registers, budgets: () => AppMetrics["budgets"]) {
  return {
    contentCreationLeft: new Gauge({
      name: "release_train_content_creation_left",
      help: "Content-creating requests each installation may still send now: GitHub allows 80 a minute and 500 an hour (window: minute, hour).",
      labelNames: ["installation", "window"],
      registers,
      async collect() {
        for (const [installation, s] of (await budgets()?.statuses()) ?? []) {
          this.set({ installation, window: "minute" }, s.contentLeftMinute);
          this.set({ installation, window: "hour" }, s.contentLeftHour);
        }
      },
    }),
    graphqlPointsLeft: new Gauge({
      name: "release_train_graphql_points_left",
      help: "GraphQL points each installation has left until its hourly reset, as GitHub last reported.",
      labelNames: ["installation"],
      registers,
      async collect() {
        for (const [installation, s] of (await budgets()?.statuses()) ?? []) {
          const points = s.budgets["graphql"];
          if (points) this.set({ installation }, points.remaining);
        }
      },
    }),
    rateLimited: new Gauge({
      name: "release_train_rate_limited_requests",
      help: "Requests GitHub refused for a rate limit since start (each paused the installation until retry-after or the reset).",
      registers,
      collect() {
        this.set(budgets()?.rateLimited ?? 0);
      },
    }),
  };
}
