// Writes on the orchestration repository's conversation: the tracking issue's comments
// and reactions, the issues a train opens and closes, its milestone and the announcement.
import type { TrainRef } from "../../train/model/observation.js";
import type { Octokit } from "../octokit.js";
import type { ActionOf } from "./action-of.js";

const CREATE_DISCUSSION = `mutation Announce($input: CreateDiscussionInput!) {
  createDiscussion(input: $input) { discussion { url } }
}`;

export async function postComment(octokit: Octokit, train: TrainRef, action: ActionOf<"comment">): Promise<void> {
  const issue = { owner: train.owner, repo: train.repo, issue_number: train.issueNumber };
  // Guard: the body carries a marker; decide skips keys already posted.
  await octokit.rest.issues.createComment({ ...issue, body: action.body });
}

export async function react(octokit: Octokit, train: TrainRef, action: ActionOf<"react">): Promise<void> {
  // Guard: GitHub answers 200 instead of 201 when the reaction already exists.
  await octokit.rest.reactions.createForIssueComment({
    owner: train.owner,
    repo: train.repo,
    comment_id: action.commentId,
    content: action.content,
  });
}

export async function openIssue(octokit: Octokit, train: TrainRef, action: ActionOf<"openIssue">): Promise<void> {
  // Guard: the body carries a marker; decide skips keys already opened.
  await octokit.rest.issues.create({
    owner: train.owner,
    repo: train.repo,
    title: action.title,
    body: action.body,
    labels: action.labels,
  });
}

export async function createDiscussion(octokit: Octokit, action: ActionOf<"createDiscussion">): Promise<void> {
  // Guard: the body carries a marker; decide skips the discussion once it exists.
  await octokit.graphql(CREATE_DISCUSSION, {
    input: {
      repositoryId: action.repositoryId,
      categoryId: action.categoryId,
      title: action.title,
      body: action.body,
    },
  });
}

export async function closeMilestone(
  octokit: Octokit,
  train: TrainRef,
  action: ActionOf<"closeMilestone">,
): Promise<void> {
  await octokit.rest.issues.updateMilestone({
    owner: train.owner,
    repo: train.repo,
    milestone_number: action.number,
    state: "closed",
  });
}

export async function closeIssue(octokit: Octokit, train: TrainRef, action: ActionOf<"closeIssue">): Promise<void> {
  await octokit.rest.issues.update({
    owner: train.owner,
    repo: train.repo,
    issue_number: action.number,
    state: "closed",
    state_reason: "completed",
  });
}
