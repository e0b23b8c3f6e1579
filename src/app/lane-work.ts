// What a train's lane runs: one reconcile, its log lines and metrics, and a second look
// when the reconcile says the train moved under it.
import type { Probot } from "probot";
import type { BeforeWrite, LaneWork } from "../github/lanes.js";
import type { ReconcileOutcome, Reconciler } from "../github/reconciler.js";
import type { TrainRegistry } from "../github/registry.js";
import type { Replicas } from "../replicas/index.js";
import type { TrainRef } from "../train/model/observation.js";
import type { HintCause, TrainHints } from "./hints.js";
import type { AppEvents } from "./options.js";

export interface LaneWorkDeps {
  app: Probot;
  registry: TrainRegistry;
  reconciler: Reconciler;
  hints: TrainHints;
  replicas: Replicas;
  events: AppEvents | undefined;
  /** After close, nothing starts again (a retry timer of a failed write included). */
  closed: () => boolean;
}

export function laneWork(deps: LaneWorkDeps): LaneWork {
  const { app, registry, reconciler, hints, replicas, events } = deps;
  return async (key: string, beforeWrite: BeforeWrite) => {
    const train = registry.get(key);
    if (!train) return;
    const { cause, scope } = hints.take(key);
    const log = laneLog(app, key, train.ref, cause);
    const started = performance.now();
    let outcome: ReconcileOutcome;
    try {
      outcome = await reconciler.reconcile(train.ref, { log, beforeWrite, scope });
    } catch (error) {
      events?.reconciled(key, { kind: "failed" }, performance.now() - started);
      log.error({ err: error }, "reconcile failed; the next hint or resync retries it");
      return;
    }
    registry.markReconciled(key, Date.now());
    await replicas.directory.publish(key, registry.get(key));
    events?.reconciled(key, outcome, performance.now() - started);
    log.debug(
      { outcome: outcome.kind, ms: Math.round(performance.now() - started), points: outcome.points },
      "reconciled",
    );
    const delay = lookAgainAfter(outcome);
    if (delay !== null) {
      setTimeout(() => {
        if (deps.closed()) return;
        hints.lookAgain(key);
      }, delay).unref();
    }
  };
}

// A resync has no delivery; its lines name the tracking issue's repository.
function laneLog(app: Probot, key: string, ref: TrainRef, cause: HintCause | undefined) {
  return app.log.child({
    train: key,
    repo: cause?.repo ?? `${ref.owner}/${ref.repo}`,
    ...(cause ? { delivery: cause.delivery } : {}),
  });
}

/** Someone edited the body while we worked, or a write failed: look again (ms), or not (null). */
function lookAgainAfter(outcome: ReconcileOutcome): number | null {
  if (outcome.kind !== "reconciled") return null;
  if (!(outcome.conflict || outcome.lookAgain || outcome.failures.length > 0)) return null;
  return outcome.failures.length > 0 ? 30_000 : 0;
}
