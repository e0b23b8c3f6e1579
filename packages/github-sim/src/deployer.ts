import type { SimCore } from "./core.js";
import { createDeploymentStatus } from "./ops/deployments.js";
import { APPROVAL_EXPIRY_MS } from "./ops/environments.js";
import { environmentNamed, isProtected, type Environment } from "./store/environments.js";
import type { Deployment, Repo } from "./store/types.js";

export interface DeployerOptions {
  /** Real-time delay before each status (default 20 ms). */
  delayMs?: number;
  /** Who writes the statuses (default "github-actions[bot]", created as a Bot). */
  actor?: string;
}

/** Narrows breakRepo to one environment and/or task (exact match). */
export interface DeployFilter {
  environment?: string;
  task?: string;
}

export interface FinishedDeployment {
  /** Full name, "owner/name". */
  repo: string;
  id: number;
  environment: string;
  task: string;
  sha: string;
  state: "success" | "failure";
}

/** "api" matches any owner's api; "acme/api" only that one (case-insensitive, as GitHub names). */
function sameRepo(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x.includes("/") && y.includes("/")) return x === y;
  return x.split("/").pop() === y.split("/").pop();
}

/**
 * Plays each repository's deploy workflow: on every deployment created through
 * the API or a UserSession action (never seeding), it writes `in_progress`,
 * then `success` or `failure`, a real-time `delayMs` apart, through the same
 * op as the REST API so `deployment_status` webhooks are emitted as usual.
 * Disabled by default, so the simulator stays inert unless a test opts in.
 */
export class SimDeployer {
  private settings: Required<DeployerOptions> | undefined;
  private unsubscribe: (() => void) | undefined;
  private unwatch: Array<() => void> | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private writing = 0;
  private broken: { repo: string; filter: DeployFilter }[] = [];
  private readonly done: FinishedDeployment[] = [];

  constructor(private readonly core: SimCore) {}

  enable(options: DeployerOptions = {}): void {
    const actor = options.actor ?? "github-actions[bot]";
    this.core.store.ensureAccount(actor, "Bot");
    this.settings = { delayMs: options.delayMs ?? 20, actor };
    this.unsubscribe ??= this.core.onDeploymentCreated((repo, d) => this.start(repo, d));
    this.unwatch ??= [
      this.core.onDeploymentsReviewed((repo) => this.release(repo)),
      this.core.clock.onSet(() => this.releaseAll()),
    ];
  }

  /** Stops reacting to new deployments and drops the ones still running (no further statuses). */
  disable(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const off of this.unwatch ?? []) off();
    this.unwatch = undefined;
    this.settings = undefined;
    this.cancel();
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  /** Deployments of `repo` (short or full name) end in `failure`; checked when each deployment finishes. */
  breakRepo(repo: string, filter: DeployFilter = {}): void {
    this.broken.push({ repo, filter: { ...filter } });
  }

  /** Removes every breakRepo rule for `repo`. */
  fixRepo(repo: string): void {
    this.broken = this.broken.filter((b) => !sameRepo(b.repo, repo));
  }

  /** Every deployment finished so far, in order. */
  get finished(): ReadonlyArray<FinishedDeployment> {
    return this.done;
  }

  /** False while a status is scheduled or being written (sim.settle waits for it). */
  idle(): boolean {
    return this.timers.size === 0 && this.writing === 0;
  }

