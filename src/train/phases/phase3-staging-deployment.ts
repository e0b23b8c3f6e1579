// Phase 3, Staging Deployment: every deployable repository to staging in release order
// (3.1–3.6 by stage), then the staging health checks (3.7). A failed deployment or health
// check holds the train (non-critical: `/hotfix` may ship with it). Pure.
import { walkRepos } from "../levels.js";
import type { PlannedRepo } from "../plan.js";
import { stagingStep } from "../deploy/stages.js";
import {
  accepted,
  healthStep,
  progressIn,
  progressStep,
  stagingSpec,
  PhaseRecorder,
  type DeployContext,
  type PhaseResult,
} from "./deploy-phase.js";

const STAGING_STEPS = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"];

/** Passes once staging is deployed and healthy (3.7 verified). */
export function stagingDeployment(ctx: DeployContext): PhaseResult {
  const out = new PhaseRecorder(ctx);
  const deployed = deployLevels(ctx, out);
  stagingSteps(ctx, out);
  out.passed = stagingHealth(ctx, out, deployed);
  return out;
}

/** Staging, level by level; true once every level is deployed (or its failure accepted). */
function deployLevels(ctx: DeployContext, out: PhaseRecorder): boolean {
  const env = ctx.config.environments;
  const staging = walkRepos(
    ctx.plan,
    (r, mayStart) => {
      const p = progressIn(ctx, stagingSpec(ctx, r));
      out.cell(r, "staging", p);
      const key = `staging:${r.fullName}`;
      if (p === "failed" && !accepted(ctx, key)) out.nonCritical[key] = `${r.name} failed to deploy to ${env.staging}`;
      if (p === "none" && mayStart && ctx.forward) out.create(stagingSpec(ctx, r), false);
      return p === "success" || (p === "failed" && accepted(ctx, key));
    },
    { only: (r) => r.deploy },
  );
  return staging.through && ctx.repos.length > 0;
}

/** 3.1–3.6: each stage's repositories and how far their staging deployments are. */
function stagingSteps(ctx: DeployContext, out: PhaseRecorder): void {
  const byStep = new Map<string, PlannedRepo[]>();
  for (const r of ctx.repos)
    byStep.set(stagingStep(ctx.config, ctx.plan, r), [...(byStep.get(stagingStep(ctx.config, ctx.plan, r)) ?? []), r]);
  for (const id of STAGING_STEPS) {
    const members = byStep.get(id) ?? [];
    out.steps[id] = progressStep(
      members.map((r) => ({
        p: progressIn(ctx, stagingSpec(ctx, r)),
        accepted: accepted(ctx, `staging:${r.fullName}`),
      })),
      "no repositories in this step",
    );
    if (members.length > 0) out.steps[id]!.detail = members.map((r) => r.name).join(", ");
  }
}

/** 3.7: every staging deployment succeeded, and the staging health checks answer (a failure may be accepted). */
function stagingHealth(ctx: DeployContext, out: PhaseRecorder, deployed: boolean): boolean {
  const stops = (detail: string) => {
    if (accepted(ctx, "health:staging")) return false;
    out.nonCritical["health:staging"] = `staging ${detail}`;
    return true;
  };
  return healthStep(ctx, out, { id: "3.7", environment: "staging", ready: deployed, stops }) !== null;
}
