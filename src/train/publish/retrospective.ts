// 7.7 retrospective: an issue with the train's figures; ticked when it is closed.
import type { TrainIssueObservation } from "../model/observation.js";
import { commentMarker } from "../state.js";
import { buildSummary } from "../summary.js";
import type { PublishInput, Publishing } from "./input.js";

export const RETROSPECTIVE_LABEL = "release-train:retrospective";

/** Opens the retrospective once announced; ticks 7.7 (in `state`) when it is closed. The retrospective issue, if any. */
export function retrospective(p: Publishing, announced: boolean): TrainIssueObservation | null {
  const { input, result, held } = p;
  const { observation, state, version, at } = input;
  const retroKey = `retro-${version.tag}`;
  const retro = observation.trainIssues.find((i) => i.body.includes(commentMarker(retroKey)));
  if (announced && !retro && !held) {
    result.actions.push({
      kind: "openIssue",
      key: retroKey,
      title: `Retrospective: release train ${version.tag}`,
      labels: [RETROSPECTIVE_LABEL],
      body: retrospectiveBody(input, retroKey),
    });
  }
  if (retro?.state === "CLOSED" && !state.ticks["7.7"]) {
    state.ticks["7.7"] = { by: "release-train", at, via: `issue:${retro.number}` };
    state.audit.push({ at, actor: "release-train", text: `7.7 done: retrospective #${retro.number} closed` });
  }
  return retro ?? null;
}

function retrospectiveBody(input: PublishInput, key: string): string {
  const { state, observation, version } = input;
  const phases = buildSummary(input.plan, version, observation, state, state.reached["7.3"] ?? input.at).phases;
  return [
    commentMarker(key),
    `Retrospective of the release train ${version.tag} (${observation.issue.url}). Close this issue when the retrospective is done.`,
    "",
    "## Figures",
    "",
    "| Phase | Duration |",
    "|---|---|",
    ...phases.map((p) => `| ${p.phase}. ${p.title} | ${p.minutes === null ? "—" : `${p.minutes} min`} |`),
    "",
    `Sign-offs: ${
      Object.entries(state.signoffs)
        .map(([team, s]) => `${team} (@${s.by}, ${s.at})`)
        .join(", ") || "none"
    }`,
    `Rollbacks: ${state.rollback ? `${state.rollback.mode} — ${state.rollback.reason}` : "none"}`,
    `Holds and retries: ${state.audit.filter((e) => /held the train|retried|re-ran failed checks/.test(e.text)).length}`,
    "",
    "## What went well",
    "",
    "## What did not",
    "",
    "## What we change",
    "",
  ].join("\n");
}
