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
import { generateKeyPairSync } from "node:crypto";
import { UserSession } from "./actions.js";
import { RateLimiter } from "./auth.js";
import { SimClock, type ClockOptions } from "./clock.js";
import { SimCore } from "./core.js";
import { SimDeployer } from "./deployer.js";
import { SimMergeGroupCi } from "./merge-group-ci.js";
import { FaultRegistry } from "./faults.js";
import { registerGraphql } from "./graphql/route.js";
import { HEALTH_PREFIX, HealthEndpoints } from "./health.js";
import { Router } from "./http/router.js";
import { RequestLog } from "./recorder.js";
import { registerApps } from "./rest/apps.js";
import { registerChecks } from "./rest/checks.js";
import { registerCodeScanning } from "./rest/codescanning.js";
import { registerCommitGet, registerCommits } from "./rest/commits.js";
import { registerContents } from "./rest/contents.js";
import { registerDeployments } from "./rest/deployments.js";
import { registerEnvironments } from "./rest/environments.js";
import { registerGit } from "./rest/git.js";
import { registerIssues } from "./rest/issues.js";
import { registerLabels } from "./rest/labels.js";
import { registerPulls } from "./rest/pulls.js";
import { registerProtection } from "./rest/protection.js";
import { registerReleaseAssets } from "./rest/release-assets.js";
import { registerReactions } from "./rest/reactions.js";
import { registerRepos } from "./rest/repos.js";
import { registerTeams } from "./rest/teams.js";
import { ContentCreationLimits } from "./secondary-limits.js";
import { Seeder } from "./seed.js";
import * as S from "./serialize/index.js";
import { SimServer } from "./server.js";
import { SimStore } from "./store/store.js";
import type { ReleaseAsset, SimApp } from "./store/types.js";
import { type DeliveryLog, WebhookDispatcher, type PendingDelivery, type WebhookFilter } from "./webhooks.js";

export interface SimulatedGitHubOptions {
  /** Where webhooks are POSTed (can be set later with setWebhookTarget). */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Id of the main GitHub App (default 4242). */
  appId?: number;
  /** Slug of the main app (default "release-train"); its bot user is "<slug>[bot]". */
  appSlug?: string;
  appName?: string;
  /** PEM public key for the app's JWTs. Default: a generated key pair, private half in `sim.app.privateKey`. */
  appPublicKey?: string;
  /** Receives diagnostic lines (unknown routes, failed deliveries, internal errors). Default: console.warn. */
  log?: (line: string) => void;
  /** TCP port on 127.0.0.1 (default: random). */
  port?: number;
  /** Base of html_url fields (default "https://github.com"). */
  htmlUrl?: string;
  clock?: ClockOptions;
  /** Hourly request budget per installation (default 15000). */
  rateLimit?: number;
  /**
   * Leniency a test asks for by name; by default the simulator is as strict as GitHub.
   * `secondaryRateLimits: false` accepts content creation beyond 80 a minute / 500 an hour;
   * `mergeabilityInBackground: false` answers a pull request's mergeability on the first read after a push.
   */
  lenient?: { secondaryRateLimits?: boolean; mergeabilityInBackground?: boolean };
  /** Per-delivery timeout in ms (default 10000, as GitHub). */
  webhookTimeoutMs?: number;
}

export interface SimAppInfo {
  id: number;
  slug: string;
  botLogin: string;
  /** PKCS#8 PEM private key (null when a public key was supplied instead). */
  privateKey: string | null;
}

let sharedKeys: { publicKey: string; privateKey: string } | undefined;

/** One RSA key pair per process keeps start-up fast across many tests. */
function keyPair(): { publicKey: string; privateKey: string } {
  sharedKeys ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return sharedKeys;
}

