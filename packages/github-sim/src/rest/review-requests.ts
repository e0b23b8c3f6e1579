import { created, ok } from "../http/context.js";
import type { Router } from "../http/router.js";
import { requestReviews, removeReviewRequests } from "../ops/review-requests.js";
import { requirePull } from "../ops/require-pull.js";
import * as S from "../serialize/index.js";

/** Review requests on pull requests. */
export function registerReviewRequestRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", (ctx) => {
    const repo = ctx.repo();
    const { pr } = requirePull(repo, ctx.intParam("pull_number"));
    const requests = repo.protection.reviewRequests.filter((x) => x.pullNumber === pr.number);
    return ok({
      users: requests.filter((x) => !x.team).map((x) => S.user(ctx.core, x.reviewer)),
      teams: requests
        .filter((x) => x.team)
        .map((x) => ({ slug: x.reviewer.split("/")[1], name: x.reviewer.split("/")[1] })),
    });
  });

  r.post("/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const number = ctx.intParam("pull_number");
    const users = ((ctx.body["reviewers"] ?? []) as unknown[]).map(String);
    const teams = ((ctx.body["team_reviewers"] ?? []) as unknown[]).map(String);
    const { issue, pr } = requestReviews(ctx.core, repo, number, ctx.actor, users, teams);
    return created(S.pull(ctx.core, repo, issue, pr, { full: true }));
  });

  r.delete("/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const number = ctx.intParam("pull_number");
    const { issue, pr } = removeReviewRequests(
      ctx.core,
      repo,
      number,
      ctx.actor,
      ((ctx.body["reviewers"] ?? []) as unknown[]).map(String),
      ((ctx.body["team_reviewers"] ?? []) as unknown[]).map(String),
    );
    return ok(S.pull(ctx.core, repo, issue, pr));
  });
}
