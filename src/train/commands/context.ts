// What a command sees: the observation, the train's state it may change, who is who, and
// the views it answers with. Built once per reconcile by interactions.ts.
import type { Authz } from "../authz.js";
import type { RolloutResult } from "../deploy/rollout.js";
import type { GateContext } from "../gate-commands.js";
import type { Observation } from "../model/observation.js";
import type { TrainState } from "../model/train-state.js";
import type { Action } from "../model/actions.js";
import type { ReleasePlan } from "../plan.js";
import type { PhaseOneStart } from "../subset.js";
import type { TrainVersion } from "../model/train-version.js";

export interface InteractionContext extends Omit<GateContext, "audit"> {
  observation: Observation;
  state: TrainState;
  authz: Authz;
  at: string;
  actions: Action[];
  /** Text for `/status`. */
  statusSummary: () => string;
  /** Text for `/dry-run`. */
  dryRunPlan: () => string;
  /** Phases 3–6 with the state so far. */
  rollout: () => RolloutResult;
  versionTag: string;
  /** Every configured repository (`plan` is this train's: a subset's, or without an independent train's unchanged ones). */
  configuredPlan: ReleasePlan;
  /** The repository a subset must keep (see subset.ts). */
  mustInclude: string | null;
  /** Rebuilding a lost state: Phase 1's start, as the body's history shows (`/only` made since is refused). */
  subsetRebuiltStart?: PhaseOneStart;
  version: TrainVersion;
  /** A patch train: some repository releases from an older line (where `/pick` works). */
  patch: boolean;
  /** Commits `/pick` wants read (see pick.ts). */
  pickNeeds: Array<{ repo: string; sha: string }>;
  /** Repositories to read as GitHub is now before a command judged on them runs. */
  freshNeeds: string[];
}

/** The interaction context with the audit log to write to. */
export interface CommandContext extends InteractionContext {
  audit(actor: string, text: string): void;
}
