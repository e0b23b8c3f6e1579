// Configured repositories the app cannot see: a typo, a repository deleted or renamed,
// or one the app is not installed on. GitHub answers all of these alike (not found), so
// they get one notice naming them, posted once per set of names.
import { createHash } from "node:crypto";

/** Names listed in the notice; the rest are counted. */
export const NOTICE_NAMES = 20;

/** The planned repositories absent from what the installation can see (case-insensitively). */
export function unseenRepos(planned: readonly string[], visible: readonly string[]): string[] {
  const seen = new Set(visible.map((name) => name.toLowerCase()));
  return planned.filter((name) => !seen.has(name.toLowerCase()));
}

/** `a`, `b` and 4,980 more. */
export function boundedList(names: readonly string[], limit = NOTICE_NAMES): string {
  const shown = names.slice(0, limit).map((n) => `\`${n}\``);
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest.toLocaleString("en-US")} more` : shown.join(", ");
}

/**
 * The notice for a set of unseen repositories. Before Phase 1 the train cannot start; once it has, those repositories wait with what depends on them
 * and the rest goes on as far as it safely can.
 */
export function unseenNotice(names: readonly string[], started: boolean): { key: string; text: string } {
  const sorted = [...names].sort();
  const key = `unseen-${createHash("sha256").update(sorted.join("\n")).digest("hex").slice(0, 16)}`;
  const count = names.length === 1 ? "1 repository" : `${names.length.toLocaleString("en-US")} repositories`;
  const effect = started
    ? "Their release steps wait, and so does everything that depends on them; the rest of the train goes on as far as it can. The train continues once they are back or the configuration no longer lists them."
    : "The train does not start until they are fixed.";
  const text = [
    `⚠️ release-train cannot see ${count} of this train's configuration: ${boundedList(sorted)}.`,
    "",
    `GitHub answers "not found" for each: check the names in the configuration (a typo?), whether they were deleted or renamed, and that the app is installed on them. ${effect}`,
  ].join("\n");
  return { key, text };
}
