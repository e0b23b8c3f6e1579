// What the tracking issue was at a given moment, from its timeline (label, close and
// reopen events with their actor and time, as GitHub records them). A command counts as
// of when it was made: nothing runs later because the issue was labelled or reopened. Pure.
import type { IssueEvent, IssueObservation } from "./model/issue-observation.js";

/** Why a command made at some moment does not count: the issue was closed, not a tracking issue, or the timeline read does not reach back that far. */
export type NotTracking = "closed" | "unlabelled" | "unknown";

type Timeline = Pick<IssueObservation, "events" | "eventsComplete">;

/**
 * The issue's open/closed state and its train label at `at`. Events in the same second
 * as `at` count as before it (GitHub's times have one-second resolution).
 */
export function notTrackingAt(issue: Timeline, label: string, at: string): NotTracking | null {
  const moment = Date.parse(at);
  const before = issue.events.filter((e) => Date.parse(e.at) <= moment);
  const last = (kinds: IssueEvent["kind"][], matches: (e: IssueEvent) => boolean = () => true) =>
    before.filter((e) => kinds.includes(e.kind) && matches(e)).at(-1);
  const ours = (e: IssueEvent) => e.label?.toLowerCase() === label.toLowerCase();
  const state = last(["closed", "reopened"]);
  const labelled = last(["labeled", "unlabeled"], ours);
  // An issue is opened open and without labels; what came before the events read is unknown.
  if (!issue.eventsComplete && (!state || !labelled)) return "unknown";
  if (state?.kind === "closed") return "closed";
  if (labelled?.kind !== "labeled") return "unlabelled";
  return null;
}

/** Who reopened the issue last, and when (null when it never was). */
export function lastReopened(issue: Timeline): IssueEvent | null {
  return issue.events.filter((e) => e.kind === "reopened").at(-1) ?? null;
}

/** Whether `login` closed the issue since `since` (epoch ms). */
export function closedBy(issue: Timeline, login: string, since: number): boolean {
  return issue.events.some(
    (e) => e.kind === "closed" && e.actor?.toLowerCase() === login.toLowerCase() && Date.parse(e.at) >= since,
  );
}
