// What the deployment phases (3–6) share: the input they read, the one shape each returns,
// and how they name the deployments they create. Each phase is a function of the same
// signature; the rollout runs them in the playbook's order. Pure.
import type { TrainConfig } from "../../config/schema.js";
import { versionFor } from "../repo-versions.js";
import type { Observation } from "../model/observation.js";
import type { TrainState } from "../model/train-state.js";
import type { CellStatus, ChecklistItem } from "../model/train-view.js";
import type { Action } from "../model/actions.js";
import type { PlannedRepo, ReleasePlan } from "../plan.js";
import type { ComputedSteps } from "../model/train-view.js";
import type { TrainVersion } from "../model/train-version.js";
import {
  createDeployment,
  findDeployment,
  progressOf,
  type DeploymentSpec,
  type Progress,
  type Purpose,
} from "../deploy/deployments.js";
import { healthOf } from "../deploy/health.js";

export interface RolloutInput {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState;
  now: Date;
  /** Final approval (2.5) is in force. */
  approved: boolean;
}

/** The input of a deployment phase. */
export interface DeployContext extends RolloutInput {
  /** New deployments may start: approved, and neither held, aborted nor rolling back. */
  forward: boolean;
  /** The repositories that take part in deployments, in release order. */
  repos: PlannedRepo[];
  /** The phase before this one passed: this one may begin. */
  previousPassed: boolean;
}

export type Where = "staging" | "canary" | "production";
export type Cell = { status: CellStatus; text: string };

/** What a deployment phase returns. */
export interface PhaseResult {
  steps: ComputedSteps;
  actions: Action[];
  /** When the train wants to be looked at again even if nothing happens (canary, bake). */
  wakeAt: number | null;
  /** Health-check URLs decide must have probed. */
  healthNeeds: string[];
  /** Failures that hold the train but may be shipped with (`/hotfix`): key -> what failed. */
  nonCritical: Record<string, string>;
  /** A failure that calls for a rollback (production deployment or health). */
  critical: string | null;
  /** What this phase shows in the repositories' staging, canary and production cells. */
  cells: Record<string, Partial<Record<Where, Cell>>>;
  /** The phase is through: the next one may begin. */
  passed: boolean;
}

export type DeployPhase = (ctx: DeployContext) => PhaseResult;

/** How often health checks are polled while a canary or bake window is open. */
export const HEALTH_POLL_MS = 60_000;
export const MINUTE = 60_000;

export const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;
/** A verified step reads the same on every later reconcile (its time is kept in the state), so the body stays unchanged. */
export const verifiedAt = (iso: string) => `verified ${iso.slice(0, 16).replace("T", " ")} UTC`;

type StepResult = Pick<ChecklistItem, "status" | "progress" | "detail">;

/** A step over several repositories from their deployment progress. */
export function progressStep(progress: Array<{ p: Progress; accepted?: boolean }>, empty: string): StepResult {
  if (progress.length === 0) return { status: "skipped", detail: empty };
  const done = progress.filter((x) => x.p === "success" || (x.p === "failed" && x.accepted)).length;
  const failed = progress.some((x) => x.p === "failed" && !x.accepted);
  const started = progress.some((x) => x.p !== "none");
  return {
    status: failed ? "failed" : done === progress.length ? "done" : started ? "running" : "pending",
    progress: { done, total: progress.length },
  };
}

/** The commit a repository deploys: the approved head, else its release branch. */
export function shaOf(state: TrainState, observation: Observation, repo: PlannedRepo): string {
  return state.approval?.heads[repo.fullName] ?? observation.repos[repo.fullName]?.releaseBranch?.oid ?? "";
}

export function deploymentSpec(
  ctx: DeployContext,
  repo: PlannedRepo,
  purpose: Purpose,
  environment: string,
  task: string,
): DeploymentSpec {
  const sha = shaOf(ctx.state, ctx.observation, repo);
  return { repo: repo.fullName, environment, task, ref: sha, sha, purpose };
}

export const stagingSpec = (ctx: DeployContext, r: PlannedRepo) =>
  deploymentSpec(ctx, r, "staging", ctx.config.environments.staging, "deploy");
export const canarySpec = (ctx: DeployContext, r: PlannedRepo) =>
  deploymentSpec(ctx, r, "canary", ctx.config.environments.production, "deploy:canary");
export const productionSpec = (ctx: DeployContext, r: PlannedRepo) =>
  deploymentSpec(ctx, r, "production", ctx.config.environments.production, "deploy");
export const progressIn = (ctx: DeployContext, spec: DeploymentSpec) =>
  progressOf(findDeployment(ctx.observation, spec));
export const accepted = (ctx: DeployContext, key: string) => Boolean(ctx.state.accepted[key]);

const CELL: Record<Progress, CellStatus> = { none: "none", running: "running", success: "ok", failed: "failed" };

/** A phase's result, built as the phase reads its deployments. */
export class PhaseRecorder implements PhaseResult {
  steps: ComputedSteps = {};
  actions: Action[] = [];
  wakeAt: number | null = null;
  healthNeeds: string[] = [];
  nonCritical: Record<string, string> = {};
  critical: string | null = null;
  cells: Record<string, Partial<Record<Where, Cell>>> = {};
  passed = false;

  constructor(private readonly ctx: DeployContext) {}

  create(spec: DeploymentSpec, production: boolean): void {
    this.actions.push(
      createDeployment(this.ctx.observation, versionFor(this.ctx.version, spec.repo).version, spec, production),
    );
  }

  wake(at: number): void {
    this.wakeAt = this.wakeAt === null ? at : Math.min(this.wakeAt, at);
  }

  /** The first critical failure is the one the rollback names. */
  fail(text: string): void {
    this.critical ??= text;
  }

  /** The environment's health, its URLs noted as ones decide must have probed. */
  health(environment: "staging" | "production") {
    const health = healthOf(this.ctx.config, this.ctx.observation, environment);
    this.healthNeeds.push(...health.needs.filter((u) => !this.healthNeeds.includes(u)));
    return health;
  }

  cell(r: PlannedRepo, where: Where, p: Progress): void {
    const text = versionFor(this.ctx.version, r.fullName).tag;
    if (p === "none") return;
    this.cells[r.fullName] = {
      ...this.cells[r.fullName],
      [where]: { status: CELL[p], text: p === "success" ? text : p === "failed" ? `${text} failed` : `${text} …` },
    };
  }
}

/**
 * A health step (3.7, 6.1) once `ready`: verified once (its time kept in the state), else
 * the environment's health now. `stops` records a failure and says whether it fails the
 * step (an accepted one does not). Returns when the step was verified, or null.
 */
export function healthStep(
  ctx: DeployContext,
  out: PhaseRecorder,
  step: { id: string; environment: "staging" | "production"; ready: boolean; stops: (detail: string) => boolean },
): number | null {
  const { id } = step;
  const reached = ctx.state.reached[id];
  if (reached) {
    out.steps[id] = { status: "done", detail: verifiedAt(reached) };
    return Date.parse(reached);
  }
  if (!step.ready) {
    out.steps[id] = { status: "pending" };
    return null;
  }
  const health = out.health(step.environment);
  if (health.status === "failed" && step.stops(health.detail)) {
    out.steps[id] = { status: "failed", detail: health.detail };
    return null;
  }
  if (health.status === "unknown") {
    out.steps[id] = { status: "running", detail: health.detail };
    return null;
  }
  out.steps[id] = { status: "done", detail: verifiedAt(ctx.now.toISOString()) };
  return ctx.now.getTime();
}
