// Writes on the release pull requests: opening, labelling, asking for reviews, and the
// merge (directly or through the merge queue), each pinned to the approved head.
import type { Octokit } from "../octokit.js";
import { repoParams } from "../repo-params.js";
import type { ActionOf } from "./action-of.js";
import { alreadyExists } from "./already-exists.js";

const ENQUEUE = `mutation ReleaseEnqueue($input: EnqueuePullRequestInput!) {
  enqueuePullRequest(input: $input) { mergeQueueEntry { id } }
}`;

export async function openPullRequest(octokit: Octokit, action: ActionOf<"openPullRequest">): Promise<void> {
  try {
    await octokit.rest.pulls.create({
      ...repoParams(action.repo),
      head: action.head,
      base: action.base,
      title: action.title,
      body: action.body,
      maintainer_can_modify: false,
    });
  } catch (error) {
    // Guard: GitHub refuses a second PR for the same head and base.
    if (!alreadyExists(error, "A pull request already exists")) throw error;
  }
}

export async function addLabels(octokit: Octokit, action: ActionOf<"addLabels">): Promise<void> {
  await octokit.rest.issues.addLabels({
    ...repoParams(action.repo),
    issue_number: action.number,
    labels: action.labels,
  });
}

export async function requestReviews(octokit: Octokit, action: ActionOf<"requestReviews">): Promise<void> {
  // Asked once per release PR (the train records it); GitHub ignores a reviewer already requested.
  await octokit.rest.pulls.requestReviewers({
    ...repoParams(action.repo),
    pull_number: action.number,
    reviewers: action.users,
    team_reviewers: action.teams,
  });
}

export async function mergePullRequest(octokit: Octokit, action: ActionOf<"mergePullRequest">): Promise<void> {
  // Guard: `sha` — GitHub refuses (409) when the head is not the approved commit.
  await octokit.rest.pulls.merge({
    ...repoParams(action.repo),
    pull_number: action.number,
    sha: action.sha,
    merge_method: action.method,
    commit_title: `${action.title} (#${action.number})`,
  });
}

export async function enqueuePullRequest(octokit: Octokit, action: ActionOf<"enqueuePullRequest">): Promise<void> {
  // Guard: expectedHeadOid — GitHub refuses when the head is not the approved commit; a PR already queued keeps its entry.
  await octokit.graphql(ENQUEUE, { input: { pullRequestId: action.pullRequestId, expectedHeadOid: action.sha } });
}
