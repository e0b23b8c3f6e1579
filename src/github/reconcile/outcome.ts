import type { TrainState } from "../../train/model/train-state.js";

/** Where a train stands, for operators (metrics): before Phase 1, a phase, a rollback, or over. */
export type TrainPhase = "preconditions" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "rollback" | "finished";

/** `points`: what GitHub charged for the reconcile's GraphQL reads (its `rateLimit.cost`). */
export type ReconcileOutcome =
  | {
      kind: "reconciled";
      writes: number;
      failures: string[];
      bodyWritten: boolean;
      conflict: boolean;
      lookAgain: boolean;
      phase: TrainPhase;
      rollbackStarted: boolean;
      points: number;
    }
  | { kind: "not-a-train"; reason: string; points: number }
  | { kind: "refused"; reason: string; points: number };

/** Who watches reconciles (the metrics, the Actions run's record). */
export interface ReconcileEvents {
  /** A reconcile ended with this outcome (`failed` when it threw) after `ms` milliseconds. */
  reconciled(train: string, outcome: ReconcileOutcome | { kind: "failed" }, ms: number): void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An outcome before its points are added. */
export type Outcome = DistributiveOmit<ReconcileOutcome, "points">;

/** A step either hands its result to the next or ends the reconcile with an outcome. */
export type StepResult<T> = T | Outcome;

export const ended = <T extends object>(result: StepResult<T>): result is Outcome => "kind" in result;

export function phaseOf(state: TrainState, currentPhase: number): TrainPhase {
  if (state.finishedAt || state.aborted || state.rollback?.verifiedAt) return "finished";
  if (state.rollback) return "rollback";
  if (!state.reached.preconditions) return "preconditions";
  return String(currentPhase) as TrainPhase;
}
