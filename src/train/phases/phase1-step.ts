// Phase 1 in a reconcile: it starts once every precondition is done and stays started;
// then its writes, the `/pick` cherry-picks, and the notices for unseen repositories and
// a dry run. Pure.
import type { Action } from "../model/actions.js";
import type { Phase1Result } from "../preparation/phase1-io.js";
import { pickActions } from "../picks/pick-writes.js";
import { renderDryRun } from "../dry-run.js";
import { recordDependencies, recordVersions } from "../repo-versions.js";
import { commentMarker } from "../state.js";
import { unseenNotice } from "../unseen-repos.js";
import { scopeOf, type TrainRun } from "./train-run.js";

export interface Phase1Step {
  started: boolean;
  /** `/only` changed the train's repositories in this reconcile: decide again at once. */
  rescoped: boolean;
  p1: Phase1Result;
  /** The `/pick` writes. */
  picked: Action[];
}

export function runPhase1(run: TrainRun): Phase1Step {
  const { config, plan, version, observation, state, at, actions } = run;
  // Not over repositories `/only` just changed (decided again at once).
  const rescoped = scopeOf(state) !== run.scopeBefore;
  const started =
    Boolean(state.reached.preconditions) ||
    (!rescoped && run.viewOf(run.draft).preconditions.every((p) => p.status === "done"));
  if (started && !state.reached.preconditions) {
    state.reached.preconditions = at;
    state.audit.push({ at, actor: "release-train", text: "preconditions met: Phase 1 started" });
  }
  if (started) recordVersions(state, version);
  const p1 = run.preparation(started);
  actions.push(...p1.actions);
  if (started) recordDependencies(state, p1.preparations);
  // `/pick`: the fixes the orchestration team named, cherry-picked onto the release branches.
  const picked = pickActions({ state, audit: run.audit, observation, plan, version, needs: run.pickNeeds });
  actions.push(...picked);
  // Repositories GitHub does not show the app: said once; their rows and P1 give the reason.
  const unseen = plan.repos.filter((r) => !observation.repos[r.fullName]?.found).map((r) => r.fullName);
  if (unseen.length > 0) {
    const notice = unseenNotice(unseen, started);
    actions.push({ kind: "comment", key: notice.key, body: `${commentMarker(notice.key)}\n${notice.text}` });
  }
  if (started && config.dryRun === true && p1.needsDetails.length === 0) {
    const key = `dry-run-${version.tag}`;
    actions.push({
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n${renderDryRun(plan, version, observation, p1.preparations)}\n\n\`dryRun: true\` is set: Phase 1 writes nothing until it is removed from the configuration.`,
    });
  }
  return { started, rescoped, p1, picked };
}