/** A running simulated GitHub. */
export class SimulatedGitHub {
  /** Seeding helpers (no webhooks, no request records). */
  readonly seed: Seeder;
  /** Simulated user actions (kind "user"). */
  readonly userActions = new RequestLog();
  /** Plays the repositories' deploy workflows (disabled until enable()). */
  readonly deployer: SimDeployer;
  /** CI on merge queue groups (off unless enabled). */
  readonly mergeGroupCi: SimMergeGroupCi;

  constructor(
    readonly core: SimCore,
    private readonly server: SimServer,
    /** "http://127.0.0.1:PORT" — use as Octokit's baseUrl. */
    readonly url: string,
    readonly app: SimAppInfo,
    /** Requests made over HTTP (by the app). */
    readonly requests: RequestLog,
    /** Fault-injection hooks, applied before routing. */
    readonly faults: FaultRegistry,
    readonly rateLimiter: RateLimiter,
    /** Health-check endpoints of the simulated services (not GitHub requests). */
    readonly health: HealthEndpoints,
    /** GitHub's content-creation limits per installation (`hits` counts refusals). */
    readonly contentLimits: ContentCreationLimits,
  ) {
    this.seed = new Seeder(core);
    this.deployer = new SimDeployer(core);
    this.mergeGroupCi = new SimMergeGroupCi(core, (slug) => this.seed.ciApp(slug));
  }

  get store(): SimStore {
    return this.core.store;
  }

  get clock(): SimClock {
    return this.core.clock;
  }

  /**
   * The in-process transport: a `fetch` that serves requests to `url` without a socket
   * (give it to Octokit as `request.fetch`). Same faults, auth, limits and recording as
   * HTTP; a dropped connection fails the call as undici's fetch does.
   */
  get fetch(): typeof globalThis.fetch {
    return this.server.fetch;
  }

  get deliveries(): DeliveryLog {
    return this.core.webhooks.log;
  }

  get webhookFilter(): WebhookFilter {
    return this.core.webhooks.filter;
  }

  set webhookFilter(f: WebhookFilter) {
    this.core.webhooks.filter = f;
  }

  /** Where webhooks go; `via` carries them instead of Node's fetch (an app taking them in process). */
  setWebhookTarget(url: string | undefined, secret: string | undefined, via?: typeof globalThis.fetch): void {
    this.core.webhooks.setTarget(url, secret, via);
  }

  /** Delivers to this URL too (several replicas of the app): every delivery goes to every target. */
  addWebhookTarget(url: string, secret: string | undefined, via?: typeof globalThis.fetch): void {
    this.core.webhooks.addTarget(url, secret, via);
  }

  removeWebhookTarget(url: string): void {
    this.core.webhooks.removeTarget(url);
  }

  /** Acts as a GitHub user (created if unknown). */
  as(login: string): UserSession {
    return new UserSession(this.core, this.seed, this.userActions, login);
  }

  pauseWebhooks(): void {
    this.core.webhooks.pause();
  }

  resumeWebhooks(): void {
    this.core.webhooks.resume();
  }

  /**
   * Resolves once every webhook queued so far has been answered by the app (or dropped),
   * whatever else is still going on (settle() also waits for requests in flight).
   */
  webhooksDelivered(): Promise<void> {
    return this.core.webhooks.whenIdle();
  }

  /** Reorders deliveries still queued (use with pauseWebhooks) to test out-of-order arrival. */
  reorderWebhooks(order: (queued: PendingDelivery[]) => PendingDelivery[]): void {
    this.core.webhooks.reorder(order);
  }

  /** Re-sends a delivery with the same id and body. */
  redeliver(deliveryId: string): void {
    this.core.webhooks.redeliver(deliveryId);
  }

