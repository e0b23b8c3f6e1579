// `signoffFromReviews: true`: a lead's approving review counts as the team's /signoff
// once it covers every one of the team's release PRs at their current heads; a lead whose
// review on one of them requests changes cannot /signoff until that review is resolved.
// GitHub vouches for the review's author and commit. Pure.
import type { TrainConfig } from "../config/schema.js";
import type { Authz } from "./authz.js";
import type { Observation } from "./model/observation.js";
import type { TrainState } from "./model/train-state.js";
import type { GateReport } from "./validation/gate-report.js";
import { headsOf } from "./validation/signoffs.js";

type Review = NonNullable<NonNullable<Observation["repos"][string]["pullRequest"]>["reviews"]>[number];

/** The lead's latest review on each of the repositories' open release PRs (null where none). */
function leadReviews(
  observation: Observation,
  repos: string[],
  login: string,
): Array<{ repo: string; pr: number; review: Review | null; head: string }> {
  return repos.flatMap((repo) => {
    const pr = observation.repos[repo]?.pullRequest;
    if (pr?.state !== "OPEN") return [];
    const review = (pr.reviews ?? []).find((r) => r.author.toLowerCase() === login.toLowerCase()) ?? null;
    return [{ repo, pr: pr.number, review, head: pr.headOid }];
  });
}

/** Records the sign-offs that leads' approving reviews give; returns the teams signed. */
export function signoffsFromReviews(
  config: TrainConfig,
  observation: Observation,
  state: TrainState,
  report: GateReport,
  authz: Authz,
  at: string,
): string[] {
  if (!config.signoffFromReviews || state.approval) return [];
  const signed: string[] = [];
  for (const { team, repos } of report.required) {
    if (state.signoffs[team]) continue;
    const authors = new Set(
      repos.flatMap((repo) =>
        (observation.repos[repo]?.pullRequest?.reviews ?? [])
          .filter((r) => r.state === "APPROVED")
          .map((r) => r.author),
      ),
    );
    for (const login of authors) {
      const reviews = leadReviews(observation, repos, login);
      const approvesAll =
        reviews.length > 0 && reviews.every((r) => r.review?.state === "APPROVED" && r.review.commitOid === r.head);
      if (!approvesAll || !authz.isLead(team, login)) continue;
      const last = reviews.map((r) => r.review!).sort((a, b) => (a.at < b.at ? 1 : -1))[0]!;
      state.signoffs[team] = {
        by: login,
        at: last.at,
        via: `review:${reviews.map((r) => `${r.repo}#${r.pr}`).join(",")}`,
        heads: headsOf(observation, repos),
      };
      state.audit.push({
        at,
        actor: login,
        text: `signed off for ${team} (approving reviews on ${reviews.map((r) => `${r.repo.split("/")[1]}#${r.pr}`).join(", ")})`,
      });
      signed.push(team);
      break;
    }
  }
  return signed;
}

/** Why a lead's /signoff is refused: their review on one of the team's release PRs requests changes. */
export function changesRequestedBy(
  config: TrainConfig,
  observation: Observation,
  repos: string[],
  login: string,
): string | null {
  if (!config.signoffFromReviews) return null;
  const blocking = leadReviews(observation, repos, login).filter((r) => r.review?.state === "CHANGES_REQUESTED");
  if (blocking.length === 0) return null;
  return `your review requests changes on ${blocking.map((r) => `${r.repo.split("/")[1]}#${r.pr}`).join(", ")}: approve it (or dismiss your review) to sign off.`;
}
