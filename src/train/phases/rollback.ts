// The playbook's Rollback Procedure, step by step. Immediate: hold, deploy the previous
// release tag to every repository already in production (highest level first), verify,
// notify. Extended: maintenance on, migrations reverted by their owners, infrastructure
// first, then the previous release everywhere, verify, maintenance off, incident review.
// Both procedures share one signature: the run in, the checklist out. Pure.
import type { RollbackState } from "../model/train-state.js";
import type { ChecklistItem } from "../model/train-view.js";
import type { Action } from "../model/actions.js";
import type { PlannedRepo } from "../plan.js";
import { versionFor } from "../repo-versions.js";
import { appCommented } from "../app-comments.js";
import { commentMarker } from "../state.js";
import { previousTag } from "../tags.js";
import { walkRepos } from "../levels.js";
import {
  createDeployment,
  findDeployment,
  progressOf,
  type DeploymentSpec,
  type Progress,
} from "../deploy/deployments.js";
import { healthOf } from "../deploy/health.js";
import { HEALTH_POLL_MS, shaOf, verifiedAt as verifiedText, type RolloutInput } from "./deploy-phase.js";
import { maintenanceTarget } from "./phase5-production-deployment.js";

export const INCIDENT_LABEL = "release-train:incident";

export const ROLLBACK_STEPS: Record<RollbackState["mode"], Array<{ id: string; title: string; manual?: boolean }>> = {
  immediate: [
    { id: "RB1", title: "Hold the train: no new deployments" },
    { id: "RB2", title: "Deploy the previous release to every repository in production, in reverse order" },
    { id: "RB3", title: "Verify the rollback deployments and production health" },
    { id: "RB4", title: "Notify the affected teams" },
  ],
  extended: [
    { id: "R1", title: "Enable maintenance mode" },
    { id: "R2", title: "Revert database migrations", manual: true },
    { id: "R3", title: "Roll back infrastructure" },
    { id: "R4", title: "Deploy the previous release everywhere, in reverse order" },
    { id: "R5", title: "Verify the rollback deployments and production health" },
    { id: "R6", title: "Disable maintenance mode" },
    { id: "R7", title: "Open the incident review" },
  ],
};

/** What the procedure reads: the rollout's input without the approval (a rollback does not need one). */
export type RollbackInput = Omit<RolloutInput, "approved">;

type Status = ChecklistItem["status"];

/**
 * A train rolls back at most once, so its notice needs no moment in its key: an automatic
 * rollback's moment is the reconcile's, and a process that posted the notice and died
 * before the body recorded the rollback would otherwise post it again under a new one.
 */
export const ROLLBACK_NOTICE = "rollback";

/** One reconcile of a rollback in progress: what it reads, and the writes and checks it collects. */
export class RollbackRun {
  readonly rollback: RollbackState;
  readonly targets: PlannedRepo[];
  readonly teams: string[];
  readonly actions: Action[] = [];
  readonly healthNeeds: string[] = [];
  wakeAt: number | null = null;
  verifiedAt: string | null;
  /** Repositories without a release to roll back to. */
  readonly problems: string[] = [];
  readonly notified: boolean;
  private readonly notifyKey: string;

  constructor(
    readonly input: RollbackInput,
    private readonly teamLeads: Record<string, string[]>,
  ) {
    this.rollback = input.state.rollback!;
    this.targets = input.plan.repos.filter((r) => this.rollback.repos.includes(r.fullName));
    this.teams = [...new Set(this.targets.map((r) => r.team))];
    this.verifiedAt = this.rollback.verifiedAt ?? null;
    this.notifyKey = ROLLBACK_NOTICE;
    this.notified = appCommented(input.observation, this.notifyKey);
  }

  private previousRelease(r: PlannedRepo) {
    return previousTag(this.input.observation.repos[r.fullName], versionFor(this.input.version, r.fullName).version);
  }

  private spec(r: PlannedRepo): DeploymentSpec | null {
    const tag = this.previousRelease(r);
    if (!tag) {
      this.problems.push(`${r.name}: no previous release tag to roll back to`);
      return null;
    }
    return {
      repo: r.fullName,
      environment: this.input.config.environments.production,
      task: "rollback",
      ref: tag.name,
      sha: tag.commitOid,
      purpose: "rollback",
    };
  }

  create(s: DeploymentSpec): void {
    this.actions.push(
      createDeployment(
        this.input.observation,
        this.input.version.version,
        s,
        s.environment === this.input.config.environments.production,
      ),
    );
  }

  progress(s: DeploymentSpec): Progress {
    return progressOf(findDeployment(this.input.observation, s));
  }