  /** Cancels every scheduled status (sim.close). */
  cancel(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private isBroken(repo: Repo, d: Deployment): boolean {
    return this.broken.some(
      (b) =>
        sameRepo(b.repo, repo.fullName) &&
        (b.filter.environment === undefined || b.filter.environment === d.environment) &&
        (b.filter.task === undefined || b.filter.task === d.task),
    );
  }

  private start(repo: Repo, d: Deployment): void {
    const env = environmentNamed(repo.environments, d.environment);
    if (isProtected(env)) this.later(this.settings!.delayMs, () => this.hold(repo, d, env));
    else this.run(repo, d, d.id);
  }

  /**
   * The workflow job references a protected environment: GitHub holds it (`waiting` on the
   * deployment) until a required reviewer approves and the wait timer has passed.
   */
  private hold(repo: Repo, d: Deployment, env: Environment): void {
    const runId = this.core.store.ids.take("workflowRun");
    const why = env.reviewers.length > 0 ? "Waiting for review" : `Waiting for the ${env.waitTimer}-minute wait timer`;
    createDeploymentStatus(
      this.core,
      repo,
      d,
      this.settings!.actor,
      { state: "waiting", description: why, log_url: this.runUrl(repo, runId) },
      true,
    );
    repo.environments.pending.push({
      runId,
      deploymentId: d.id,
      environmentId: env.id,
      triggeredBy: d.creator,
      waitingSince: this.core.now(),
      review: null,
      settled: false,
    });
    this.release(repo);
  }

  private releaseAll(): void {
    if (!this.settings) return;
    for (const repo of this.core.store.repos.values())
      if (repo.environments.pending.some((p) => !p.settled)) this.release(repo);
  }

  /** Lets go the held jobs whose rules now pass; fails the rejected and the expired ones. */
  private release(repo: Repo): void {
    if (!this.settings) return;
    const now = this.core.clock.ms();
    for (const p of repo.environments.pending) {
      if (p.settled) continue;
      const d = repo.deployments.find((x) => x.id === p.deploymentId);
      const env = [...repo.environments.byName.values()].find((e) => e.id === p.environmentId);
      if (!d || !env) continue;
      const since = Date.parse(p.waitingSince);
      const fail = (description: string) => {
        p.settled = true;
        createDeploymentStatus(this.core, repo, d, this.settings!.actor, {
          state: "failure",
          description,
          log_url: this.runUrl(repo, p.runId),
        });
        this.done.push({
          repo: repo.fullName,
          id: d.id,
          environment: d.environment,
          task: d.task,
          sha: d.sha,
          state: "failure",
        });
      };
      if (p.review?.state === "rejected")
        fail(`Rejected by @${p.review.by}${p.review.comment ? `: ${p.review.comment}` : ""}`.slice(0, 140));
      else if (env.reviewers.length > 0 && !p.review && now - since >= APPROVAL_EXPIRY_MS)
        fail("Not approved within 30 days");
      else if (
        (env.reviewers.length === 0 || p.review?.state === "approved") &&
        now >= since + env.waitTimer * 60_000
      ) {
        p.settled = true;
        this.run(repo, d, p.runId);
      }
    }
  }

  private runUrl(repo: Repo, runId: number): string {
    return `${this.core.urls.html}/${repo.fullName}/actions/runs/${runId}`;
  }

  private run(repo: Repo, d: Deployment, runId: number): void {
    const { delayMs, actor } = this.settings!;
    const what = `${repo.name}@${d.sha.slice(0, 7)} to ${d.environment}`;
    const logUrl = this.runUrl(repo, runId);
    this.later(delayMs, () => {
      createDeploymentStatus(this.core, repo, d, actor, {
        state: "in_progress",
        description: `Deploying ${what}`,
        log_url: logUrl,
      });
      this.later(delayMs, () => {
        const state = this.isBroken(repo, d) ? "failure" : "success";
        const host = `${d.environment === "production" ? "" : `${d.environment}.`}${repo.name}.example.com`;
        createDeploymentStatus(this.core, repo, d, actor, {
          state,
          description: state === "success" ? `Deployed ${what}` : "Deployment failed",
          log_url: logUrl,
          ...(state === "success" ? { environment_url: `https://${host}` } : {}),
        });
        this.done.push({ repo: repo.fullName, id: d.id, environment: d.environment, task: d.task, sha: d.sha, state });
      });
    });
  }

  /** Schedules `fn` outside the creating request's scope; the next step is scheduled before `writing` drops, so idle() never flickers. */
  private later(ms: number, fn: () => void): void {
    const timer = this.core.detached(() =>
      setTimeout(() => {
        this.timers.delete(timer);
        this.writing++;
        try {
          fn();
        } catch (e) {
          this.core.log(`[sim] deployer failed: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          this.writing--;
        }
      }, ms),
    );
    this.timers.add(timer);
  }
}
