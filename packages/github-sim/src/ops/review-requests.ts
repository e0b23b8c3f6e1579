// Review requests on pull requests: GitHub accepts only collaborators (people with access
// to the repository, teams of its organisation) and never the author; each request emits
// `pull_request.review_requested`. A submitted review fulfils the reviewer's request.
import type { SimCore } from "../core.js";
import { ApiError } from "../errors.js";
import * as S from "../serialize/index.js";
import type { Issue, PullRequest, Repo } from "../store/types.js";
import { codeOwnersFor, hasWriteAccess } from "./protection.js";
import { requirePull } from "./require-pull.js";

function notCollaborator(repo: Repo): ApiError {
  return new ApiError(
    422,
    `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.fullName} repository.`,
  );
}

export function requestReviews(
  core: SimCore,
  repo: Repo,
  number: number,
  actor: string,
  users: string[],
  teams: string[],
): { issue: Issue; pr: PullRequest } {
  const { issue, pr } = requirePull(repo, number);
  if (users.length + teams.length === 0)
    throw new ApiError(422, 'Invalid request.\n\nNo subschema in "anyOf" matched.');
  for (const u of users) {
    if (u.toLowerCase() === issue.user.toLowerCase())
      throw new ApiError(422, "Review cannot be requested from pull request author.");
    if (!hasWriteAccess(core, repo, u)) throw notCollaborator(repo);
  }
  for (const t of teams) if (!core.store.team(repo.owner, t)) throw notCollaborator(repo);
  const requests = repo.protection.reviewRequests;
  for (const u of users) {
    if (requests.some((r) => r.pullNumber === number && !r.team && r.reviewer.toLowerCase() === u.toLowerCase()))
      continue;
    requests.push({ pullNumber: number, reviewer: u, team: false });
    core.emit("pull_request", repo, actor, {
      action: "review_requested",
      number,
      requested_reviewer: S.user(core, u),
      pull_request: S.pull(core, repo, issue, pr, { full: true }),
    });
  }
  for (const t of teams) {
    const team = core.store.team(repo.owner, t)!;
    const key = `${repo.owner}/${team.slug}`;
    if (requests.some((r) => r.pullNumber === number && r.team && r.reviewer.toLowerCase() === key.toLowerCase()))
      continue;
    requests.push({ pullNumber: number, reviewer: key, team: true });
    core.emit("pull_request", repo, actor, {
      action: "review_requested",
      number,
      requested_team: { id: team.id, node_id: team.nodeId, slug: team.slug, name: team.name },
      pull_request: S.pull(core, repo, issue, pr, { full: true }),
    });
  }
  return { issue, pr };
}

/**
 * GitHub asks a pull request's code owners for a review when it is opened (a draft's only
 * once it is ready): the owners, in the base branch's CODEOWNERS, of the files it changes —
 * the organisation's teams and people with write access, never the author.
 */
export function requestCodeOwners(core: SimCore, repo: Repo, issue: Issue, pr: PullRequest): void {
  const owners = [...new Set(codeOwnersFor(repo, pr).flat())];
  const teams = owners.flatMap((o) => {
    const [org, slug] = o.split("/");
    return slug && org!.toLowerCase() === repo.owner.toLowerCase() && core.store.team(repo.owner, slug) ? [slug] : [];
  });
  const users = owners.filter(
    (o) =>
      !o.includes("/") &&
      !o.includes("@") &&
      o.toLowerCase() !== issue.user.toLowerCase() &&
      hasWriteAccess(core, repo, o),
  );
  if (users.length + teams.length > 0) requestReviews(core, repo, pr.number, issue.user, users, teams);
}

export function removeReviewRequests(
  core: SimCore,
  repo: Repo,
  number: number,
  actor: string,
  users: string[],
  teams: string[],
): { issue: Issue; pr: PullRequest } {
  const { issue, pr } = requirePull(repo, number);
  const drop = new Set([
    ...users.map((u) => `u:${u.toLowerCase()}`),
    ...teams.map((t) => `t:${repo.owner}/${t}`.toLowerCase()),
  ]);
  repo.protection.reviewRequests = repo.protection.reviewRequests.filter(
    (r) => r.pullNumber !== number || !drop.has(`${r.team ? "t" : "u"}:${r.reviewer.toLowerCase()}`),
  );
  core.emit("pull_request", repo, actor, {
    action: "review_request_removed",
    number,
    pull_request: S.pull(core, repo, issue, pr, { full: true }),
  });
  return { issue, pr };
}

/** A review by a requested user fulfils that user's request (team requests stay, as on GitHub). */
export function fulfilRequest(repo: Repo, number: number, reviewer: string): void {
  repo.protection.reviewRequests = repo.protection.reviewRequests.filter(
    (r) => !(r.pullNumber === number && !r.team && r.reviewer.toLowerCase() === reviewer.toLowerCase()),
  );
}
