// Phase 7 after the tags: release notes (7.3), `status/summary.json` (7.4), the archive
// (7.5), the announcement (7.6) and the retrospective (7.7); then the postconditions,
// checked from GitHub, end the train: the freeze lifts, the milestone closes, and the
// tracking issue closes once the retrospective is done. Pure (it records in `state`).
// Each step lives in publish/; this file runs them in order.
import { patchedRepos } from "./maintenance.js";
import { modeOf } from "./version.js";
import { announce } from "./publish/announcement.js";
import { archive } from "./publish/archive.js";
import { pending, type PublishInput, type PublishResult, type Publishing } from "./publish/input.js";
import { postconditions } from "./publish/postconditions.js";
import { releaseNotes } from "./publish/release-notes.js";
import { retrospective } from "./publish/retrospective.js";
import { completeSummary, summaryFile } from "./publish/summary-file.js";

export { ARCHIVE_ASSETS } from "./publish/archive.js";
export { changelogSection, sectionRange } from "./publish/changelog-section.js";
export type { PublishInput, PublishResult } from "./publish/input.js";
export { RETROSPECTIVE_LABEL } from "./publish/retrospective.js";

const AFTER_THE_TAGS = ["7.3", "7.4", "7.5", "7.6"];

export function publish(input: PublishInput): PublishResult {
  const { state, observation } = input;
  const result: PublishResult = {
    steps: {},
    actions: [],
    needsFinal: false,
    teams: [],
    postconditions: [],
    summaryPending: false,
  };
  if (!input.tagged || state.aborted || state.rollback) {
    for (const id of AFTER_THE_TAGS) result.steps[id] = pending("after the tags");
    result.postconditions = postconditions(input, null, {});
    return result;
  }
  const final = observation.final;
  if (!final) {
    result.needsFinal = true;
    for (const id of AFTER_THE_TAGS) result.steps[id] = { status: "running" };
    return result;
  }
  const p = publishing(input, final, result);
  const notes = releaseNotes(p);
  const summary = summaryFile(p, notes.allPublished);
  const archived = archive(p, notes.constellation, summary.done);
  const announced = announce(p, notes.constellation?.url ?? null, archived);
  const retro = retrospective(p, announced);
  completeSummary(p, summary);
  result.postconditions = postconditions(input, retro, { published: notes.allPublished, announced });
  return result;
}

function publishing(input: PublishInput, final: Publishing["final"], result: PublishResult): Publishing {
  const { config, plan, version, observation, state } = input;
  // A pre-release is marked so and never becomes a repository's latest release; nor does a patch of an older line.
  const prerelease = modeOf(version.version) === "prerelease";
  const patched = patchedRepos(
    plan.repos.map((r) => r.fullName),
    version,
    observation.repos,
  );
  return {
    input,
    final,
    result,
    orchestration: `${observation.train.owner}/${observation.train.repo}`,
    held: Boolean(state.hold),
    drafts: config.draftReleases && !state.ticks["7.3"],
    flagsOf: (repo) => ({
      prerelease,
      latest: !prerelease && (repo === null ? patched.size === 0 : !patched.has(repo)),
    }),
  };
}
