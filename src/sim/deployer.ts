import type { SimCore } from "./core.js";
import { createDeploymentStatus } from "./ops/deployments.js";
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
  }

  /** Stops reacting to new deployments and drops the ones still running (no further statuses). */
  disable(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
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
    const { delayMs, actor } = this.settings!;
    const what = `${repo.name}@${d.sha.slice(0, 7)} to ${d.environment}`;
    const logUrl = `${this.core.urls.html}/${repo.fullName}/actions/runs/${d.id}`;
    this.later(delayMs, () => {
      createDeploymentStatus(this.core, repo, d, actor, { state: "in_progress", description: `Deploying ${what}`, log_url: logUrl });
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
