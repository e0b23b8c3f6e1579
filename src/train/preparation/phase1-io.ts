/** What Phase 1 is given and what it decides. */
import type { TrainConfig } from "../../config/schema.js";
import type { Action } from "../model/actions.js";
import type { Observation } from "../model/observation.js";
import type { TrainState } from "../model/train-state.js";
import type { TrainVersion } from "../model/train-version.js";
import type { ChecklistItem } from "../model/train-view.js";
import type { ReleasePlan } from "../plan.js";
import type { RepoPreparation } from "./prepare-repo.js";

export interface Phase1Input {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState;
  /** Preconditions done (now or earlier): Phase 1 may write. */
  started: boolean;
  /** May this person exempt a pull request from the freeze with the `hotfix` label (the orchestration team)? */
  mayHotfix: (login: string) => boolean;
}

export type StepVerdict = Pick<ChecklistItem, "status" | "progress" | "detail">;

export interface Phase1Result {
  actions: Action[];
  /** Repositories whose details decide needs and does not have. */
  needsDetails: string[];
  steps: Record<string, StepVerdict>;
  problems: Record<string, string[]>;
  warnings: Record<string, string[]>;
  preparations: Record<string, RepoPreparation>;
}
