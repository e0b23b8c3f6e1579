// What the view is built from: the plan, what GitHub shows, the state and what the phases computed.
import type { TrainConfig } from "../../config/schema.js";
import type { RollbackResult } from "../deploy/rollback.js";
import type { Observation } from "../model/observation.js";
import type { TrainState } from "../model/train-state.js";
import type { TrainVersion } from "../model/train-version.js";
import type { ChecklistItem, ComputedSteps, RepoRow } from "../model/train-view.js";
import type { GateReport } from "../validation/gate-report.js";
import type { RepoPreparation } from "../preparation/prepare-repo.js";
import type { ReleasePlan } from "../plan.js";

export interface ViewInput {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState;
  computed: ComputedSteps;
  /** Per repository (full name): blocking problems and non-blocking warnings from the phases. */
  repoProblems: Record<string, string[]>;
  repoWarnings: Record<string, string[]>;
  gates: GateReport;
  /** Per repository: what runs in staging, canary and production (from the rollout). */
  cells: Record<string, RepoRow["environments"]>;
  rollback: RollbackResult | null;
  postconditions: ChecklistItem[];
  /** Phase 1's preparations (for an independent train's dependency updates). */
  preparations?: Record<string, RepoPreparation>;
  /** Every repository of the train (an independent train's `plan` leaves out those without changes). */
  fullPlan?: ReleasePlan;
  /** Every configured repository (a train on a subset has the others as `notInTrain`). */
  configuredPlan?: ReleasePlan;
}
