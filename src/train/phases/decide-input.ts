/** What decide is given, which its steps read too (a module of its own so they need not import decide). */
import type { TrainConfig } from "../../config/schema.js";
import type { Observation } from "../model/observation.js";
import type { TrainVersion } from "../model/train-version.js";
import type { ReleasePlan } from "../plan.js";

export interface DecideInput {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  now: Date;
  /** Writes the state records that one reconcile makes at most, where they can wait (review requests); the rest come with the next. */
  batchWrites?: number;
}
