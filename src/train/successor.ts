// `/rc` and `/promote` on a finished pre-release train (orchestration team): the next
// train on the same release branch, the next candidate or the final version. Every train
// keeps its own tracking issue, so the app opens the successor's, labelled, and that
// train picks up the fixes merged into the release branch. Pure.
import semver from "semver";
import type { Outcome, GateContext } from "./gate-commands.js";
import type { Observation } from "./model/observation.js";
import type { CommentObservation } from "./model/issue-observation.js";
import type { TrainState } from "./model/train-state.js";
import type { Action } from "./model/actions.js";
import { commentMarker } from "./state.js";
import { modeOf, trainVersionOf } from "./version.js";

/** Marks the tracking issues the app opened for a successor (read back with the train's other issues). */
export const SUCCESSOR_LABEL = "release-train:continued";

export type Continuation = "rc" | "promote";

/** `2.0.0-rc.1` → `2.0.0-rc.2` (`/rc`), or `2.0.0` (`/promote`). */
export function successorVersion(version: string, how: Continuation): string {
  return how === "rc" ? semver.inc(version, "prerelease")! : trainVersionOf(version).branch.slice("release/v".length);
}

const keyOf = (version: string) => `successor-v${version}`;

/** The newest tag of this version's line seen in any repository of the train (`v2.0.0-rc.3`), if newer than `version`. */
function newerTag(observation: Observation, version: string): string | null {
  const core = semver.coerce(version)?.version;
  let newest: string | null = null;
  for (const repo of Object.values(observation.repos)) {
    for (const tag of repo.tags) {
      const v = semver.valid(semver.clean(tag.name));
      if (v && semver.coerce(v)?.version === core && semver.gt(v, version) && (!newest || semver.gt(v, newest)))
        newest = v;
    }
  }
  return newest;
}

export function continueTrain(ctx: GateContext, comment: CommentObservation, how: Continuation): Outcome {
  const { state } = ctx;
  if (!ctx.authz.isOrchestrator(comment.author))
    return { ok: false, reason: `only ${ctx.authz.describeOwner("orchestration")} can use \`/${how}\`.` };
  const tag = `v${state.version}`;
  if (modeOf(state.version) !== "prerelease")
    return { ok: false, reason: `\`/${how}\` continues a pre-release train; ${tag} is a final release.` };
  if (state.successor)
    return { ok: true, note: `already continued as v${state.successor.version} (by @${state.successor.by}).` };
  if (!state.finishedAt)
    return { ok: false, reason: `${tag} is not released yet: \`/${how}\` works once its postconditions hold.` };
  const next = successorVersion(state.version, how);
  const newer = newerTag(ctx.observation, state.version);
  if (newer) {
    return {
      ok: false,
      reason:
        how === "promote" && semver.prerelease(newer)
          ? `v${newer} is a later candidate than ${tag}: promote from the last candidate's train.`
          : `v${newer} is already tagged: ${tag} is not the last candidate.`,
    };
  }
  state.successor = { version: next, by: comment.author, at: comment.createdAt };
  ctx.audit(
    comment.author,
    `${how === "rc" ? "started the next candidate" : "promoted to the final release"}: v${next} on ${trainVersionOf(next).branch}`,
  );
  return {
    ok: true,
    note: `opening the train for v${next} on \`${trainVersionOf(next).branch}\`; its tracking issue follows.`,
  };
}

/** The successor's tracking issue, until GitHub shows it opened (decide drops what is already there). */
export function successorActions(state: TrainState, observation: Observation, label: string): Action[] {
  const next = state.successor;
  if (!next) return [];
  const key = keyOf(next.version);
  const { branch } = trainVersionOf(next.version);
  const what = semver.prerelease(next.version) ? "the next release candidate" : "the final release";
  return [
    {
      kind: "openIssue",
      key,
      title: `Release v${next.version}`,
      labels: [label, SUCCESSOR_LABEL],
      body: [
        commentMarker(key),
        `Release train for **v${next.version}**, ${what} after v${state.version} (${observation.issue.url}), continuing on \`${branch}\` with the fixes merged into it. Opened by @${next.by}'s \`/${semver.prerelease(next.version) ? "rc" : "promote"}\`.`,
      ].join("\n"),
    },
  ];
}
