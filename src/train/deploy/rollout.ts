// Phases 3–6 going forward: staging in release order, smoke tests, production with
// maintenance mode and canaries, health checks and the bake window. Every deployment
// is a GitHub deployment the repositories' own workflows carry out; this module only
// decides which to create next and reads how they went. Pure.
import type { TrainConfig } from "../../config/schema.js";
import { summarizeChecks } from "../checks.js";
import type { Action, CellStatus, ChecklistItem, Observation, TrainState } from "../model.js";
import { versionFor } from "../repo-versions.js";
import type { PlannedRepo, ReleasePlan } from "../plan.js";
import type { ComputedSteps, TrainVersion } from "../view.js";
import { createDeployment, findDeployment, progressOf, trainDeployments, type DeploymentSpec, type Progress, type Purpose } from "./deployments.js";
import { healthOf } from "./health.js";
import { modeOf } from "../version.js";
import { deployable, goesCanary, stageOf, stagingStep, type DeployStage } from "./stages.js";
import { describeWait } from "./waiting.js";
import { walkLevels, walkRepos } from "../levels.js";

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

export interface RolloutResult {
  steps: ComputedSteps;
  actions: Action[];
  /** Health-check URLs decide must have probed. */
  healthNeeds: string[];
  /** When the train wants to be looked at again even if nothing happens (canary, bake). */
  wakeAt: number | null;
  /** Failures that hold the train but may be shipped with (`/hotfix`): key -> what failed. */
  nonCritical: Record<string, string>;
  /** A failure that calls for a rollback (production deployment or health). */
  critical: string | null;
  /** Per repository: what runs in staging, canary and production. */
  cells: Record<string, Record<"staging" | "canary" | "production", { status: CellStatus; text: string }>>;
  /** A pre-release train that does not go to production (`prerelease.production: false`): Phases 5 and 6 are skipped. */
  withoutProduction: boolean;
}

/** Phases 5 and 6, which a pre-release train skips unless `prerelease.production: true`. */
export const PRODUCTION_STEPS = ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "6.1", "6.2", "6.3", "6.4"] as const;

/** How often health checks are polled while a canary or bake window is open. */
export const HEALTH_POLL_MS = 60_000;
const MINUTE = 60_000;

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

type StepResult = Pick<ChecklistItem, "status" | "progress" | "detail">;

/** A step over several repositories from their deployment progress. */
function progressStep(progress: Array<{ p: Progress; accepted?: boolean }>, empty: string): StepResult {
  if (progress.length === 0) return { status: "skipped", detail: empty };
  const done = progress.filter((x) => x.p === "success" || (x.p === "failed" && x.accepted)).length;
  const failed = progress.some((x) => x.p === "failed" && !x.accepted);
  const started = progress.some((x) => x.p !== "none");
  return {
    status: failed ? "failed" : done === progress.length ? "done" : started ? "running" : "pending",
    progress: { done, total: progress.length },
  };
}

const CELL: Record<Progress, CellStatus> = { none: "none", running: "running", success: "ok", failed: "failed" };

