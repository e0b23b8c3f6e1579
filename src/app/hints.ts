// Webhooks are hints: each names a train (and what may have changed) for its lane to
// reconcile; the reconcile reads GitHub for the truth.
import { RESYNC, type ReconcileScope } from "../github/reconciler.js";
import type { TrainRegistry } from "../github/registry.js";
import { trainId, type TrainRef } from "../train/model/observation.js";

/** The webhook delivery behind a hint, and the repository it came from (for the reconcile's log lines). */
export interface HintCause {
  delivery: string;
  repo: string;
}

/** What the hints since a train's last reconcile said, taken by the reconcile that answers them. */
export interface TakenHints {
  cause: HintCause | undefined;
  scope: ReconcileScope;
}

export class TrainHints {
  // The latest webhook delivery that hinted each train (and its repository), so a reconcile's log lines name their cause.
  private readonly causes = new Map<string, HintCause>();
  // What the hints since a train's last reconcile said changed (see ReconcileScope). A train
  // hinted without one here (a resync, a hint another replica took in) reads everything.
  private readonly scopes = new Map<string, ReconcileScope>();

  constructor(
    private readonly registry: TrainRegistry,
    private readonly orchestrationRepo: string,
    /** Sends the hint to the train's lane. */
    private readonly send: (key: string) => Promise<void>,
  ) {}

  // A hint with a cause names its repository; one without (discovery, a resync) reads everything,
  // and so does one from the orchestration repository: people's commands and ticks often answer
  // what they saw in the repositories ("fixed it, /retry").
  hintKey(key: string, cause?: HintCause): void {
    if (cause) this.causes.set(key, cause);
    const fromPeople = !cause || cause.repo.split("/")[1]?.toLowerCase() === this.orchestrationRepo.toLowerCase();
    this.widen(key, fromPeople ? { resync: true } : { repo: cause.repo });
    void this.send(key);
  }

  hintTrain(ref: TrainRef, cause?: HintCause): void {
    this.registry.upsert(ref);
    this.hintKey(trainId(ref), cause);
  }

  // A resync reads everything about the train, whatever the hints said.
  resyncTrain(key: string): Promise<void> {
    this.widen(key, { resync: true });
    return this.send(key);
  }

  // What changed since a reconcile is what it wrote (the cache knows) and what webhooks name.
  lookAgain(key: string): void {
    this.widen(key);
    void this.send(key);
  }

  take(key: string): TakenHints {
    const cause = this.causes.get(key);
    this.causes.delete(key);
    const scope = this.scopes.get(key) ?? RESYNC;
    this.scopes.delete(key);
    return { cause, scope };
  }

  private widen(key: string, change: { repo?: string; resync?: boolean } = {}): void {
    const scope = this.scopes.get(key) ?? { named: [], resync: false };
    if (change.repo && !scope.named.includes(change.repo)) scope.named.push(change.repo);
    if (change.resync) scope.resync = true;
    this.scopes.set(key, scope);
  }
}
