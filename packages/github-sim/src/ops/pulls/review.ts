import type { SimCore } from "../../core.js";
import { ApiError } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { Repo, Review, ReviewState } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { requirePull } from "../require-pull.js";
import { fulfilRequest } from "../review-requests.js";

export function submitReview(
  core: SimCore,
  repo: Repo,
  number: number,
  actor: string,
  input: { state: ReviewState; body?: string; commitId?: string },
): Review {
  const { issue, pr } = requirePull(repo, number);
  if (
    actor.toLowerCase() === issue.user.toLowerCase() &&
    (input.state === "APPROVED" || input.state === "CHANGES_REQUESTED")
  ) {
    throw new ApiError(422, "Unprocessable Entity", {
      errors: [`Can not ${input.state === "APPROVED" ? "approve" : "request changes on"} your own pull request`],
    });
  }
  const id = core.store.ids.take("review");
  const review: Review = {
    id,
    nodeId: nodeId("PRR", id),
    pullNumber: number,
    user: actor,
    body: input.body ?? "",
    state: input.state,
    commitId: input.commitId ?? pr.headSha,
    submittedAt: core.now(),
  };
  repo.reviews.push(review);
  fulfilRequest(repo, number, actor);
  const wire = S.review(core, repo, review);
  core.emit("pull_request_review", repo, actor, {
    action: "submitted",
    review: { ...wire, state: review.state.toLowerCase() },
    pull_request: S.pull(core, repo, issue, pr),
  });
  return review;
}
