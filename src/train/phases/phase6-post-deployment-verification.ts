// Phase 6, Post-Deployment Verification: production health once everything runs there and
// maintenance mode is off (6.1), then the bake window of `bakeMinutes` (6.2), its start
// kept in the hidden state. 6.3 and 6.4 are people's ticks. An unhealthy production is
// critical. Pure.
import {
  clock,
  HEALTH_POLL_MS,
  healthStep,
  MINUTE,
  PhaseRecorder,
  type DeployContext,
  type PhaseResult,
} from "./deploy-phase.js";

/** Passes once production was verified healthy and the bake window passed. */
export function postDeploymentVerification(ctx: DeployContext): PhaseResult {
  const out = new PhaseRecorder(ctx);
  const healthySince = productionHealth(ctx, out);
  const baked = bakeWindow(ctx, out, healthySince);
  out.passed = healthySince !== null && baked;
  return out;
}

/** 6.1: when production was first verified healthy, or null. */
function productionHealth(ctx: DeployContext, out: PhaseRecorder): number | null {
  const stops = (detail: string) => {
    out.fail(`production ${detail}`);
    return true;
  };
  return healthStep(ctx, out, { id: "6.1", environment: "production", ready: ctx.previousPassed, stops });
}

/** 6.2: production stays healthy for the bake window after 6.1; true once it passed. */
function bakeWindow(ctx: DeployContext, out: PhaseRecorder, healthySince: number | null): boolean {
  const { config, state } = ctx;
  const passed = `${config.bakeMinutes} min bake window passed`;
  if (state.reached["6.2"]) {
    out.steps["6.2"] = { status: "done", detail: passed };
    return true;
  }
  if (healthySince === null) {
    out.steps["6.2"] = { status: "pending", detail: `${config.bakeMinutes} min bake window after 6.1` };
    return false;
  }
  const now = ctx.now.getTime();
  const deadline = healthySince + config.bakeMinutes * MINUTE;
  const health = out.health("production");
  if (health.status === "failed") {
    out.fail(`production ${health.detail} during the bake window`);
    out.steps["6.2"] = { status: "failed", detail: health.detail };
    return false;
  }
  if (now >= deadline && health.status === "ok") {
    out.steps["6.2"] = { status: "done", detail: passed };
    return true;
  }
  out.steps["6.2"] = {
    status: "running",
    detail: `observing until ${clock(deadline)} (${Math.max(0, Math.ceil((deadline - now) / MINUTE))} min left)`,
  };
  if (!state.rollback && !state.aborted) out.wake(Math.min(deadline, now + HEALTH_POLL_MS));
  return false;
}
