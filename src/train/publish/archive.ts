// 7.5 archive: the audit log and the summary as assets of the constellation release.
import type { ReleaseObservation } from "../model/observation.js";
import type { TrainState } from "../model/train-state.js";
import { pending, type Publishing } from "./input.js";

export const ARCHIVE_ASSETS = ["audit-log.md", "summary.json"] as const;

/** Uploads the missing assets once the summary is written; true when both are there. */
export function archive(p: Publishing, constellation: ReleaseObservation | null, summaryDone: boolean): boolean {
  const { input, final, result, held, orchestration } = p;
  const assets = constellation?.assets ?? [];
  const missing = ARCHIVE_ASSETS.filter((name) => !assets.includes(name));
  if (summaryDone && constellation && !held) {
    for (const name of missing) {
      const data = name === "summary.json" ? (final.orchestration.summaryText ?? "") : auditLog(input.state);
      result.actions.push({
        kind: "uploadAsset",
        repo: orchestration,
        releaseId: constellation.id,
        name,
        contentType: name.endsWith(".json") ? "application/json" : "text/markdown",
        data,
      });
    }
  }
  const archived = summaryDone && missing.length === 0;
  result.steps["7.5"] = archived
    ? { status: "done", detail: ARCHIVE_ASSETS.join(", ") }
    : summaryDone
      ? { status: "running" }
      : pending("after the summary");
  return archived;
}

function auditLog(state: TrainState): string {
  return [
    `# Audit log`,
    "",
    ...state.audit.map(
      (e) => `- ${e.at} · ${e.actor === "release-train" ? "release-train" : `@${e.actor}`} · ${e.text}`,
    ),
    "",
  ].join("\n");
}
