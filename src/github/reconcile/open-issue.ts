// Whether the tracking issue is there and open, and how far its hidden state can be trusted.
import type { IssueObservation } from "../../train/model/issue-observation.js";
import { historyRead, needsHistory, trustBody, type BodyTrust } from "../../train/trust.js";
import { observeHistory } from "../observe.js";
import type { ReconcileContext } from "./connect.js";
import type { StepResult } from "./outcome.js";

export interface OpenIssue {
  issue: IssueObservation;
  trusted: BodyTrust;
  /** A rollback, once started, runs to its end whatever happens to the issue. */
  rollingBack: boolean;
}

export async function openIssue(ctx: ReconcileContext, issue: IssueObservation | null): Promise<StepResult<OpenIssue>> {
  const { deps, ref, botLogin } = ctx;
  if (!issue) {
    // Once: without a registration nothing looks for this issue again until a webhook names it.
    ctx.log.info("tracking issue not found (deleted, or no such issue); the train is no longer tracked");
    deps.registry.remove(ref);
    return { kind: "not-a-train", reason: "tracking issue not found" };
  }
  // The hidden state counts only as the latest release-train wrote (see trust.ts); the
  // body's text history is read only when someone else saved it since.
  const history = needsHistory(issue, botLogin)
    ? await observeHistory(ctx.graphql, issueRefOf(ctx), historyRead(issue.revisions.total, botLogin))
    : null;
  const trusted = trustBody({
    body: issue.body,
    botLogin,
    author: issue.author,
    lastEditor: issue.lastEditor,
    total: issue.revisions.total,
    history,
  });
  const rollingBack = Boolean(trusted.state?.rollback && !trusted.state.rollback.verifiedAt);
  if (issue.state === "CLOSED" && !rollingBack) {
    deps.registry.remove(ref);
    return { kind: "not-a-train", reason: "tracking issue is closed" };
  }
  return { issue, trusted, rollingBack };
}

/** The tracking issue as observe.ts names it. */
export const issueRefOf = ({ ref }: ReconcileContext) => ({ owner: ref.owner, repo: ref.repo, issue: ref.issueNumber });
