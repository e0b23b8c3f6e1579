// Phase 4, Staging Validation: the smoke tests (4.1) on the deployed commits once staging
// is healthy; manual QA, monitoring and the staging sign-off (4.2–4.4) are people's ticks.
// A failing smoke test holds the train (non-critical). Pure.
import { summarizeChecks } from "../checks.js";
import { accepted, shaOf, PhaseRecorder, type DeployContext, type PhaseResult } from "./deploy-phase.js";

/** Passes once staging is healthy, the smoke tests passed and 4.2–4.4 are ticked. */
export function stagingValidation(ctx: DeployContext): PhaseResult {
  const out = new PhaseRecorder(ctx);
  const stagingHealthy = ctx.previousPassed;
  const smokeDone = smokeTests(ctx, out, stagingHealthy);
  out.passed = stagingHealthy && smokeDone && ["4.2", "4.3", "4.4"].every((id) => ctx.state.ticks[id]);
  return out;
}

/** 4.1: the configured smoke checks on every deployed release head; true when all passed (or were accepted). */
function smokeTests(ctx: DeployContext, out: PhaseRecorder, stagingHealthy: boolean): boolean {
  const { repos } = ctx;
  const smoke = ctx.config.checks.smoke;
  if (smoke.length === 0) {
    out.steps["4.1"] = { status: stagingHealthy ? "skipped" : "pending", detail: "no `checks.smoke` configured" };
    return stagingHealthy;
  }
  if (!stagingHealthy) {
    out.steps["4.1"] = { status: "pending", progress: { done: 0, total: repos.length } };
    return false;
  }
  let passed = 0;
  const failing: string[] = [];
  for (const r of repos) {
    const head = ctx.observation.repos[r.fullName]?.releaseBranch;
    const summary = summarizeChecks(head && head.oid === shaOf(ctx.state, ctx.observation, r) ? head : null, smoke);
    const key = `smoke:${r.fullName}`;
    if (summary.status === "ok" || accepted(ctx, key)) passed += 1;
    else if (summary.status === "failed") {
      failing.push(`${r.name} (${summary.failing.join(", ")})`);
      out.nonCritical[key] = `smoke tests failed in ${r.name}: ${summary.failing.join(", ")}`;
    }
  }
  const done = passed === repos.length;
  out.steps["4.1"] = {
    status: failing.length > 0 ? "failed" : done ? "done" : passed > 0 ? "running" : "pending",
    progress: { done: passed, total: repos.length },
    ...(failing.length > 0 ? { detail: `failing: ${failing.join(", ")}` } : {}),
  };
  return done;
}