  /**
   * Resolves once no webhook is queued or in flight and no HTTP request is
   * being handled, continuously for `quietMs` (default 15 ms, so work an
   * app starts right after answering a delivery is waited for too).
   * Deliveries held by pauseWebhooks() are not waited for; statuses the
   * deployer still has to write are.
   */
  async settle(opts: { timeoutMs?: number; quietMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    const quietMs = opts.quietMs ?? 15;
    let quietSince: number | undefined;
    for (;;) {
      await new Promise((r) => setTimeout(r, 3));
      const idle =
        this.core.webhooks.idle() && this.server.inFlight === 0 && this.deployer.idle() && this.mergeGroupCi.idle();
      if (!idle) quietSince = undefined;
      else if (quietSince === undefined) quietSince = Date.now();
      else if (Date.now() - quietSince >= quietMs) return;
      if (Date.now() > deadline) {
        throw new Error(
          `[sim] settle() timed out: ${this.core.webhooks.pending().length} deliveries queued, ${this.server.inFlight} requests in flight, deployer ${this.deployer.idle() ? "idle" : "busy"}`,
        );
      }
    }
  }

  /**
   * A release asset as stored, `data` holding the uploaded bytes
   * (`sim.releaseAsset("acme/web", "v1.2.0", "notes.md")?.data.toString("utf8")`).
   * Finds draft releases too; undefined when the release or asset is missing.
   */
  releaseAsset(fullName: string, tagName: string, name: string): ReleaseAsset | undefined {
    const rel = this.store.requireRepo(fullName).releases.find((r) => r.tagName === tagName);
    return rel?.assets?.find((a) => a.name === name);
  }

  /** Serializes a repository like the REST API (handy in assertions). */
  repositoryJson(fullName: string): Record<string, unknown> {
    return S.repository(this.core, this.store.requireRepo(fullName));
  }

  async close(): Promise<void> {
    this.deployer.disable();
    this.mergeGroupCi.disable();
    this.core.webhooks.pause();
    await this.server.close();
  }
}

/** Starts a simulated GitHub on 127.0.0.1 (random port unless `port` given). */
export async function startSimulatedGitHub(options: SimulatedGitHubOptions = {}): Promise<SimulatedGitHub> {
  const log = options.log ?? ((line: string) => console.warn(line));
  const clock = new SimClock(options.clock);
  const store = new SimStore();
  const appId = options.appId ?? 4242;
  const urls = { api: "http://127.0.0.1", html: options.htmlUrl ?? "https://github.com" };
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

  const router = new Router();
  registerApps(router);
  registerProtection(router);
  registerRepos(router);
  registerContents(router);
  registerGit(router);
  registerCommits(router);
  registerChecks(router);
  registerCommitGet(router);
  registerIssues(router);
  registerLabels(router);
  registerReactions(router);
  registerPulls(router);
  registerTeams(router);
  registerDeployments(router);
  registerEnvironments(router);
  registerReleaseAssets(router);
  registerCodeScanning(router);
  registerGraphql(router);

  const rateLimiter = new RateLimiter(options.rateLimit ?? 15000, () => clock.ms());
  const contentLimits = new ContentCreationLimits(() => clock.ms(), options.lenient?.secondaryRateLimits !== false);
  const requests = new RequestLog();
  const faults = new FaultRegistry();
  const health = new HealthEndpoints(() => urls.api);
  const server = new SimServer({
    core,
    router,
    requests,
    faults,
    rateLimiter,
    contentLimits,
    mounts: [{ prefix: HEALTH_PREFIX, handle: (req, res, u) => health.handle(req, res, u) }],
  });
  const url = await server.listen(options.port ?? 0);
  urls.api = url;

  let privateKey: string | null = null;
  let publicKey = options.appPublicKey;
  if (!publicKey) {
    const pair = keyPair();
    publicKey = pair.publicKey;
    privateKey = pair.privateKey;
  }
  const seeder = new Seeder(core);
  const app: SimApp = seeder.app({
    id: appId,
    slug: options.appSlug ?? "release-train",
    name: options.appName ?? options.appSlug ?? "Release Train",
    publicKey,
  });
  return new SimulatedGitHub(
    core,
    server,
    url,
    { id: app.id, slug: app.slug, botLogin: app.botLogin, privateKey },
    requests,
    faults,
    rateLimiter,
    health,
    contentLimits,
  );
}

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
