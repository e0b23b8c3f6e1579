// Phase 2, Validation & Approval: integration checks and security scans on every
// release PR head, team-lead sign-offs (plus compliance sign-offs), and what stands
// between the train and final approval. Pure.
import type { TrainState } from "./model/train-state.js";
import type { ComputedSteps } from "./model/train-view.js";
import { integrationGate, securityGate } from "./validation/check-gates.js";
import type { GateInput, GateReport, GateStep } from "./validation/gate-report.js";
import { releaseReadiness } from "./validation/merge-readiness.js";
import { complianceItems, signoffGate } from "./validation/signoffs.js";

export function evaluateGates(input: GateInput): GateReport {
  const { state, prepared } = input;
  const failingSuites: Record<string, number[]> = {};
  const missing: string[] = [];
  const steps: ComputedSteps = {};

  steps["2.1"] = integrationGate(input, failingSuites, missing);
  const security = securityGate(input, failingSuites, missing);
  steps["2.2"] = security.step;
  // 2.3 is a manual step (ticked or /check 2.3).
  if (!state.ticks["2.3"]) missing.push("2.3 release review meeting: not checked yet (`/check 2.3`)");
  const signoffs = signoffGate(input, missing);
  steps["2.4"] = signoffs.step;
  if (!prepared) missing.unshift("Phase 1 is not finished: every release PR must be open");
  const { readiness, computing } = releaseReadiness(input, missing);
  steps["2.5"] = approvalStep(state, signoffs.stale.approval, missing, computing);

  return {
    steps,
    required: signoffs.required,
    compliance: complianceItems(state),
    missing,
    computing,
    stale: signoffs.stale,
    needsCodeScanning: security.needsCodeScanning,
    failingSuites,
    readiness,
  };
}

/** 2.5 final approval: given and not stale, or ready for the orchestration team's `/approve`. */
function approvalStep(state: TrainState, stale: boolean, missing: string[], computing: string[]): GateStep {
  const approval = state.approval && !stale ? state.approval : null;
  const ready = missing.length === 0 && computing.length === 0;
  return approval
    ? { status: "done", detail: `approved by @${approval.by}` }
    : {
        status: ready ? "running" : "pending",
        ...(ready
          ? { detail: "ready: the orchestration team may `/approve`" }
          : missing.length === 0
            ? { detail: `waiting for GitHub to compute whether ${computing.join(", ")} can merge` }
            : {}),
      };
}
