// An HTTP server running the app: the webhook endpoint (signature verified by
// Probot) and the ops endpoints (/healthz, /readyz, /metrics). Used by the
// production entry (src/main.ts), the demo and the end-to-end tests.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { Probot } from "probot";
import { InstallationBudgets } from "./github/budget/scheduler.js";
import { LocalBudgetStore } from "./github/budget/store.js";
import { productionOctokit, type ClientClock } from "./github/production-octokit.js";
import { unpacedOctokit } from "./github/unpaced-octokit.js";
import { RedisBudgetStore } from "./replicas/redis-budget.js";
import { connectRedis, type Redis } from "./replicas/redis.js";
import { createReleaseTrainApp, type AppOptions, type ReleaseTrainApp } from "./app.js";
import { createOpsHandler, type ReadyCheck } from "./ops/http.js";
import { AppMetrics } from "./ops/metrics.js";
import { withMetrics } from "./ops/octokit-metrics.js";
import { createWebhookMiddleware } from "./webhook-middleware.js";

export interface AppServerOptions {
  baseUrl: string;
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /**
   * GitHub asks apps to space writes (1 s; 3 s for ones that notify). Against the
   * simulator this may be switched off so a demo takes seconds; never against GitHub.
   */
  pacing: boolean;
  /** The installation budgets' clock (default: real time); tests give the simulated GitHub's. */
  clientClock?: ClientClock;
  log?: Logger;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  app?: Partial<AppOptions>;
  /** Several replicas: Probot's rate-limit clustering and the app's lanes, delivery ids and trains share this Redis. */
  redisUrl?: string;
  /** Where to listen (default 127.0.0.1 on a free port). */
  port?: number;
  host?: string;
  /** Extra readiness checks for /readyz (Redis answering PING, …). */
  ready?: ReadyCheck;
  /** Metrics to fill (default: a fresh registry for this server). */
  metrics?: AppMetrics;
  /** How the client reaches GitHub (default: Node's fetch); tests may hand it the simulator's in-process transport. */
  fetch?: typeof globalThis.fetch;
}

export interface RunningAppServer {
  url: string;
  webhookUrl: string;
  app: ReleaseTrainApp;
  probot: Probot;
  metrics: AppMetrics;
  /** Every installation's API budget (one per installation, shared through Redis with `redisUrl`). */
  budgets: InstallationBudgets;
  /** What the server does with one request (the demo and tests may hand it requests without a socket). */
  handle: RequestListener;
  /** False once close() began: a request now would be refused, as by a closed port. */
  isListening: () => boolean;
  /** Stops accepting requests, lets running reconciles finish, then resolves. */
  close: () => Promise<void>;
}

export const WEBHOOK_PATH = "/api/github/webhooks";

/** Every installation's API budget: in Redis when the replicas share one, else in this process. */
function installationBudgets(options: AppServerOptions): { budgets: InstallationBudgets; budgetRedis?: Redis } {
  const budgetRedis = options.redisUrl ? connectRedis(options.redisUrl, options.log ?? { warn: () => {} }) : undefined;
  const budgets = new InstallationBudgets(
    budgetRedis ? new RedisBudgetStore(budgetRedis) : new LocalBudgetStore(),
    options.clientClock,
    options.pacing,
  );
  return { budgets, ...(budgetRedis ? { budgetRedis } : {}) };
}

/** Probot with this server's client: paced against the budgets (or not), every request counted. */
function createProbot(options: AppServerOptions, budgets: InstallationBudgets, metrics: AppMetrics): Probot {
  const Octokit = withMetrics(
    options.pacing ? productionOctokit(options.clientClock, budgets) : unpacedOctokit(budgets),
    metrics,
  );
  const probot = new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    secret: options.webhookSecret,
    baseUrl: options.baseUrl,
    Octokit,
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
    logLevel: options.logLevel ?? "warn",
    ...(options.redisUrl ? { redisConfig: options.redisUrl } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  probot.onAny(async (event) => void metrics.webhooks.inc({ event: event.name }));
  return probot;
}

/** The app, told of the budgets' waits and with its reconciles counted in the metrics (and passed on to `events`). */
function createApp(options: AppServerOptions, budgets: InstallationBudgets, metrics: AppMetrics) {
  const events = options.app?.events;
  return createReleaseTrainApp({
    resyncMs: 0,
    githubWait: async (installationId) => {
      const waiting = (await budgets.status(String(installationId))).waiting;
      return waiting
        ? { queued: waiting.queued, resumesAt: new Date(waiting.resumesAt).toISOString(), reason: waiting.reason }
        : null;
    },
    nextWritesAt: (installationId, count) => budgets.nextWritesAt(String(installationId), count),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...options.app,
    events: {
      reconciled: (...args) => {
        metrics.events.reconciled(...args);
        events?.reconciled(...args);
      },
    },
  });
}

/** The ops endpoints first, then the webhook endpoint; anything else is a 404. */
function requestListener(
  ops: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>,
  middleware: Awaited<ReturnType<typeof createWebhookMiddleware>>,
): RequestListener {
  return (req, res) => {
    void ops(req, res).then((handled) => {
      if (handled) return;
      void middleware(req, res, () => {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not Found" }));
      });
    });
  };
}

async function listen(options: AppServerOptions, handle: RequestListener): Promise<Server> {
  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject); // a port in use fails the start, not the process later
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  return server;
}

export async function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  // Transient failures are retried by the next reconcile, which re-reads first.
  const metrics = options.metrics ?? new AppMetrics();
  const { budgets, budgetRedis } = installationBudgets(options);
  metrics.budgets = budgets;
  const probot = createProbot(options, budgets, metrics);
  const { appFn, instance } = createApp(options, budgets, metrics);
  let started: ReleaseTrainApp | null = null;
  let stopping = false;
  void instance.then((app) => (started = app));
  const ops = createOpsHandler({
    metrics,
    ready: options.ready,
    notReady: () => (stopping ? "shutting down" : started ? null : "app not started"),
  });
  const handle = requestListener(ops, await createWebhookMiddleware(probot, appFn, WEBHOOK_PATH));
  const server = await listen(options, handle);
  const { port } = server.address() as AddressInfo;
  const app = await instance;
  const url = `http://${!options.host || options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host}:${port}`;
  return {
    url,
    webhookUrl: `${url}${WEBHOOK_PATH}`,
    app,
    probot,
    metrics,
    budgets,
    handle,
    isListening: () => !stopping,
    close: async () => {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      app.close();
      await app.lanes.whenIdle();
      await closed;
      await budgetRedis?.quit().catch(() => budgetRedis.disconnect());
    },
  };
}
