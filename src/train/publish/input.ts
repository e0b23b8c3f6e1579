// What publishing is given and what it answers, and what its steps (7.3–7.7) share.
import type { TrainConfig } from "../../config/schema.js";
import type { Action } from "../model/actions.js";
import type { ChecklistItem, ComputedSteps } from "../model/train-view.js";
import type { FinalObservation, Observation } from "../model/observation.js";
import type { TrainState } from "../model/train-state.js";
import type { ReleasePlan } from "../plan.js";
import type { TrainVersion } from "../model/train-version.js";

export interface PublishInput {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState;
  at: string;
  /** Every repository merged and tagged (7.1, 7.2). */
  tagged: boolean;
  /** A pre-release that stays out of production: the production postconditions do not apply. */
  withoutProduction?: boolean;
  /** Production ran the approved heads successfully (for the postconditions). */
  productionVerified: (repo: string) => boolean;
}

export interface PublishResult {
  steps: ComputedSteps;
  actions: Action[];
  /** Releases, the summary file and discussions must be read first. */
  needsFinal: boolean;
  /** Teams whose leads the announcement mentions. */
  teams: string[];
  postconditions: ChecklistItem[];
  /** The retrospective is done but the complete summary is not written yet: the tracking issue stays open. */
  summaryPending: boolean;
}

export type Step = Pick<ChecklistItem, "status" | "progress" | "detail">;

export const pending = (detail: string): Step => ({ status: "pending", detail });

/** One publishing pass once the final observation is read: each step adds its actions and its checklist entry to `result`. */
export interface Publishing {
  input: PublishInput;
  final: FinalObservation;
  result: PublishResult;
  /** The orchestration repository, `owner/repo`. */
  orchestration: string;
  /** A held train writes nothing. */
  held: boolean;
  /** The releases are written as drafts until `/check 7.3`. */
  drafts: boolean;
  /** A release's pre-release and latest flags (`null`: the constellation's release). */
  flagsOf: (repo: string | null) => { prerelease: boolean; latest: boolean };
}
