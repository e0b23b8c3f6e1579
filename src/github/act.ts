// Writes: each action decided by the core, carried out with the guard that makes it
// safe to repeat. A failed write is reported, not thrown, so the rest still happens
// and the next reconcile retries what is missing.
import type { Action, TrainRef } from "../train/model.js";
import { httpStatus, type Octokit } from "./octokit.js";

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
  }
}

async function perform(octokit: Octokit, train: TrainRef, action: Action): Promise<void> {
  const issue = { owner: train.owner, repo: train.repo, issue_number: train.issueNumber };
  switch (action.kind) {
    case "comment":
      // Guard: the body carries a marker; decide skips keys already posted.
      await octokit.rest.issues.createComment({ ...issue, body: action.body });
      return;
    case "react":
      // Guard: GitHub answers 200 instead of 201 when the reaction already exists.
      await octokit.rest.reactions.createForIssueComment({ owner: train.owner, repo: train.repo, comment_id: action.commentId, content: action.content });
      return;
  }
}

export async function executeActions(octokit: Octokit, train: TrainRef, actions: Action[]): Promise<ActResult> {
  const failures: string[] = [];
  let done = 0;
  for (const action of actions) {
    try {
      await perform(octokit, train, action);
      done += 1;
    } catch (error) {
      const status = httpStatus(error);
      failures.push(`${describe(action)}: ${status ? `HTTP ${status} ` : ""}${(error as Error).message}`);
    }
  }
  return { done, failures };
}

export type BodyWrite = "unchanged" | "written" | "conflict";

/**
 * Writes the tracking-issue body when it changed. The body is re-read first: if a
 * person edited it since we observed it (a tick), we do not overwrite their edit;
 * the caller reconciles again with the edit included.
 */
export async function writeBody(octokit: Octokit, train: TrainRef, observed: string, desired: string): Promise<BodyWrite> {
  if (observed === desired) return "unchanged";
  const issue = { owner: train.owner, repo: train.repo, issue_number: train.issueNumber };
  const { data } = await octokit.rest.issues.get(issue);
  if ((data.body ?? "") !== observed) return "conflict";
  await octokit.rest.issues.update({ ...issue, body: desired });
  return "written";
}
