import { AsyncLocalStorage } from "node:async_hooks";
import type { SimClock } from "./clock.js";
import type { SimStore } from "./store/store.js";
import type { Account, Deployment, Repo } from "./store/types.js";
import type { PendingDelivery, WebhookDispatcher } from "./webhooks.js";

export interface SimUrls {
  /** REST/GraphQL base URL (the simulator's own address). */
  api: string;
  /** Base for html_url fields. */
  html: string;
}

interface Scope {
  /** The simulator whose request this is. */
  core: SimCore;
  pending: PendingDelivery[];
}

/**
 * The request a webhook is emitted in, for every simulator of the process. A storage once
 * used stays enabled until disabled, and each new promise of the process is handed every
 * enabled storage (Node 20 and 22): one per simulator would tax every promise once more
 * for each simulator a long test or chaos process has started.
 */
const requestScope = new AsyncLocalStorage<Scope>();

export type DeploymentObserver = (repo: Repo, deployment: Deployment) => void;

/** Shared services handed to routes, operations and serializers. */
export class SimCore {
  private muted = 0;
  private readonly deploymentObservers = new Set<DeploymentObserver>();
  /** Counts the HTTP requests served: what "a later read" means for background computations. */
  requestSeq = 0;
  /** GitHub's behaviours a test may turn off by name (everything is on by default). */
  readonly strict = { mergeabilityInBackground: true };
  private readonly mergeGroupObservers = new Set<(repo: Repo, sha: string) => void>();

  constructor(
    readonly store: SimStore,
    readonly clock: SimClock,
    readonly urls: SimUrls,
    readonly webhooks: WebhookDispatcher,
    readonly log: (line: string) => void,
    /** Id of the app whose webhooks are delivered to the target. */
    public mainAppId: number,
  ) {}

  now(): string {
    return this.clock.iso();
  }

  /** The bot account of the main app (sender of everything the app does). */
  appBot(): Account {
    const app = this.store.app(this.mainAppId);
    if (!app) throw new Error("[sim] no app seeded");
    return this.store.ensureAccount(app.botLogin, "Bot");
  }

  /** Runs `fn` without emitting any webhook (used for seeding). */
  silently<T>(fn: () => T): T {
    this.muted++;
    try {
      return fn();
    } finally {
      this.muted--;
    }
  }

  /**
   * Runs `fn` outside any request scope. Timers started inside an HTTP
   * handler inherit its scope, whose webhooks were flushed long before the
   * timer fires; work scheduled from here emits straight to the queue.
   */
  detached<T>(fn: () => T): T {
    return requestScope.exit(fn);
  }

  /** Registers a callback run after each deployment is created (not for seeding); returns an unsubscribe function. */
  onDeploymentCreated(fn: DeploymentObserver): () => void {
    this.deploymentObservers.add(fn);
    return () => void this.deploymentObservers.delete(fn);
  }

  /** Called by createDeployment. Seeding runs muted, so seeded deployments stay inert. */
  deploymentCreated(repo: Repo, d: Deployment): void {
    if (this.muted > 0) return;
    for (const fn of this.deploymentObservers) fn(repo, d);
  }

  /** Registers a callback run when the merge queue builds a merge group (its head sha); returns an unsubscribe function. */
  onMergeGroup(fn: (repo: Repo, sha: string) => void): () => void {
    this.mergeGroupObservers.add(fn);
    return () => void this.mergeGroupObservers.delete(fn);
  }

  private readonly reviewObservers = new Set<(repo: Repo) => void>();

  /** Registers a callback run when a reviewer approves or rejects pending deployments; returns an unsubscribe function. */
  onDeploymentsReviewed(fn: (repo: Repo) => void): () => void {
    this.reviewObservers.add(fn);
    return () => void this.reviewObservers.delete(fn);
  }

  deploymentsReviewed(repo: Repo): void {
    for (const fn of this.reviewObservers) fn(repo);
  }

  mergeGroupBuilt(repo: Repo, sha: string): void {
    if (this.muted > 0) return;
    for (const fn of this.mergeGroupObservers) fn(repo, sha);
  }

  /**
   * Runs `fn` collecting the webhooks it emits; they are queued only when
   * `flush` is called (after the HTTP response is written).
   */
  async collect<T>(
    fn: () => Promise<T>,
  ): Promise<{ result: T; flush: () => void } | { error: unknown; flush: () => void }> {
    const scope: Scope = { core: this, pending: [] };
    const flush = () => this.webhooks.enqueue(scope.pending);
    try {
      const result = await requestScope.run(scope, fn);
      return { result, flush };
    } catch (error) {
      return { error, flush };
    }
  }

  /**
   * Emits a webhook for an event in `repo` (null for app-level events),
   * adding repository, organization, sender and installation like GitHub.
   * Nothing is emitted when the main app is not installed on the owner.
   */
  emit(
    event: string,
    repo: Repo | null,
    sender: string,
    body: Record<string, unknown>,
    extra: { repository?: Record<string, unknown>; account?: string; onlyForApp?: number } = {},
  ): void {
    if (this.muted > 0) return;
    if (extra.onlyForApp !== undefined && extra.onlyForApp !== this.mainAppId) return;
    const owner = repo?.owner ?? extra.account;
    if (!owner) return;
    const installation = this.store.installationFor(owner, this.mainAppId);
    if (!installation) return;
    const ownerAccount = this.store.account(owner);
    const payload: Record<string, unknown> = { ...body };
    if (repo) payload["repository"] = extra.repository ?? this.serializers.repository(repo);
    if (ownerAccount?.type === "Organization")
      payload["organization"] = this.serializers.organization(ownerAccount.login);
    payload["sender"] = this.serializers.user(sender);
    payload["installation"] = { id: installation.id, node_id: installation.nodeId };
    const delivery = this.webhooks.create(event, payload);
    const scope = requestScope.getStore();
    if (scope?.core === this) scope.pending.push(delivery);
    else this.webhooks.enqueue([delivery]);
  }

  /** Late-bound to avoid an import cycle with the serializers. */
  serializers!: {
    repository(repo: Repo): Record<string, unknown>;
    organization(login: string): Record<string, unknown>;
    user(login: string): Record<string, unknown>;
  };
}
