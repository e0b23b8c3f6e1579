// Phase 2: where GitHub requires an approving review on a release PR, the bot asks the
// repository's team for it — once per release PR, when Phase 2 starts, at most `limit` of
// them per reconcile (the state records each before it goes out, so they cannot wait in
// the shell's batches: the core bounds them, and the next reconcile asks the rest). Pure.
import type { TrainConfig } from "../config/schema.js";
import type { Observation } from "./model/observation.js";
import type { TrainState } from "./model/train-state.js";
import type { Action } from "./model/actions.js";
import type { ReleasePlan } from "./plan.js";

export function requestReviews(
  config: TrainConfig,
  plan: ReleasePlan,
  observation: Observation,
  state: TrainState,
  at: string,
  limit = Infinity,
): { actions: Action[]; more: boolean } {
  const actions: Action[] = [];
  if (state.approval) return { actions, more: false };
  for (const repo of plan.repos) {
    const pr = observation.repos[repo.fullName]?.pullRequest;
    if (pr?.state !== "OPEN" || pr.reviewDecision !== "REVIEW_REQUIRED" || state.reviewsRequested?.[repo.fullName])
      continue;
    const team = config.teams[repo.team];
    if (!team) continue;
    if (actions.length >= limit) return { actions, more: true };
    // The team's GitHub team when it has one (GitHub itself asks the CODEOWNERS), else its listed leads.
    const teams = team.slug ? [team.slug] : [];
    const users = team.slug ? [] : (team.leads ?? []);
    actions.push({ kind: "requestReviews", repo: repo.fullName, number: pr.number, teams, users });
    state.reviewsRequested = { ...state.reviewsRequested, [repo.fullName]: at };
    state.audit.push({
      at,
      actor: "release-train",
      text: `requested a review of ${repo.name}#${pr.number} from ${[...teams.map((t) => `@${repo.owner}/${t}`), ...users.map((u) => `@${u}`)].join(", ")}`,
    });
  }
  return { actions, more: false };
}
