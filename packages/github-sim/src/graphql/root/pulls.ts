// Mutations on pull requests: mergePullRequest and enqueuePullRequest.
import { enqueue } from "../../ops/merge-queue.js";
import { mergePull } from "../../ops/pulls.js";
import type { GqlContext } from "../context.js";
import { mutationError } from "../errors.js";
import { mergeQueueEntryView, pullView } from "../views/index.js";
import { assertNotArchived, locateIssueByNode, nodeNotFound } from "./lookup.js";

interface MergePullRequestInput {
  pullRequestId: string;
  expectedHeadOid?: string | null;
  mergeMethod: "MERGE" | "SQUASH" | "REBASE";
  commitHeadline?: string | null;
  commitBody?: string | null;
  clientMutationId?: string | null;
}

interface EnqueuePullRequestInput {
  pullRequestId: string;
  expectedHeadOid?: string | null;
  jump?: boolean | null;
  clientMutationId?: string | null;
}

// The same merge as REST's pulls.merge, with the same refusals (branch protection, rulesets, the merge queue).
function mergePullRequest(args: { input: MergePullRequestInput }, ctx: GqlContext) {
  const { input } = args;
  const found = locateIssueByNode(ctx, input.pullRequestId);
  if (!found?.repo.pulls.has(found.number)) throw nodeNotFound(input.pullRequestId);
  assertNotArchived(found.repo);
  try {
    mergePull(
      ctx.core,
      found.repo,
      found.number,
      ctx.viewer,
      {
        ...(input.expectedHeadOid ? { sha: input.expectedHeadOid } : {}),
        merge_method: input.mergeMethod.toLowerCase() as "merge" | "squash" | "rebase",
        ...(input.commitHeadline != null ? { commit_title: input.commitHeadline } : {}),
        ...(input.commitBody != null ? { commit_message: input.commitBody } : {}),
      },
      ctx.http.appId,
    );
  } catch (e) {
    mutationError(e);
  }
  return {
    clientMutationId: input.clientMutationId ?? null,
    pullRequest: pullView(ctx.core, found.repo, found.number),
  };
}

function enqueuePullRequest(args: { input: EnqueuePullRequestInput }, ctx: GqlContext) {
  const found = locateIssueByNode(ctx, args.input.pullRequestId);
  const pr = found?.repo.pulls.get(found.number);
  if (!found || !pr) throw nodeNotFound(args.input.pullRequestId);
  let entry: ReturnType<typeof enqueue>;
  try {
    entry = enqueue(ctx.core, found.repo, pr.number, ctx.viewer, args.input.expectedHeadOid ?? null);
  } catch (e) {
    mutationError(e);
  }
  // An entry the queue merged at once is gone from the queue: GitHub still answers with it.
  return {
    clientMutationId: args.input.clientMutationId ?? null,
    mergeQueueEntry: mergeQueueEntryView(ctx.core, found.repo, entry),
  };
}

export const pullMutations = { mergePullRequest, enqueuePullRequest };