export function rollout(input: RolloutInput): RolloutResult {
  const { config, plan, version, observation, state } = input;
  const now = input.now.getTime();
  const withoutProduction = !deploysToProduction(config, version.version);
  const result: RolloutResult = { steps: {}, actions: [], healthNeeds: [], wakeAt: null, nonCritical: {}, critical: null, cells: {}, withoutProduction };
  const forward = input.approved && !state.hold && !state.aborted && !state.rollback;
  const env = config.environments;
  const repos = deployable(plan);
  const shaOf = (repo: PlannedRepo) => state.approval?.heads[repo.fullName] ?? observation.repos[repo.fullName]?.releaseBranch?.oid ?? "";
  const spec = (repo: PlannedRepo, purpose: Purpose, environment: string, task: string): DeploymentSpec => ({ repo: repo.fullName, environment, task, ref: shaOf(repo), sha: shaOf(repo), purpose });
  const stagingSpec = (r: PlannedRepo) => spec(r, "staging", env.staging, "deploy");
  const canarySpec = (r: PlannedRepo) => spec(r, "canary", env.production, "deploy:canary");
  const productionSpec = (r: PlannedRepo) => spec(r, "production", env.production, "deploy");
  const progress = (s: DeploymentSpec) => progressOf(findDeployment(observation, s));
  const create = (s: DeploymentSpec, production: boolean) => result.actions.push(createDeployment(observation, versionFor(version, s.repo).version, s, production));
  const accepted = (key: string) => Boolean(state.accepted[key]);
  const wake = (at: number) => (result.wakeAt = result.wakeAt === null ? at : Math.min(result.wakeAt, at));
  const critical = (text: string) => (result.critical ??= text);
  const need = (urls: string[]) => result.healthNeeds.push(...urls.filter((u) => !result.healthNeeds.includes(u)));

  for (const r of plan.repos) {
    const skipped = { status: "skipped" as const, text: "not deployed" };
    result.cells[r.fullName] = r.deploy
      ? { staging: { status: "none", text: "" }, canary: { status: "none", text: "" }, production: { status: "none", text: "" } }
      : { staging: skipped, canary: skipped, production: skipped };
  }
  const cell = (r: PlannedRepo, where: "staging" | "canary" | "production", p: Progress, text = versionFor(version, r.fullName).tag) => {
    if (p !== "none") result.cells[r.fullName]![where] = { status: CELL[p], text: p === "success" ? text : p === "failed" ? `${text} failed` : `${text} …` };
  };

  // ---- Phase 3: staging, level by level.
  const staging = walkRepos(
    plan,
    (r, mayStart) => {
      const p = progress(stagingSpec(r));
      cell(r, "staging", p);
      const key = `staging:${r.fullName}`;
      if (p === "failed" && !accepted(key)) result.nonCritical[key] = `${r.name} failed to deploy to ${env.staging}`;
      if (p === "none" && mayStart && forward) create(stagingSpec(r), false);
      return p === "success" || (p === "failed" && accepted(key));
    },
    { only: (r) => r.deploy },
  );
  const stagingDeployed = staging.through && repos.length > 0;
  const byStep = new Map<string, PlannedRepo[]>();
  for (const r of repos) byStep.set(stagingStep(config, plan, r), [...(byStep.get(stagingStep(config, plan, r)) ?? []), r]);
  for (const id of ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]) {
    const members = byStep.get(id) ?? [];
    result.steps[id] = progressStep(
      members.map((r) => ({ p: progress(stagingSpec(r)), accepted: accepted(`staging:${r.fullName}`) })),
      "no repositories in this step",
    );
    if (members.length > 0) result.steps[id]!.detail = members.map((r) => r.name).join(", ");
  }

  // 3.7 staging health: every staging deployment succeeded, and the staging health checks answer.
  const verified = (id: string) => Boolean(state.reached[id]);
  let stagingHealthy = verified("3.7");
  // A verified step reads the same on every later reconcile (its time is kept in the state), so the body stays unchanged.
  const verifiedAt = (iso: string) => `verified ${iso.slice(0, 16).replace("T", " ")} UTC`;
  if (stagingHealthy) result.steps["3.7"] = { status: "done", detail: verifiedAt(state.reached["3.7"]!) };
  else if (!stagingDeployed) result.steps["3.7"] = { status: "pending" };
  else {
    const health = healthOf(config, observation, "staging");
    need(health.needs);
    if (health.status === "failed" && !accepted("health:staging")) {
      result.nonCritical["health:staging"] = `staging ${health.detail}`;
      result.steps["3.7"] = { status: "failed", detail: health.detail };
    } else if (health.status === "unknown") result.steps["3.7"] = { status: "running", detail: health.detail };
    else {
      stagingHealthy = true;
      result.steps["3.7"] = { status: "done", detail: verifiedAt(input.now.toISOString()) };
    }
  }

  // ---- Phase 4: smoke tests on the deployed commits; the rest are people's steps.
  const smoke = config.checks.smoke;
  let smokeDone = false;
  if (smoke.length === 0) {
    result.steps["4.1"] = { status: stagingHealthy ? "skipped" : "pending", detail: "no `checks.smoke` configured" };
    smokeDone = stagingHealthy;
  } else if (!stagingHealthy) result.steps["4.1"] = { status: "pending", progress: { done: 0, total: repos.length } };
  else {
    let passed = 0;
    const failing: string[] = [];
    for (const r of repos) {
      const head = observation.repos[r.fullName]?.releaseBranch;
      const summary = summarizeChecks(head && head.oid === shaOf(r) ? head : null, smoke);
      const key = `smoke:${r.fullName}`;
      if (summary.status === "ok" || accepted(key)) passed += 1;
      else if (summary.status === "failed") {
        failing.push(`${r.name} (${summary.failing.join(", ")})`);
        result.nonCritical[key] = `smoke tests failed in ${r.name}: ${summary.failing.join(", ")}`;
      }
    }
    smokeDone = passed === repos.length;
    result.steps["4.1"] = {
      status: failing.length > 0 ? "failed" : smokeDone ? "done" : passed > 0 ? "running" : "pending",
      progress: { done: passed, total: repos.length },
      ...(failing.length > 0 ? { detail: `failing: ${failing.join(", ")}` } : {}),
    };
  }
  const stagingValidated = stagingHealthy && smokeDone && ["4.2", "4.3", "4.4"].every((id) => state.ticks[id]);
  if (withoutProduction) {
    const detail = "pre-release: not deployed to production (`prerelease.production: false`)";
    for (const id of PRODUCTION_STEPS) result.steps[id] = stagingValidated ? { status: "skipped", detail } : { status: "pending", detail };
    for (const r of repos) result.cells[r.fullName] = { ...result.cells[r.fullName]!, canary: { status: "skipped", text: "pre-release" }, production: { status: "skipped", text: "pre-release" } };
    return noteWaits(input, result);
  }

  // ---- Phase 5: maintenance on, production level by level, canaries first, maintenance off.
  const maintenance = maintenanceTarget(config, plan);
  const maintenanceSpec = (purpose: "maintenance-on" | "maintenance-off") =>
    maintenance.repo ? spec(maintenance.repo, purpose, maintenance.environment, purpose === "maintenance-on" ? "maintenance:enable" : "maintenance:disable") : null;
  const onSpec = maintenanceSpec("maintenance-on");
  let maintenanceOn = false;
  if (!config.maintenance) {
    result.steps["5.1"] = { status: stagingValidated ? "skipped" : "pending", detail: "not applicable: no `maintenance` configured" };
    maintenanceOn = true;
  } else if (!onSpec) result.steps["5.1"] = { status: "failed", detail: maintenance.problem! };
  else {
    const p = progress(onSpec);
    if (p === "none" && stagingValidated && forward) create(onSpec, false);
    if (p === "failed") critical(`maintenance mode could not be enabled (${onSpec.repo.split("/")[1]})`);
    result.steps["5.1"] = { ...progressStep([{ p }], ""), detail: `\`${maintenance.environment}\` deployment of ${onSpec.repo.split("/")[1]}` };
    maintenanceOn = p === "success";
  }

  const canaryLevels = { total: 0, passed: 0, openUntil: null as number | null, failed: null as string | null };
  const gate = !stagingValidated ? "staging is not validated" : !maintenanceOn ? "maintenance mode is not on" : null;
  const productionLevels = walkLevels(plan, (inLevel, open, level) => {
    const canaries = inLevel.filter((r) => goesCanary(config, plan, r));
    let windowPassed = canaries.length === 0;
    if (canaries.length > 0) {
      canaryLevels.total += 1;
      let allUp = true;
      let upSince = 0;
      for (const r of canaries) {
        const d = findDeployment(observation, canarySpec(r));
        const p = progressOf(d);
        cell(r, "canary", p);
        if (p === "failed") critical(`the canary deployment of ${r.name} to ${env.production} failed`);
        if (p === "none" && open && forward) create(canarySpec(r), true);
        if (p !== "success") allUp = false;
        else upSince = Math.max(upSince, Date.parse(d!.stateAt ?? d!.createdAt));
      }
      // Once any full rollout of the level exists, its window was passed earlier.
      const rolledOut = canaries.some((r) => progress(productionSpec(r)) !== "none");
      if (rolledOut) windowPassed = true;
      else if (allUp) {
        const end = upSince + config.canaryMinutes * MINUTE;
        const health = healthOf(config, observation, "production");
        need(health.needs);
        if (health.status === "failed") {
          critical(`canary health check failed for level ${level} (${canaries.map((r) => r.name).join(", ")}): ${health.detail.replace(/^health check failing: /, "")}`);
          canaryLevels.failed = health.detail;
        } else if (now < end) {
          canaryLevels.openUntil = end;
          if (forward) wake(Math.min(end, now + HEALTH_POLL_MS));
        } else if (health.status === "ok") windowPassed = true;
      }
      if (windowPassed) canaryLevels.passed += 1;
    }
    let levelDone = true;
    for (const r of inLevel) {
      const p = progress(productionSpec(r));
      cell(r, "production", p);
      if (p === "failed") critical(`the deployment of ${r.name} to ${env.production} failed`);
      if (p === "none" && open && forward && (windowPassed || !goesCanary(config, plan, r))) create(productionSpec(r), true);
      if (p !== "success") levelDone = false;
    }
    return levelDone;
  }, { only: (r) => r.deploy, gate });
  const productionDeployed = productionLevels.through && repos.length > 0;

  const inStage = (stage: DeployStage) => repos.filter((r) => stageOf(config, plan, r) === stage);
  const fullOf = (stage: DeployStage) => progressStep(inStage(stage).map((r) => ({ p: progress(productionSpec(r)) })), "no repositories in this stage");
  const canaryOf = (stage: DeployStage) =>
    config.canary ? progressStep(inStage(stage).map((r) => ({ p: progress(canarySpec(r)) })), "no repositories in this stage") : { status: "skipped" as const, detail: "`canary: false`" };
  result.steps["5.2"] = fullOf("infrastructure");
  result.steps["5.3"] = canaryOf("backend");
  result.steps["5.4"] = !config.canary
    ? { status: "skipped", detail: "`canary: false`" }
    : canaryLevels.failed
      ? { status: "failed", detail: canaryLevels.failed }
      : {
          status: canaryLevels.total === 0 ? "skipped" : canaryLevels.passed === canaryLevels.total ? "done" : canaryLevels.openUntil ? "running" : "pending",
          progress: { done: canaryLevels.passed, total: canaryLevels.total },
          detail: canaryLevels.openUntil
            ? `observing canaries until ${clock(canaryLevels.openUntil)} (${config.canaryMinutes} min per level)`
            : `${config.canaryMinutes} min of healthy canaries per level`,
        };
  result.steps["5.5"] = fullOf("backend");
  result.steps["5.6"] = canaryOf("frontend");
  result.steps["5.7"] = fullOf("frontend");
  result.steps["5.8"] = { ...fullOf("packs"), ...(config.canary ? { detail: "canary → full" } : {}) };

  const offSpec = maintenanceSpec("maintenance-off");
  let maintenanceOff = false;
  if (!config.maintenance) {
    result.steps["5.9"] = { status: productionDeployed ? "skipped" : "pending", detail: "not applicable: no `maintenance` configured" };
    maintenanceOff = productionDeployed;
  } else if (!offSpec) result.steps["5.9"] = { status: "failed", detail: maintenance.problem! };
  else {
    const p = progress(offSpec);
    if (p === "none" && productionDeployed && forward) create(offSpec, false);
    if (p === "failed") critical(`maintenance mode could not be disabled (${offSpec.repo.split("/")[1]})`);
    result.steps["5.9"] = progressStep([{ p }], "");
    maintenanceOff = p === "success";
  }

  // ---- Phase 6: production health, then the bake window (its start is kept in the hidden state).
  let healthySince: number | null = state.reached["6.1"] ? Date.parse(state.reached["6.1"]) : null;
  const production = () => {
    const health = healthOf(config, observation, "production");
    need(health.needs);
    return health;
  };
  if (healthySince !== null) result.steps["6.1"] = { status: "done", detail: verifiedAt(state.reached["6.1"]!) };
  else if (!(productionDeployed && maintenanceOff)) result.steps["6.1"] = { status: "pending" };
  else {
    const health = production();
    if (health.status === "failed") {
      critical(`production ${health.detail}`);
      result.steps["6.1"] = { status: "failed", detail: health.detail };
    } else if (health.status === "unknown") result.steps["6.1"] = { status: "running", detail: health.detail };
    else {
      result.steps["6.1"] = { status: "done", detail: verifiedAt(input.now.toISOString()) };
      healthySince = now;
    }
  }
  if (state.reached["6.2"]) result.steps["6.2"] = { status: "done", detail: `${config.bakeMinutes} min bake window passed` };
  else if (healthySince === null) result.steps["6.2"] = { status: "pending", detail: `${config.bakeMinutes} min bake window after 6.1` };
  else {
    const deadline = healthySince + config.bakeMinutes * MINUTE;
    const health = production();
    if (health.status === "failed") {
      critical(`production ${health.detail} during the bake window`);
      result.steps["6.2"] = { status: "failed", detail: health.detail };
    } else if (now >= deadline && health.status === "ok") result.steps["6.2"] = { status: "done", detail: `${config.bakeMinutes} min bake window passed` };
    else {
      result.steps["6.2"] = { status: "running", detail: `observing until ${clock(deadline)} (${Math.max(0, Math.ceil((deadline - now) / MINUTE))} min left)` };
      if (!state.rollback && !state.aborted) wake(Math.min(deadline, now + HEALTH_POLL_MS));
    }
  }
  return noteWaits(input, result);
}

