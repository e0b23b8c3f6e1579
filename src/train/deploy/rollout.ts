// Phases 3–6 going forward, one module each under ../phases/: staging in release order,
// staging validation, production with maintenance mode and canaries, then health checks
// and the bake window. Every deployment is a GitHub deployment the repositories' own
// workflows carry out; the phases only decide which to create next and read how they
// went. Pure.
import type { CellStatus } from "../model/train-view.js";
import type { PlannedRepo, ReleasePlan } from "../plan.js";
import type { DeployContext, DeployPhase, PhaseResult, RolloutInput, Where } from "../phases/deploy-phase.js";
import { stagingDeployment } from "../phases/phase3-staging-deployment.js";
import { stagingValidation } from "../phases/phase4-staging-validation.js";
import { deploysToProduction, PRODUCTION_STEPS, productionDeployment } from "../phases/phase5-production-deployment.js";
import { postDeploymentVerification } from "../phases/phase6-post-deployment-verification.js";
import { trainDeployments } from "./deployments.js";
import { deployable, stageOf, stagingStep, type DeployStage } from "./stages.js";
import { describeWait } from "./waiting.js";

export { HEALTH_POLL_MS, type RolloutInput } from "../phases/deploy-phase.js";
export { deploysToProduction, maintenanceTarget, PRODUCTION_STEPS } from "../phases/phase5-production-deployment.js";

export interface RolloutResult extends Omit<PhaseResult, "passed" | "cells"> {
  /** Per repository: what runs in staging, canary and production. */
  cells: Record<string, Record<Where, { status: CellStatus; text: string }>>;
  /** A pre-release train that does not go to production (`prerelease.production: false`): Phases 5 and 6 are skipped. */
  withoutProduction: boolean;
}

/** Each phase in the playbook's order; one begins once the one before it passed. */
export function rollout(input: RolloutInput): RolloutResult {
  const { config, plan, version, state } = input;
  const withoutProduction = !deploysToProduction(config, version.version);
  const result: RolloutResult = {
    steps: {},
    actions: [],
    healthNeeds: [],
    wakeAt: null,
    nonCritical: {},
    critical: null,
    cells: initialCells(plan),
    withoutProduction,
  };
  const forward = input.approved && !state.hold && !state.aborted && !state.rollback;
  const ctx: DeployContext = { ...input, forward, repos: deployable(plan), previousPassed: true };
  const phases: DeployPhase[] = withoutProduction
    ? [stagingDeployment, stagingValidation]
    : [stagingDeployment, stagingValidation, productionDeployment, postDeploymentVerification];
  let passed = true;
  for (const phase of phases) passed = merge(result, phase({ ...ctx, previousPassed: passed }));
  if (withoutProduction) skipProduction(result, ctx.repos, passed);
  return noteWaits(input, result);
}

function initialCells(plan: ReleasePlan): RolloutResult["cells"] {
  const none = { status: "none" as const, text: "" };
  const skipped = { status: "skipped" as const, text: "not deployed" };
  return Object.fromEntries(
    plan.repos.map((r) => [
      r.fullName,
      r.deploy
        ? { staging: none, canary: none, production: none }
        : { staging: skipped, canary: skipped, production: skipped },
    ]),
  );
}

/** Adds a phase's result to the rollout's; true when the phase passed. */
function merge(result: RolloutResult, phase: PhaseResult): boolean {
  Object.assign(result.steps, phase.steps);
  result.actions.push(...phase.actions);
  result.healthNeeds.push(...phase.healthNeeds.filter((u) => !result.healthNeeds.includes(u)));
  Object.assign(result.nonCritical, phase.nonCritical);
  result.critical ??= phase.critical;
  if (phase.wakeAt !== null)
    result.wakeAt = result.wakeAt === null ? phase.wakeAt : Math.min(result.wakeAt, phase.wakeAt);
  for (const [repo, cells] of Object.entries(phase.cells)) result.cells[repo] = { ...result.cells[repo]!, ...cells };
  return phase.passed;
}

/** A pre-release that stays out of production: Phases 5 and 6 skipped once staging is validated. */
function skipProduction(result: RolloutResult, repos: PlannedRepo[], stagingValidated: boolean): void {
  const detail = "pre-release: not deployed to production (`prerelease.production: false`)";
  for (const id of PRODUCTION_STEPS)
    result.steps[id] = stagingValidated ? { status: "skipped", detail } : { status: "pending", detail };
  const skipped = { status: "skipped" as const, text: "pre-release" };
  for (const r of repos)
    result.cells[r.fullName] = { ...result.cells[r.fullName]!, canary: skipped, production: skipped };
}

const CANARY_STEP: Record<DeployStage, string> = {
  infrastructure: "5.2",
  backend: "5.3",
  frontend: "5.6",
  packs: "5.8",
};
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
      if (where)
        result.cells[repo.fullName]![where] = { status: "running", text: `${input.version.tag} waiting for review` };
    }
  }
  return result;
}
