// The playbook's Rollback Procedure: which repositories a rollback covers, and one
// reconcile of it — the immediate or the extended procedure (../phases/rollback-*.ts),
// and how long it took against the 15-minute target. Pure.
import type { TrainConfig } from "../../config/schema.js";
import type { Observation } from "../model/observation.js";
import type { RollbackState } from "../model/train-state.js";
import type { ChecklistItem } from "../model/train-view.js";
import type { Action } from "../model/actions.js";
import type { ReleasePlan } from "../plan.js";
import { RollbackRun, type RollbackInput, type RollbackProcedure } from "../phases/rollback.js";
import { extendedRollback } from "../phases/rollback-extended.js";
import { immediateRollback } from "../phases/rollback-immediate.js";
import { trainDeployments } from "./deployments.js";
import { deployable } from "./stages.js";

export { INCIDENT_LABEL, ROLLBACK_STEPS, type RollbackInput } from "../phases/rollback.js";

/** The playbook's target from detection to a verified rollback. */
export const ROLLBACK_TARGET_MS = 15 * 60_000;

export interface RollbackResult {
  steps: ChecklistItem[];
  actions: Action[];
  healthNeeds: string[];
  /** Teams whose leads the notification mentions. */
  teams: string[];
  summary: string;
  verifiedAt: string | null;
  /** While production is still unhealthy after the rollback, health is polled. */
  wakeAt: number | null;
}

/** Repositories a rollback covers: immediate = those the train deployed to production; extended = all. */
export function rollbackTargets(
  config: TrainConfig,
  plan: ReleasePlan,
  observation: Observation,
  mode: RollbackState["mode"],
): string[] {
  return deployable(plan)
    .filter(
      (r) =>
        mode === "extended" ||
        trainDeployments(observation, r.fullName).some(
          (d) =>
            d.environment === config.environments.production && (d.purpose === "canary" || d.purpose === "production"),
        ),
    )
    .map((r) => r.fullName);
}

const PROCEDURES: Record<RollbackState["mode"], RollbackProcedure> = {
  immediate: immediateRollback,
  extended: extendedRollback,
};

const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

export function rollbackProcedure(input: RollbackInput, teamLeads: Record<string, string[]>): RollbackResult {
  const run = new RollbackRun(input, teamLeads);
  const { rollback } = run;
  const steps = PROCEDURES[rollback.mode](run);
  const { verifiedAt } = run;
  const took = verifiedAt ? Date.parse(verifiedAt) - Date.parse(rollback.at) : null;
  const summary =
    took === null
      ? `detected ${rollback.at.slice(0, 16).replace("T", " ")} UTC; not verified yet (target: 15 min)`
      : `verified ${minutes(took)} after detection — ${took <= ROLLBACK_TARGET_MS ? "✅ within" : "❌ over"} the 15-minute target`;
  return {
    steps,
    actions: run.actions,
    healthNeeds: run.healthNeeds,
    teams: run.teams,
    summary,
    verifiedAt,
    wakeAt: run.wakeAt,
  };
}