const CANARY_STEP: Record<DeployStage, string> = { infrastructure: "5.2", backend: "5.3", frontend: "5.6", packs: "5.8" };
const FULL_STEP: Record<DeployStage, string> = { infrastructure: "5.2", backend: "5.5", frontend: "5.7", packs: "5.8" };

/** The step that shows a deployment of this purpose. */
function stepOf(input: RolloutInput, repo: PlannedRepo, purpose: string): string | null {
  const stage = stageOf(input.config, input.plan, repo);
  if (purpose === "staging") return stagingStep(input.config, input.plan, repo);
  if (purpose === "canary") return CANARY_STEP[stage];
  if (purpose === "production") return FULL_STEP[stage];
  if (purpose === "maintenance-on") return "5.1";
  if (purpose === "maintenance-off") return "5.9";
  return null;
}

/** Deployments GitHub holds for their environment's reviewers or wait timer: said on their step and cell. */
function noteWaits(input: RolloutInput, result: RolloutResult): RolloutResult {
  for (const repo of input.plan.repos) {
    for (const d of trainDeployments(input.observation, repo.fullName)) {
      if (d.state !== "waiting" || !d.purpose) continue;
      const text = `${repo.name}: ${describeWait(input.observation.repos[repo.fullName], d)}`;
      const id = stepOf(input, repo, d.purpose);
      const step = id ? result.steps[id] : undefined;
      if (step) step.detail = step.detail ? `${step.detail}; ${text}` : text;
      const where = d.purpose === "staging" || d.purpose === "canary" || d.purpose === "production" ? d.purpose : null;
      if (where) result.cells[repo.fullName]![where] = { status: "running", text: `${input.version.tag} waiting for review` };
    }
  }
  return result;
}

/** The repository and environment that switch maintenance mode, or why there is none. */
/** A pre-release stays out of production unless `prerelease: { production: true }`. */
export const deploysToProduction = (config: TrainConfig, version: string): boolean => modeOf(version) !== "prerelease" || config.prerelease.production;

export function maintenanceTarget(config: TrainConfig, plan: ReleasePlan): { repo: PlannedRepo | null; environment: string; problem?: string } {
  const wanted = config.maintenance;
  if (!wanted) return { repo: null, environment: "" };
  const name = wanted.repo.toLowerCase();
  const repo = plan.repos.find((r) => r.fullName.toLowerCase() === name || r.name.toLowerCase() === name) ?? null;
  return repo ? { repo, environment: wanted.environment } : { repo: null, environment: wanted.environment, problem: `\`maintenance.repo\` ${wanted.repo} is not a repository of this train` };
}
