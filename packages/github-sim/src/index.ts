/**
 * Simulated GitHub: a stateful, in-memory GitHub (REST + GraphQL v4 subset,
 * signed webhooks) served on 127.0.0.1 for the demo, e2e tests and benchmarks.
 *
 *   const sim = await startSimulatedGitHub({ webhookUrl, webhookSecret });
 *   sim.seed.installation({ account: "acme" });
 *   sim.seed.repo("acme/web", { files: { "package.json": "{}" } });
 *   // point Probot at it: new Probot({ appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: sim.url, secret })
 *   sim.as("alice").comment("acme/web", 1, "/train start");
 *   await sim.settle();
 *   // deployments: sim.deployer.enable() answers each new deployment with in_progress -> success/failure;
 *   // health probes: sim.health.url("api:staging") answers 200 until sim.health.set("api:staging", 503)
 *   // uploaded release assets: sim.releaseAsset("acme/web", "v1.2.0", "notes.md")?.data (a Buffer)
 *   // a slow GitHub on cue: const held = sim.faults.hold((req) => req.path === "/graphql"); await held.reached; …; held.release()
 */
import { appKeys } from "./app-keys.js";
import { RateLimiter } from "./auth.js";
import { SimClock } from "./clock.js";
import { SimCore, type SimUrls } from "./core.js";
import { FaultRegistry } from "./faults.js";
import { HEALTH_PREFIX, HealthEndpoints } from "./health.js";
import type { SimulatedGitHubOptions } from "./options.js";
import { RequestLog } from "./recorder.js";
import { createRouter } from "./routes.js";
import { ContentCreationLimits } from "./secondary-limits.js";
import { Seeder } from "./seed.js";
import * as S from "./serialize/index.js";
import { SimServer } from "./server.js";
import { type SimAppInfo, SimulatedGitHub } from "./simulated-github.js";
import { SimStore } from "./store/store.js";
import { WebhookDispatcher } from "./webhooks.js";

/** Starts a simulated GitHub on 127.0.0.1 (random port unless `port` given). */
export async function startSimulatedGitHub(options: SimulatedGitHubOptions = {}): Promise<SimulatedGitHub> {
  const core = createCore(options);
  const { server, requests, faults, rateLimiter, health, contentLimits } = createServer(core, options);
  const url = await server.listen(options.port ?? 0);
  core.urls.api = url;
  const app = seedMainApp(core, options);
  return new SimulatedGitHub(core, server, url, app, requests, faults, rateLimiter, health, contentLimits);
}

/** The shared state and services: clock, store, webhook dispatcher, serializers. */
function createCore(options: SimulatedGitHubOptions): SimCore {
  const log = options.log ?? ((line: string) => console.warn(line));
  const clock = new SimClock(options.clock);
  const store = new SimStore();
  const appId = options.appId ?? 4242;
  const urls: SimUrls = { api: "http://127.0.0.1", html: options.htmlUrl ?? "https://github.com" };
  const webhooks = new WebhookDispatcher({
    ...(options.webhookUrl ? { url: options.webhookUrl } : {}),
    ...(options.webhookSecret ? { secret: options.webhookSecret } : {}),
    hookId: 100000 + appId,
    appId: () => core.mainAppId,
    clock,
    log,
    ...(options.webhookTimeoutMs ? { timeoutMs: options.webhookTimeoutMs } : {}),
  });
  const core: SimCore = new SimCore(store, clock, urls, webhooks, log, appId);
  if (options.lenient?.mergeabilityInBackground === false) core.strict.mergeabilityInBackground = false;
  core.serializers = {
    repository: (repo) => S.repository(core, repo),
    organization: (login) => S.organization(core, login),
    user: (login) => S.user(core, login),
  };
  return core;
}

/** The HTTP front with its routes, limits, recording, faults and the health endpoints beside it. */
function createServer(core: SimCore, options: SimulatedGitHubOptions) {
  const router = createRouter();
  const rateLimiter = new RateLimiter(options.rateLimit ?? 15000, () => core.clock.ms());
  const contentLimits = new ContentCreationLimits(
    () => core.clock.ms(),
    options.lenient?.secondaryRateLimits !== false,
  );
  const requests = new RequestLog();
  const faults = new FaultRegistry();
  const health = new HealthEndpoints(() => core.urls.api);
  const server = new SimServer({
    core,
    router,
    requests,
    faults,
    rateLimiter,
    contentLimits,
    mounts: [{ prefix: HEALTH_PREFIX, handle: (req, res, u) => health.handle(req, res, u) }],
  });
  return { server, requests, faults, rateLimiter, health, contentLimits };
}

/** The main GitHub App, with its keys (`privateKey` null when a public key was supplied). */
function seedMainApp(core: SimCore, options: SimulatedGitHubOptions): SimAppInfo {
  const { publicKey, privateKey } = appKeys(options.appPublicKey);
  const seeder = new Seeder(core);
  const app = seeder.app({
    id: core.mainAppId,
    slug: options.appSlug ?? "release-train",
    name: options.appName ?? options.appSlug ?? "Release Train",
    publicKey,
  });
  return { id: app.id, slug: app.slug, botLogin: app.botLogin, privateKey };
}

export type { SimulatedGitHubOptions } from "./options.js";
export { type SimAppInfo, SimulatedGitHub } from "./simulated-github.js";
export type { SimStore } from "./store/store.js";
export type * from "./store/types.js";
export type { RecordedRequest, RequestFilter } from "./recorder.js";
export type { DeliveryRecord, PendingDelivery, WebhookFilter, WebhookFilterResult } from "./webhooks.js";
export type { FaultHook, FaultRequest, FaultResult } from "./faults.js";
export type { DeployerOptions, DeployFilter, FinishedDeployment, SimDeployer } from "./deployer.js";
export type { HealthEndpoints } from "./health.js";
export { UserSession } from "./actions.js";
export { Seeder } from "./seed.js";
export { SimClock } from "./clock.js";
export { ApiError } from "./errors.js";
// Read-only questions about the simulated state, answered as GitHub would.
/** The branch's effective rules: classic protection and rulesets together. */
export { requirements as branchRequirements } from "./ops/protection.js";
/** The release GitHub calls latest (not a draft, not a prerelease, not opted out). */
export { latestRelease } from "./ops/deployments.js";
/** GitHub's point cost of a GraphQL query against the simulated schema, without running it. */
export { costOfQuery, type QueryCost } from "./graphql/cost.js";
