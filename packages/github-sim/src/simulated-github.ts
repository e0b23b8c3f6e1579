import { UserSession } from "./actions.js";
import type { RateLimiter } from "./auth.js";
import type { SimClock } from "./clock.js";
import type { SimCore } from "./core.js";
import { SimDeployer } from "./deployer.js";
import type { FaultRegistry } from "./faults.js";
import type { HealthEndpoints } from "./health.js";
import { SimMergeGroupCi } from "./merge-group-ci.js";
import { RequestLog } from "./recorder.js";
import type { ContentCreationLimits } from "./secondary-limits.js";
import { Seeder } from "./seed.js";
import * as S from "./serialize/index.js";
import type { SimServer } from "./server.js";
import type { SimStore } from "./store/store.js";
import type { ReleaseAsset } from "./store/types.js";
import type { DeliveryLog, PendingDelivery, WebhookFilter } from "./webhooks.js";

export interface SimAppInfo {
  id: number;
  slug: string;
  botLogin: string;
  /** PKCS#8 PEM private key (null when a public key was supplied instead). */
  privateKey: string | null;
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