  /** Rolls back `repos` highest level first, once `may`; returns the step result. */
  rollBack(repos: PlannedRepo[], may: boolean): { status: Status; done: number; total: number } {
    const covered = new Set(repos.map((r) => r.fullName));
    let done = 0;
    let failed = false;
    let started = false;
    const visit = (r: PlannedRepo, mayStart: boolean) => {
      const s = this.spec(r);
      const p: Progress = s ? this.progress(s) : "failed";
      if (p === "none" && mayStart && s) this.create(s);
      if (p === "success") done += 1;
      if (p === "failed") failed = true;
      if (p !== "none") started = true;
      return p === "success";
    };
    walkRepos(this.input.plan, visit, {
      only: (r) => covered.has(r.fullName),
      reverse: true,
      gate: may ? null : "the steps before it are not done",
    });
    const total = repos.length;
    return { status: failed ? "failed" : done === total ? "done" : started ? "running" : "pending", done, total };
  }

  item(id: string, status: Status, detail?: string, progress?: { done: number; total: number }): ChecklistItem {
    const def = ROLLBACK_STEPS[this.rollback.mode].find((s) => s.id === id)!;
    const tick = this.input.state.ticks[id];
    return {
      id,
      title: def.title,
      owner: def.manual ? "Owning teams" : "Release Agent 🤖",
      kind: def.manual ? "manual" : "bot",
      status,
      ...(progress ? { progress } : {}),
      ...(detail ? { detail } : {}),
      ...(tick ? { tick } : {}),
    };
  }

  /** The moment of verification: the last rollback deployment's success, or the healthy probe after it. */
  private deployedAt(): string {
    const { config, observation } = this.input;
    const times = this.targets
      .map((r) => this.spec(r))
      .flatMap((s) => (s ? [findDeployment(observation, s)?.stateAt ?? ""] : []));
    const probes = config.healthChecks.production.map((url) => observation.health[url]?.at ?? "");
    return (
      [...times, ...probes]
        .map((t) => (t ? new Date(t).toISOString() : ""))
        .sort()
        .at(-1) || this.input.now.toISOString()
    );
  }

  /**
   * The verification step once `deployed`. It reads "verified <time>" from the reconcile that
   * verifies it on, with the time the state then keeps, so later reconciles write nothing.
   */
  verify(deployed: boolean): { status: Status; detail: string } {
    if (this.rollback.verifiedAt) return { status: "done", detail: verifiedText(this.rollback.verifiedAt) };
    if (!deployed) return { status: "pending", detail: "" };
    const health = healthOf(this.input.config, this.input.observation, "production");
    this.healthNeeds.push(...health.needs);
    if (health.status === "ok") {
      const at = this.deployedAt();
      this.verifiedAt ??= at;
      return { status: "done", detail: verifiedText(at) };
    }
    this.wakeAt = this.input.now.getTime() + HEALTH_POLL_MS;
    return { status: health.status === "failed" ? "failed" : "running", detail: health.detail };
  }

  /** The comment that tells the affected teams' leads, once. */
  notify(): void {
    if (this.notified) return;
    const { rollback, targets } = this;
    const leads = this.teams.flatMap((t) => this.teamLeads[t] ?? []);
    const mentions = [...new Set(leads)].map((l) => `@${l}`).join(" ");
    this.actions.push({
      kind: "comment",
      key: this.notifyKey,
      body: [
        commentMarker(this.notifyKey),
        `## ↩️ ${rollback.mode === "extended" ? "Extended" : "Immediate"} rollback of ${this.input.version.tag}`,
        "",
        `**What happened:** ${rollback.reason}`,
        `**Started by:** ${rollback.by === "release-train" ? "release-train (automatic rollback)" : `@${rollback.by}`}, ${rollback.at.slice(0, 16).replace("T", " ")} UTC`,
        `**Rolling back:** ${targets.map((r) => `${r.name} → ${this.previousRelease(r)?.name ?? "?"}`).join(", ") || "nothing was deployed to production"}`,
        "",
        `${mentions ? `${mentions} — ` : ""}the train is held; progress is on the tracking issue.`,
      ].join("\n"),
    });
  }

  /** The maintenance deployment of the extended procedure, when maintenance is configured. */
  maintenanceSpec(on: boolean): DeploymentSpec | null {
    const { config, plan, state, observation } = this.input;
    const { repo, environment } = maintenanceTarget(config, plan);
    if (!repo) return null;
    const sha = shaOf(state, observation, repo);
    return {
      repo: repo.fullName,
      environment,
      task: on ? "maintenance:enable" : "maintenance:disable",
      ref: sha,
      sha,
      purpose: on ? "rollback-maintenance-on" : "rollback-maintenance-off",
    };
  }
}

export type RollbackProcedure = (run: RollbackRun) => ChecklistItem[];
