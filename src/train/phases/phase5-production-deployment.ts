// Phase 5, Production Deployment: maintenance mode on (5.1), then production in release
// order — in each level the canaries first, observed healthy for `canaryMinutes`, then
// the full rollout (5.2–5.8 by stage) — and maintenance mode off (5.9). Any failure here
// is critical: it calls for the rollback. Pure.
import type { TrainConfig } from "../../config/schema.js";
import { walkLevels } from "../levels.js";
import type { PlannedRepo, ReleasePlan } from "../plan.js";
import { modeOf } from "../version.js";
import { findDeployment, progressOf } from "../deploy/deployments.js";
import { goesCanary, stageOf, type DeployStage } from "../deploy/stages.js";
import {
  canarySpec,
  clock,
  deploymentSpec,
  HEALTH_POLL_MS,
  MINUTE,
  productionSpec,
  progressIn,
  progressStep,
  PhaseRecorder,
  type DeployContext,
  type PhaseResult,
} from "./deploy-phase.js";

/** Phases 5 and 6, which a pre-release train skips unless `prerelease.production: true`. */
export const PRODUCTION_STEPS = [
  "5.1",
  "5.2",
  "5.3",
  "5.4",
  "5.5",
  "5.6",
  "5.7",
  "5.8",
  "5.9",
  "6.1",
  "6.2",
  "6.3",
  "6.4",
] as const;

/** A pre-release stays out of production unless `prerelease: { production: true }`. */
export const deploysToProduction = (config: TrainConfig, version: string): boolean =>
  modeOf(version) !== "prerelease" || config.prerelease.production;

/** The repository and environment that switch maintenance mode, or why there is none. */
export function maintenanceTarget(
  config: TrainConfig,
  plan: ReleasePlan,
): { repo: PlannedRepo | null; environment: string; problem?: string } {
  const wanted = config.maintenance;
  if (!wanted) return { repo: null, environment: "" };
  const name = wanted.repo.toLowerCase();
  const repo = plan.repos.find((r) => r.fullName.toLowerCase() === name || r.name.toLowerCase() === name) ?? null;
  return repo
    ? { repo, environment: wanted.environment }
    : {
        repo: null,
        environment: wanted.environment,
        problem: `\`maintenance.repo\` ${wanted.repo} is not a repository of this train`,
      };
}

/** How the canary windows of the levels went (5.4). */
interface CanaryLevels {
  total: number;
  passed: number;
  openUntil: number | null;
  failed: string | null;
}

/** Passes once every level runs in production and maintenance mode is off again. */
export function productionDeployment(ctx: DeployContext): PhaseResult {
  const out = new PhaseRecorder(ctx);
  const stagingValidated = ctx.previousPassed;
  const maintenanceOn = maintenanceSwitch(ctx, out, "on", stagingValidated);
  const canaries: CanaryLevels = { total: 0, passed: 0, openUntil: null, failed: null };
  const gate = !stagingValidated ? "staging is not validated" : !maintenanceOn ? "maintenance mode is not on" : null;
  const walk = walkLevels(
    ctx.plan,
    (inLevel, mayStart, level) => deployLevel(ctx, out, { inLevel, mayStart, level, canaries }),
    { only: (r) => r.deploy, gate },
  );
  const deployed = walk.through && ctx.repos.length > 0;
  stageSteps(ctx, out, canaries);
  const maintenanceOff = maintenanceSwitch(ctx, out, "off", deployed);
  out.passed = deployed && maintenanceOff;
  return out;
}

const SWITCH = {
  on: { step: "5.1", purpose: "maintenance-on", task: "maintenance:enable", verb: "enabled" },
  off: { step: "5.9", purpose: "maintenance-off", task: "maintenance:disable", verb: "disabled" },
} as const;

/** 5.1 / 5.9: the maintenance deployment once `ready`; true when maintenance mode is where this step wants it. */
function maintenanceSwitch(ctx: DeployContext, out: PhaseRecorder, which: "on" | "off", ready: boolean): boolean {
  const { step, purpose, task, verb } = SWITCH[which];
  if (!ctx.config.maintenance) {
    out.steps[step] = { status: ready ? "skipped" : "pending", detail: "not applicable: no `maintenance` configured" };
    return which === "on" || ready;
  }
  const maintenance = maintenanceTarget(ctx.config, ctx.plan);
  if (!maintenance.repo) {
    out.steps[step] = { status: "failed", detail: maintenance.problem! };
    return false;
  }
  const spec = deploymentSpec(ctx, maintenance.repo, purpose, maintenance.environment, task);
  const p = progressIn(ctx, spec);
  if (p === "none" && ready && ctx.forward) out.create(spec, false);
  if (p === "failed") out.fail(`maintenance mode could not be ${verb} (${maintenance.repo.name})`);
  out.steps[step] = {
    ...progressStep([{ p }], ""),
    ...(which === "on" ? { detail: `\`${maintenance.environment}\` deployment of ${maintenance.repo.name}` } : {}),
  };
  return p === "success";
}

