import { unprocessable } from "../errors.js";
import { ok } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { submitReview } from "../ops/pulls.js";
import { requirePull } from "../ops/require-pull.js";
import * as S from "../serialize/index.js";
import type { ReviewState } from "../store/types.js";

const REVIEW_EVENTS: Record<string, ReviewState> = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
};

/** Reviews of a pull request: listing and submitting one. */
export function registerReviewRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/pulls/{pull_number}/reviews", (ctx) => {
    const repo = ctx.repo();
    const { pr } = requirePull(repo, ctx.intParam("pull_number"));
    const page = paginate(
      ctx,
      repo.reviews.filter((x) => x.pullNumber === pr.number),
    );
    return ok(
      page.items.map((x) => S.review(ctx.core, repo, x)),
      page.headers,
    );
  });

  r.post("/repos/{owner}/{repo}/pulls/{pull_number}/reviews", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const event = String(ctx.body["event"] ?? "");
    const state = REVIEW_EVENTS[event];
    if (!state)
      throw unprocessable(
        `Invalid request.\n\n${JSON.stringify(event)} is not a member of ["APPROVE", "REQUEST_CHANGES", "COMMENT"].`,
      );
    const review = submitReview(ctx.core, repo, ctx.intParam("pull_number"), ctx.actor, {
      state,
      body: ctx.body["body"] ?? "",
      ...(ctx.body["commit_id"] ? { commitId: String(ctx.body["commit_id"]) } : {}),
    });
    return ok(S.review(ctx.core, repo, review));
  });
}
