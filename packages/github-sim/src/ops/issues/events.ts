import type { SimCore } from "../../core.js";
import * as S from "../../serialize/index.js";
import type { Issue, Repo, TimelineEvent } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";

/** Emits an "issues" event, or "pull_request" when the issue is a pull request. */
export function emitIssueEvent(
  core: SimCore,
  repo: Repo,
  issue: Issue,
  actor: string,
  action: string,
  extra: Record<string, unknown> = {},
): void {
  const pr = issue.isPull ? repo.pulls.get(issue.number) : undefined;
  if (pr) {
    core.emit("pull_request", repo, actor, {
      action,
      number: issue.number,
      pull_request: S.pull(core, repo, issue, pr, { full: true }),
      ...extra,
    });
  } else {
    core.emit("issues", repo, actor, { action, issue: S.issue(core, repo, issue), ...extra });
  }
}

/** A timeline event (who labelled, closed or reopened, and when), as GitHub records it. */
export function recordEvent(
  core: SimCore,
  issue: Issue,
  type: TimelineEvent["type"],
  actor: string,
  extra: Pick<TimelineEvent, "label" | "stateReason"> = {},
): void {
  const id = core.store.ids.take("event");
  const prefix = { LabeledEvent: "LE", UnlabeledEvent: "UNLE", ClosedEvent: "CE", ReopenedEvent: "REE" }[type];
  issue.timeline.push({ id, nodeId: nodeId(prefix, id), type, actor, createdAt: core.now(), ...extra });
}
