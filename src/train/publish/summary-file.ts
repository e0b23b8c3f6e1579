// 7.4 `status/summary.json` on the orchestration repository's default branch: written
// once the notes are out (Phase 7 still running, so `complete: false`), and once more,
// complete, when the retrospective ends the train.
import type { Action } from "../model/actions.js";
import type { FinalObservation } from "../model/observation.js";
import { buildSummary, SUMMARY_PATH, type TrainSummary } from "../summary.js";
import type { PublishInput, Publishing } from "./input.js";
import { pending } from "./input.js";

export interface SummaryFile {
  /** The summary file is written (this train's, or a later train's since). */
  done: boolean;
  /** The file on the branch is this train's. */
  ours: boolean;
  /** Whether the file on the branch is the complete summary. */
  complete: boolean;
}

export function summaryFile(p: Publishing, allPublished: boolean): SummaryFile {
  const { input, final, result, held } = p;
  const { plan, version, observation, state, at } = input;
  const written = parseSummary(final.orchestration.summaryText);
  const ours =
    written?.train === `${observation.train.owner}/${observation.train.repo}#${observation.train.issueNumber}` &&
    written.version === version.version;
  // Once written, the file is the latest train's: a later train (the next candidate's) that wrote it since is not overwritten.
  const superseded = !ours && Boolean(state.reached["7.4"]);
  const done = allPublished && (ours || superseded);
  if (allPublished && !ours && !superseded && !held)
    result.actions.push(
      summaryCommit(input, final, buildSummary(plan, version, observation, state, state.reached["7.3"] ?? at)),
    );
  result.steps["7.4"] = done
    ? { status: "done", detail: `\`${SUMMARY_PATH}\`` }
    : allPublished
      ? { status: "running" }
      : pending("after the release notes");
  return { done, ours, complete: Boolean(written?.complete) };
}

/** The train ends with the retrospective: the summary, now with Phase 7's end, is written once more. */
export function completeSummary(p: Publishing, file: SummaryFile): void {
  const { input, final, result, held } = p;
  const { plan, version, observation, state, at } = input;
  if (!(file.done && file.ours && state.ticks["7.7"] && !file.complete)) return;
  const summary = buildSummary(plan, version, observation, state, state.reached["7.3"] ?? at);
  result.summaryPending = summary.complete;
  if (summary.complete && !held) result.actions.push(summaryCommit(input, final, summary));
}

function summaryCommit(input: PublishInput, final: FinalObservation, summary: TrainSummary): Action {
  const { observation, version } = input;
  return {
    kind: "commitFiles",
    repo: `${observation.train.owner}/${observation.train.repo}`,
    branch: final.orchestration.defaultBranch,
    expectedHeadOid: final.orchestration.headOid,
    headline: `chore(release-train): ${SUMMARY_PATH} for ${version.tag}${summary.complete ? ", complete" : ""}`,
    body: `Written by the release train ${observation.issue.url}.`,
    files: [{ path: SUMMARY_PATH, contents: `${JSON.stringify(summary, null, 2)}\n` }],
  };
}

function parseSummary(text: string | null): { train: string; version: string; complete: boolean } | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as { train?: { id?: unknown; version?: unknown }; complete?: unknown };
    return typeof parsed.train?.id === "string" && typeof parsed.train.version === "string"
      ? { train: parsed.train.id, version: parsed.train.version, complete: parsed.complete === true }
      : null;
  } catch {
    return null;
  }
}
