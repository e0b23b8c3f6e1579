/** What Phase 2's gates are given and what they report. */
import type { TrainConfig } from "../../config/schema.js";
import type { Readiness } from "../branch-rules.js";
import type { Observation } from "../model/observation.js";
import type { ComplianceItem, TrainState } from "../model/train-state.js";
import type { ComputedSteps } from "../model/train-view.js";
import type { ReleasePlan } from "../plan.js";

export type GateStep = ComputedSteps[string];

export interface RequiredSignoff {
  team: string;
  /** Why the team must sign: the config's `signoff` list, or compliance entries. */
  reasons: string[];
  /** Repositories whose release heads the sign-off covers. */
  repos: string[];
}

export interface GateReport {
  steps: ComputedSteps;
  required: RequiredSignoff[];
  compliance: ComplianceItem[];
  /** What blocks `/approve`, one line each; empty when approval may be given. */
  missing: string[];
  /** Release PRs ("name#n") whose mergeability GitHub is still computing: `/approve` waits for its answer. */
  computing: string[];
  /** Sign-offs (team keys) and the approval whose repositories moved since they were given. */
  stale: { teams: string[]; approval: boolean };
  /** Repositories whose code scanning decide wants read at their current head. */
  needsCodeScanning: string[];
  /** Failing check suites per repository, for `/retest`. */
  failingSuites: Record<string, number[]>;
  /** What GitHub says about merging each open release PR (branch protection, rulesets). */
  readiness: Record<string, Readiness>;
}

export interface GateInput {
  config: TrainConfig;
  plan: ReleasePlan;
  observation: Observation;
  state: TrainState;
  /** Phase 1 finished: every release PR is open. */
  prepared: boolean;
}
