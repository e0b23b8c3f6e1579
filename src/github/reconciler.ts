// Reconcile one train: observe -> decide -> act. Level-triggered: it looks at GitHub
// as it is and converges; running it twice in a row writes nothing the second time.
// Each step lives in reconcile/: a step hands its result on or ends with an outcome.
import type { Logger } from "pino";
import type { TrainRef } from "../train/model/observation.js";
import { BodyWrites } from "./body-writes.js";
import type { BeforeWrite } from "./lanes.js";
import { ObservationCache } from "./observation-cache.js";
import { connect } from "./reconcile/connect.js";
import { observationOf, readTheRest } from "./reconcile/complete-observation.js";
import { decideFully } from "./reconcile/decide-fully.js";
import type { ReconcilerDeps } from "./reconcile/deps.js";
import { loadTrainConfig } from "./reconcile/load-config.js";
import { NeedReaders } from "./reconcile/needs.js";
import { issueNotices } from "./reconcile/notices.js";
import { openIssue } from "./reconcile/open-issue.js";
import { ended, type Outcome, type ReconcileOutcome } from "./reconcile/outcome.js";
import { perform, reviewAllowance, type WriteMemory } from "./reconcile/perform.js";
import { planTrain } from "./reconcile/plan-train.js";
import { readTrain } from "./reconcile/read-train.js";
import { refresher } from "./reconcile/refresh.js";
import { resumeState } from "./reconcile/resume-state.js";

export type { ReconcilerDeps } from "./reconcile/deps.js";
export type { ReconcileOutcome, TrainPhase } from "./reconcile/outcome.js";

/**
 * What a reconcile reads: `named` are the repositories webhooks said changed (read in
 * full with the tracking issue); `resync` also reads every other repository's fingerprint
 * and in full those that moved. Without either, only the tracking issue and what this
 * process wrote to is read again; the rest comes from the cache of the last reads.
 */
export interface ReconcileScope {
  named: string[];
  resync: boolean;
}

/** A scope that trusts no cache entry: the periodic resync, or a hint whose cause is unknown. */
export const RESYNC: ReconcileScope = { named: [], resync: true };

export class Reconciler {
  private readonly readers: NeedReaders;
  private readonly observations = new ObservationCache();
  /** The tag each train was last read with (the fingerprint reads it). */
  private readonly tags = new Map<string, string>();

  /** The tracking-issue bodies written, to tell from GitHub's webhook whether a write overwrote someone's edit. */
  readonly bodyWrites = new BodyWrites();

  private readonly memory: WriteMemory = {
    observations: this.observations,
    bodyWrites: this.bodyWrites,
    failures: new Map(),
    sinceBody: new Map(),
  };

  constructor(private readonly deps: ReconcilerDeps) {
    this.readers = new NeedReaders(() => deps.now().toISOString().slice(0, 10));
  }

  /** `log` (bound to the train and the delivery that caused this reconcile) is used for every line when given. */
  /** `beforeWrite` guards every write (across replicas: the lane's lease); when it throws, the reconcile stops. */
  /** `scope` says which repositories may have changed (default: any, see ReconcileScope). */
  async reconcile(
    ref: TrainRef,
    options: { log?: Logger; beforeWrite?: BeforeWrite; scope?: ReconcileScope } = {},
  ): Promise<ReconcileOutcome> {
    let points = 0;
    const outcome = await this.run(ref, options, (cost) => (points += cost));
    return { ...outcome, points };
  }

  private async run(
    ref: TrainRef,
    options: { log?: Logger; beforeWrite?: BeforeWrite; scope?: ReconcileScope },
    charged: (points: number) => void,
  ): Promise<Outcome> {
    const ctx = await connect(this.deps, ref, options, charged);
    const first = await readTrain(ctx, this.observations, this.tags.get(ctx.id), options.scope ?? RESYNC);
    const opened = await openIssue(ctx, first.raw.issue);
    if (ended(opened)) return opened;
    const { issue, trusted } = opened;
    const notices = issueNotices(ctx, issue.comments);
    const loaded = await loadTrainConfig(ctx, first.raw.configText, issue, opened.rollingBack, notices);
    if (ended(loaded)) return loaded;
    const resumed = await resumeState(ctx, issue, trusted, notices);
    if (ended(resumed)) return resumed;
    const { state, version } = resumed;
    const planned = await planTrain(ctx, loaded, state, version, notices);
    if (ended(planned)) return planned;

    await readTheRest(ctx, this.observations, first, issue, version, planned);
    this.tags.set(ctx.id, version.tag);
    const failures = this.memory.failures.get(ctx.id) ?? [];
    const observation = await observationOf(ctx, first, issue, trusted, resumed, failures);
    const target = { releaseBranch: version.branch, tag: version.tag, environments: planned.environments };
    const refresh = refresher(ctx, this.observations, target, issue.body);
    const train = { config: loaded.config, plan: planned.plan, version, observation, refresh };
    const decision = await decideFully(ctx, this.readers, train, reviewAllowance(ctx, this.memory));
    this.deps.registry.setWake(ctx.id, decision.wakeAt);
    return perform(ctx, this.memory, decision, issue.body, state);
  }
}
