// Writes: each action decided by the core, carried out with the guard that makes it
// safe to repeat. A failed write is reported, not thrown, so the rest still happens
// and the next reconcile retries what is missing.
import type { TrainRef } from "../train/model/observation.js";
import type { Action } from "../train/model/actions.js";
import { writeAborted } from "./lanes.js";
import { httpStatus, type Octokit } from "./octokit.js";
import { byRepository, type WriteBatch } from "./write-batch.js";
import { createDeployment, rerequestCheckSuite, setStatus } from "./writes/checks-and-deployments.js";
import { closeIssue, closeMilestone, createDiscussion, openIssue, postComment, react } from "./writes/conversation.js";
import { cherryPick, commitFiles, createBranch, createTag } from "./writes/git.js";
import {
  addLabels,
  enqueuePullRequest,
  mergePullRequest,
  openPullRequest,
  requestReviews,
} from "./writes/pull-requests.js";
import { createRelease, publishRelease, uploadAsset } from "./writes/releases.js";

export interface ActResult {
  done: number;
  failures: string[];
}

function describe(action: Action): string {
  switch (action.kind) {
    case "comment":
      return `comment ${action.key}`;
    case "react":
      return `reaction ${action.content} on comment ${action.commentId}`;
    case "createBranch":
      return `branch ${action.branch} in ${action.repo}`;
    case "commitFiles":
      return `release commit on ${action.branch} in ${action.repo}`;
    case "cherryPick":
      return `cherry-pick of ${action.sha.slice(0, 7)} onto ${action.branch} in ${action.repo}`;
    case "openPullRequest":
      return `release PR in ${action.repo}`;
    case "addLabels":
      return `labels on ${action.repo}#${action.number}`;
    case "setStatus":
      return `${action.context} status on ${action.repo}@${action.sha.slice(0, 7)}`;
    case "rerequestCheckSuite":
      return `re-run of check suite ${action.suiteId} in ${action.repo}`;
    case "createDeployment":
      return `${action.task} deployment of ${action.repo} to ${action.environment}`;
    case "openIssue":
      return `issue "${action.title}"`;
    case "mergePullRequest":
      return `merge of ${action.repo}#${action.number}`;
    case "enqueuePullRequest":
      return `merge queue entry for ${action.repo}#${action.number}`;
    case "requestReviews":
      return `review request on ${action.repo}#${action.number}`;
    case "createTag":
      return `tag ${action.tag} in ${action.repo}`;
    case "createRelease":
      return `release ${action.tag} in ${action.repo}`;
    case "publishRelease":
      return `publishing release ${action.releaseId} in ${action.repo}`;
    case "uploadAsset":
      return `asset ${action.name} on release ${action.releaseId}`;
    case "createDiscussion":
      return `discussion "${action.title}"`;
    case "closeMilestone":
      return `closing milestone ${action.number}`;
    case "closeIssue":
      return `closing issue #${action.number}`;
  }
}

/** Carries out one action: each kind's write, with its guard, lives with the others of its area under writes/. */
async function perform(octokit: Octokit, train: TrainRef, action: Action): Promise<void> {
  switch (action.kind) {
    case "comment":
      return postComment(octokit, train, action);
    case "react":
      return react(octokit, train, action);
    case "createBranch":
      return createBranch(octokit, action);
    case "commitFiles":
      return commitFiles(octokit, action);
    case "cherryPick":
      return cherryPick(octokit, action);
    case "openPullRequest":
      return openPullRequest(octokit, action);
    case "addLabels":
      return addLabels(octokit, action);
    case "rerequestCheckSuite":
      return rerequestCheckSuite(octokit, action);
    case "setStatus":
      return setStatus(octokit, action);
    case "createDeployment":
      return createDeployment(octokit, action);
    case "openIssue":
      return openIssue(octokit, train, action);
    case "mergePullRequest":
      return mergePullRequest(octokit, action);
    case "enqueuePullRequest":
      return enqueuePullRequest(octokit, action);
    case "requestReviews":
      return requestReviews(octokit, action);
    case "createTag":
      return createTag(octokit, action);
    case "createRelease":
      return createRelease(octokit, action);
    case "publishRelease":
      return publishRelease(octokit, action);
    case "uploadAsset":
      return uploadAsset(octokit, action);
    case "createDiscussion":
      return createDiscussion(octokit, action);
    case "closeMilestone":
      return closeMilestone(octokit, train, action);
    case "closeIssue":
      return closeIssue(octokit, train, action);
  }
}

/** A write the lane may no longer make (WriteAborted, see guardWrites) stops the rest: the error propagates. A failed write holds back a later closeIssue. */
/** `before` is told of each write before it is sent (its answer may be lost, so the write may have happened). */
export async function executeActions(
  octokit: Octokit,
  train: TrainRef,
  actions: Action[],
  before: (action: Action) => void = () => undefined,
): Promise<ActResult> {
  const failures: string[] = [];
  const failedRepos = new Set<string>();
  let done = 0;
  for (const action of actions) {
    // A repository's steps depend on each other: after a failure, the rest wait for the next reconcile.
    const repo = "repo" in action ? action.repo : null;
    if (repo && failedRepos.has(repo) && action.kind !== "setStatus") continue;
    // Closing the tracking issue is the last word: nothing looks at a closed train again, so it
    // waits until every write before it went out (a comment lost on the way is made again first).
    if (action.kind === "closeIssue" && failures.length > 0) continue;
    try {
      before(action);
      await perform(octokit, train, action);
      done += 1;
    } catch (error) {
      const aborted = writeAborted(error);
      if (aborted) throw aborted;
      const status = httpStatus(error);
      if (repo) failedRepos.add(repo);
      failures.push(`${describe(action)}: ${status ? `HTTP ${status} ` : ""}${(error as Error).message}`);
    }
  }
  return { done, failures };
}

/** Carries out `actions` one repository's group at a time while `batch` admits them; `deferred` counts those left for the next reconcile. */
export async function executeBatch(
  octokit: Octokit,
  train: TrainRef,
  actions: Action[],
  batch: WriteBatch,
  before: (action: Action) => void = () => undefined,
): Promise<ActResult & { deferred: number }> {
  const result: ActResult = { done: 0, failures: [] };
  const groups = byRepository(actions);
  for (const [i, group] of groups.entries()) {
    if (!(await batch.admits(group.length)))
      return { ...result, deferred: groups.slice(i).reduce((n, g) => n + g.length, 0) };
    const done = await executeActions(octokit, train, group, before);
    result.done += done.done;
    result.failures.push(...done.failures);
    batch.done(group.length);
  }
  return { ...result, deferred: 0 };
}

export type BodyWrite = "unchanged" | "written" | "conflict";

/**
 * Writes the tracking-issue body when it changed. The body is re-read first: if a
 * person edited it since we observed it (a tick), we do not overwrite their edit;
 * the caller reconciles again with the edit included.
 */
export async function writeBody(
  octokit: Octokit,
  train: TrainRef,
  observed: string,
  desired: string,
): Promise<BodyWrite> {
  if (observed === desired) return "unchanged";
  const issue = { owner: train.owner, repo: train.repo, issue_number: train.issueNumber };
  const { data } = await octokit.rest.issues.get(issue);
  if ((data.body ?? "") !== observed) return "conflict";
  await octokit.rest.issues.update({ ...issue, body: desired });
  return "written";
}
