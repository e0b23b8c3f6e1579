// The playbook's rules: (config, plan, observation, now) -> state, checklist, writes.
// Pure: everything it knows comes in as arguments, everything it wants goes out as data.
// Each step lives in phases/: opening the state, people's interactions, Phases 1, 2, 3–6
// and 7, and what the decision still needs.
import type { Observation } from "./model/observation.js";
import type { TrainState } from "./model/train-state.js";
import type { TrainView } from "./model/train-view.js";
import type { Action } from "./model/actions.js";
import { renderBody } from "./render.js";
import { boundAudit, markerOf, shownText } from "./state.js";
import { appCommentKeys } from "./app-comments.js";
import { steer } from "./deploy/steer.js";
import { successorActions } from "./successor.js";
import { versionFor } from "./repo-versions.js";
import { openTrain, recordIssue } from "./phases/opening.js";
import { scopeTrain, startRun } from "./phases/train-run.js";
import { handleInteractions } from "./phases/interaction-step.js";
import { runPhase1 } from "./phases/phase1-step.js";
import { runPhase2 } from "./phases/phase2-step.js";
import { finalizeOrHold, finish, publishReleases } from "./phases/phase7-step.js";
import { recordMilestones } from "./phases/milestones.js";
import { needsOf, type Needs } from "./phases/decision-needs.js";
import { forgetShownReplies, settleOwedWrites } from "./interactions/owed-writes.js";
import { lookAgainAfter, wakeAtOf } from "./phases/next-look.js";
import type { DecideInput } from "./phases/decide-input.js";

export { initialState } from "./phases/opening.js";
export type { DecideInput } from "./phases/decide-input.js";
export { hasNeeds, type CodeScanningNeed, type Needs } from "./phases/decision-needs.js";

export interface Decision {
  state: TrainState;
  view: TrainView;
  /** Writes other than the tracking-issue body, in order. */
  actions: Action[];
  /** The repositories this train releases, each with its tag (the train's unless versioning is independent). */
  repoTags: Record<string, string>;
  /** The tracking-issue body as it should be. */
  body: string;
  /** What decide needed but did not have; fetch it and decide again (actions wait until then). */
  needs: Needs;
  /** Look at the train again at this time (epoch ms) even if no webhook comes: canary and bake windows. */
  wakeAt: number | null;
  /**
   * Some writes show on the checklist only once read back (an opened issue, the rollback
   * notice), and our own events do not wake us: reconcile again right after.
   */
  lookAgain: boolean;
}

const AUDIT_LIMIT = 100;

export function decide(input: DecideInput): Decision {
  const opening = openTrain(input);
  const scope = scopeTrain(opening);
  recordIssue(opening);
  const run = startRun(opening, scope);
  const { plan, version, observation, state, at, actions } = run;

  handleInteractions(run);
  const phase1 = runPhase1(run);
  const phase2 = runPhase2(run);
  // Phases 3–6 and the rollback procedure.
  const deploy = steer(run.deployInput(), observation.teamLeads);
  actions.push(...deploy.actions);
  run.teamLeadNeeds.push(...deploy.teams);
  const final = finalizeOrHold(run, deploy);
  const published = publishReleases(run, deploy, final);
  actions.push(...finish(state, observation, published, version.tag, at));
  actions.push(...successorActions(state, observation, input.config.label));

  const view = run.viewOf(phase1.p1, deploy, final, published);
  recordMilestones(view, state, at, deploy.rollout.withoutProduction);
  if (state.audit.length > AUDIT_LIMIT) state.audit.splice(0, state.audit.length - AUDIT_LIMIT);
  boundAudit(state.audit);
  const shown = settleOwedWrites(state, observation, actions);
  let body = renderBody(view, state);
  if (forgetShownReplies(state, run.previous, shown, shownText(body) !== shownText(observation.issue.body)))
    body = renderBody(view, state);
  const writes = unposted(actions, observation);
  return {
    state,
    view,
    actions: writes,
    repoTags: Object.fromEntries(plan.repos.map((r) => [r.fullName, versionFor(version, r.fullName).tag])),
    body,
    needs: needsOf(run, phase1, phase2, deploy, published),
    wakeAt: wakeAtOf(run, phase2, deploy, final),
    lookAgain: lookAgainAfter(run, phase1, phase2, writes),
  };
}

/** Never post the same comment twice: a marker in every bot comment is the guard (and in every issue opened). */
function unposted(actions: Action[], observation: Observation): Action[] {
  const posted = appCommentKeys(observation);
  const opened = new Set(observation.trainIssues.map((i) => markerOf(i.body)));
  return actions.filter(
    (a) => (a.kind !== "comment" || !posted.has(a.key)) && (a.kind !== "openIssue" || !opened.has(a.key)),
  );
}