interface LevelVisit {
  inLevel: PlannedRepo[];
  mayStart: boolean;
  level: number;
  canaries: CanaryLevels;
}

/** One level in production: its canaries, then its full rollout once their window passed; true when all of it runs. */
function deployLevel(ctx: DeployContext, out: PhaseRecorder, visit: LevelVisit): boolean {
  const windowPassed = canaryWindow(ctx, out, visit);
  let levelDone = true;
  for (const r of visit.inLevel) {
    const p = progressIn(ctx, productionSpec(ctx, r));
    out.cell(r, "production", p);
    if (p === "failed") out.fail(`the deployment of ${r.name} to ${ctx.config.environments.production} failed`);
    if (p === "none" && visit.mayStart && ctx.forward && (windowPassed || !goesCanary(ctx.config, ctx.plan, r)))
      out.create(productionSpec(ctx, r), true);
    if (p !== "success") levelDone = false;
  }
  return levelDone;
}

/** The level's canaries: deployed when it may start, then observed healthy for `canaryMinutes`; true once the window passed. */
function canaryWindow(
  ctx: DeployContext,
  out: PhaseRecorder,
  { inLevel, mayStart, level, canaries: levels }: LevelVisit,
): boolean {
  const { config, observation } = ctx;
  const canaries = inLevel.filter((r) => goesCanary(config, ctx.plan, r));
  if (canaries.length === 0) return true;
  levels.total += 1;
  let allUp = true;
  let upSince = 0;
  for (const r of canaries) {
    const d = findDeployment(observation, canarySpec(ctx, r));
    const p = progressOf(d);
    out.cell(r, "canary", p);
    if (p === "failed") out.fail(`the canary deployment of ${r.name} to ${config.environments.production} failed`);
    if (p === "none" && mayStart && ctx.forward) out.create(canarySpec(ctx, r), true);
    if (p !== "success") allUp = false;
    else upSince = Math.max(upSince, Date.parse(d!.stateAt ?? d!.createdAt));
  }
  // Once any full rollout of the level exists, its window was passed earlier.
  let windowPassed = canaries.some((r) => progressIn(ctx, productionSpec(ctx, r)) !== "none");
  if (!windowPassed && allUp) {
    const now = ctx.now.getTime();
    const end = upSince + config.canaryMinutes * MINUTE;
    const health = out.health("production");
    if (health.status === "failed") {
      out.fail(
        `canary health check failed for level ${level} (${canaries.map((r) => r.name).join(", ")}): ${health.detail.replace(/^health check failing: /, "")}`,
      );
      levels.failed = health.detail;
    } else if (now < end) {
      levels.openUntil = end;
      if (ctx.forward) out.wake(Math.min(end, now + HEALTH_POLL_MS));
    } else if (health.status === "ok") windowPassed = true;
  }
  if (windowPassed) levels.passed += 1;
  return windowPassed;
}

/** 5.2–5.8: each stage's canaries and full rollout, and the canary windows (5.4). */
function stageSteps(ctx: DeployContext, out: PhaseRecorder, canaries: CanaryLevels): void {
  const { config, plan } = ctx;
  const inStage = (stage: DeployStage) => ctx.repos.filter((r) => stageOf(config, plan, r) === stage);
  const fullOf = (stage: DeployStage) =>
    progressStep(
      inStage(stage).map((r) => ({ p: progressIn(ctx, productionSpec(ctx, r)) })),
      "no repositories in this stage",
    );
  const canaryOf = (stage: DeployStage) =>
    config.canary
      ? progressStep(
          inStage(stage).map((r) => ({ p: progressIn(ctx, canarySpec(ctx, r)) })),
          "no repositories in this stage",
        )
      : { status: "skipped" as const, detail: "`canary: false`" };
  out.steps["5.2"] = fullOf("infrastructure");
  out.steps["5.3"] = canaryOf("backend");
  out.steps["5.4"] = canaryStep(config, canaries);
  out.steps["5.5"] = fullOf("backend");
  out.steps["5.6"] = canaryOf("frontend");
  out.steps["5.7"] = fullOf("frontend");
  out.steps["5.8"] = { ...fullOf("packs"), ...(config.canary ? { detail: "canary → full" } : {}) };
}

function canaryStep(config: TrainConfig, canaries: CanaryLevels): PhaseResult["steps"][string] {
  if (!config.canary) return { status: "skipped", detail: "`canary: false`" };
  if (canaries.failed) return { status: "failed", detail: canaries.failed };
  const { total, passed, openUntil } = canaries;
  return {
    status: total === 0 ? "skipped" : passed === total ? "done" : openUntil ? "running" : "pending",
    progress: { done: passed, total },
    detail: openUntil
      ? `observing canaries until ${clock(openUntil)} (${config.canaryMinutes} min per level)`
      : `${config.canaryMinutes} min of healthy canaries per level`,
  };
}
