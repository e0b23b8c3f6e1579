// What decide's steps share: the opened state, the train's scope and versions, and the
// checklist as computed so far (Phase 1, the gates, the rollout), evaluated on demand. Pure.
import type { TrainConfig } from "../../config/schema.js";
import type { Authz } from "../authz.js";
import type { DecideInput } from "./decide-input.js";
import { rollout } from "../deploy/rollout.js";
import type { RolloutInput } from "./deploy-phase.js";
import type { SteerResult } from "../deploy/steer.js";
import type { FinalizeResult } from "../finalize.js";
import type { Observation } from "../model/observation.js";
import type { IssueObservation } from "../model/issue-observation.js";
import type { TrainState } from "../model/train-state.js";
import type { TrainView } from "../model/train-view.js";
import type { Action } from "../model/actions.js";
import { phase1 } from "../phase1.js";
import type { Phase1Result } from "../preparation/phase1-io.js";
import { evaluateGates } from "../phase2.js";
import type { GateReport } from "../validation/gate-report.js";
import type { ReleasePlan } from "../plan.js";
import type { PublishResult } from "../publish.js";
import { versionMatrix, type VersionMatrix } from "../repo-versions.js";
import { reposIgnoredNotice, trainPlan, type PhaseOneStart, type SubsetContext } from "../subset.js";
import { buildView } from "../view/build-view.js";
import type { TrainVersion } from "../model/train-version.js";

export interface Opening {
  input: DecideInput;
  config: TrainConfig;
  now: Date;
  /** With the train's pulls and release lines. */
  observation: Observation;
  at: string;
  /** The state the body held, if any. */
  previous: TrainState | null;
  state: TrainState;
  authz: Authz;
  audit: (actor: string, text: string) => void;
  mustInclude: string | null;
  /** Rebuilding a lost state: where the train started, as the body's edit history shows. */
  origin: IssueObservation["origin"] | undefined;
  rebuiltStart: PhaseOneStart | undefined;
  subsetContext: SubsetContext;
}

export interface Scope {
  /** The subset's repositories, joined, when the train has one: `/only` changing it is seen by comparing. */
  scopeBefore: string | null;
  /** The plan for the subset, before independent versioning drops unchanged repositories. */
  chosen: ReleasePlan;
  matrix: VersionMatrix;
  plan: ReleasePlan;
  version: TrainVersion;
}

export interface TrainRun extends Opening, Scope {
  /** Writes other than the tracking-issue body, in order. */
  actions: Action[];
  teamLeadNeeds: string[];
  pickNeeds: Array<{ repo: string; sha: string }>;
  /** Repositories a command wants read as GitHub is now before it is judged (see command-comments.ts). */
  freshNeeds: string[];
  preparation: (started: boolean) => Phase1Result;
  /** Phase 1 as it reads before it has started. */
  draft: Phase1Result;
  /** Phase 1 finished: every release PR is open. */
  prepared: boolean;
  gates: () => GateReport;
  deployInput: () => RolloutInput;
  viewOf: (p1: Phase1Result, deploy?: SteerResult, final?: FinalizeResult, published?: PublishResult) => TrainView;
}

export const scopeOf = (state: TrainState): string | null => state.subset?.repos.join() ?? null;

/** The train's repositories (a subset's) and, with independent versioning, each one's version. */
export function scopeTrain(opening: Opening): Scope {
  const { config, input, observation, state } = opening;
  const scopeBefore = scopeOf(state);
  // Independent versioning: each repository's version, and the plan without the ones that have no changes.
  const chosen = trainPlan(input.plan, state.subset?.repos);
  const matrix = versionMatrix({ config, plan: chosen, version: input.version, observation, state });
  return { scopeBefore, chosen, matrix, plan: matrix.plan, version: matrix.version };
}

/** The run's shared parts: the writes so far, and Phase 1, the gates and the view, computed when asked. */
export function startRun(opening: Opening, scope: Scope): TrainRun {
  const { config, now, observation, state } = opening;
  const { plan, version } = scope;
  const actions: Action[] = [...reposIgnoredNotice(state)];
  const preparation = (started: boolean): Phase1Result =>
    phase1({
      config,
      plan,
      version,
      observation,
      state,
      started,
      mayHotfix: (login) => opening.authz.isOrchestrator(login),
    });
  const draft = preparation(false);
  const prepared = ["1.1", "1.3", "1.4", "1.5"].every((id) => draft.steps[id]?.status === "done");
  // Gates depend on the observation and on what commands change in the state: evaluate once per such state.
  let gatesMemo: { key: string; report: GateReport } | null = null;
  const gates = () => {
    const key = JSON.stringify([state.signoffs, state.approval, state.ticks["2.3"], state.compliance]);
    if (gatesMemo?.key !== key)
      gatesMemo = { key, report: evaluateGates({ config, plan, observation, state, prepared }) };
    return gatesMemo.report;
  };
  const deployInput = (): RolloutInput => ({
    config,
    plan,
    version,
    observation,
    state,
    now,
    approved: gates().steps["2.5"]?.status === "done",
  });
  const run: TrainRun = {
    ...opening,
    ...scope,
    actions,
    teamLeadNeeds: [],
    pickNeeds: [],
    freshNeeds: [],
    preparation,
    draft,
    prepared,
    gates,
    deployInput,
    viewOf: (p1, deploy, final, published) => viewOf(run, p1, deploy, final, published),
  };
  return run;
}

/** The checklist from what was computed: Phase 1, the gates, the rollout, Phase 7. */
function viewOf(
  run: TrainRun,
  p1: Phase1Result,
  deploy?: SteerResult,
  final?: FinalizeResult,
  published?: PublishResult,
): TrainView {
  const g = run.gates();
  const forward = deploy?.rollout ?? rollout(run.deployInput());
  const { config, plan, version, observation, state } = run;
  return buildView({
    config,
    plan,
    version,
    observation,
    state,
    computed: { ...p1.steps, ...g.steps, ...forward.steps, ...final?.steps, ...published?.steps },
    repoProblems: p1.problems,
    repoWarnings: p1.warnings,
    gates: g,
    cells: forward.cells,
    rollback: deploy?.rollback ?? null,
    postconditions: published?.postconditions ?? [],
    preparations: p1.preparations,
    fullPlan: run.chosen,
    configuredPlan: run.input.plan,
  });
}
