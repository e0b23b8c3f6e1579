// People's part of a reconcile: their commands, sign-offs given as reviews, reopened
// issues, ticked boxes, text added to the body and edits of its `repos:` line. Pure.
import { keepAddedText } from "../added-text.js";
import type { InteractionContext } from "../commands/context.js";
import { renderDryRun } from "../dry-run.js";
import { handleCommands } from "../interactions/command-comments.js";
import { owe } from "../interactions/owed-writes.js";
import { handleTicks } from "../interactions/ticks.js";
import { patchedRepos } from "../maintenance.js";
import type { TrainView } from "../model/train-view.js";
import { undoReopen } from "../reopen.js";
import { renderStatusSummary } from "../render.js";
import { signoffsFromReviews } from "../review-signoffs.js";
import { subsetFromEdits } from "../subset.js";
import { rollout } from "../deploy/rollout.js";
import type { TrainRun } from "./train-run.js";

function isDone(view: TrainView, id: string): boolean {
  const item = [...view.preconditions, ...view.phases.flatMap((p) => p.steps)].find((i) => i.id === id);
  return item?.status === "done";
}

/** What commands see: the run, and the views they answer with. */
function interactionContext(run: TrainRun): InteractionContext {
  const { config, plan, observation, state, authz, at, actions, prepared, gates, version, draft } = run;
  return {
    config,
    plan,
    observation,
    state,
    authz,
    at,
    actions,
    prepared,
    gates,
    rollout: () => rollout(run.deployInput()),
    versionTag: version.tag,
    statusSummary: () => renderStatusSummary(run.viewOf(draft)),
    dryRunPlan: () => renderDryRun(plan, version, observation, draft.preparations),
    configuredPlan: run.input.plan,
    mustInclude: run.mustInclude,
    ...(run.rebuiltStart ? { subsetRebuiltStart: run.rebuiltStart } : {}),
    version,
    patch:
      patchedRepos(
        plan.repos.map((r) => r.fullName),
        version,
        observation.repos,
      ).size > 0,
    pickNeeds: run.pickNeeds,
    freshNeeds: run.freshNeeds,
  };
}

/** Applies what people did since the last reconcile to the state; replies go to the run's actions. */
export function handleInteractions(run: TrainRun): void {
  const { config, observation, state, authz, at, actions, draft } = run;
  const ctx = interactionContext(run);
  handleCommands(ctx);
  if (run.prepared) signoffsFromReviews(config, observation, state, run.gates(), authz, at);
  actions.push(...undoReopen(observation, state, authz));
  // The view before ticks is only needed when someone changed a box on a bot step.
  // Once Phase 1 has started (or starts now), bot steps such as the freeze (1.2) read as started too.
  let beforeTicks: TrainView | undefined;
  const tickView = () =>
    state.reached.preconditions || run.viewOf(draft).preconditions.every((p) => p.status === "done")
      ? run.viewOf(run.preparation(true))
      : run.viewOf(draft);
  handleTicks(ctx, (id) => {
    beforeTicks ??= tickView();
    return isDone(beforeTicks, id);
  });
  const added = keepAddedText(observation.issue.edits, state, (actor, text) => state.audit.push({ at, actor, text }));
  for (const answer of added.replies) owe(state, actions, { kind: "comment", ...answer });
  // Rebuilt: people's edits of the `repos:` line before Phase 1, as the history shows, count again.
  if (run.previous) actions.push(...subsetFromEdits(run.subsetContext, observation.issue.edits));
  else if (run.origin) actions.push(...subsetFromEdits(run.subsetContext, run.origin.edits));
}
