/** Picked fixes in the version's changelog section: the text, and the commit that lists them. */
import type { Action } from "../model/actions.js";
import { pickKey } from "../model/observation.js";
import type { PickedFix } from "../model/train-state.js";
import { CHANGELOG_PATH, bumpHeadline } from "../preparation/release-commit.js";
import { sectionRange } from "../publish.js";
import { short } from "./names.js";
import type { PickWritesContext } from "./pick-command.js";

/** A picked fix's line in the version's changelog section. */
function changelogLine(repoUrl: string, fix: PickedFix): string {
  const applied = fix.appliedAs!;
  return `* ${fix.headline} ([${short(applied)}](${repoUrl}/commit/${applied})), cherry picked from [${short(fix.sha)}](${repoUrl}/commit/${fix.sha}) by @${fix.by}`;
}

const PICKED_HEADING = "### Cherry-picked fixes";

/** CHANGELOG.md with the picked fixes listed in the version's section (null when it has no such section; unchanged when they are listed). */
export function withPickedFixes(
  text: string,
  version: string,
  repoUrl: string,
  fixes: readonly PickedFix[],
): string | null {
  const lines = text.split("\n");
  const range = sectionRange(lines, version);
  if (!range) return null;
  const section = lines.slice(range.start, range.end).join("\n");
  const missing = fixes
    .filter((f) => f.appliedAs && !section.includes(`/commit/${f.appliedAs}`))
    .map((f) => changelogLine(repoUrl, f));
  if (missing.length === 0) return text;
  const heading = lines.findIndex((l, i) => i > range.start && i < range.end && l.trim() === PICKED_HEADING);
  // After the last line of the block (or of the section), so the blank line before the next section stays.
  const lastOf = (from: number, keep: (line: string) => boolean) => {
    let last = from;
    for (let i = from + 1; i < range.end; i += 1) if (keep(lines[i]!)) last = i;
    return last;
  };
  if (heading >= 0) lines.splice(lastOf(heading, (l) => l.startsWith("* ")) + 1, 0, ...missing);
  else lines.splice(lastOf(range.start, (l) => l.trim() !== "") + 1, 0, "", PICKED_HEADING, "", ...missing);
  return lines.join("\n");
}

/** Where every pick of a repository is on its branch: the changelog commit listing them, until CHANGELOG.md does. */
export function changelogCommits(
  ctx: PickWritesContext,
  fixes: readonly PickedFix[],
  busy: ReadonlySet<string>,
): Action[] {
  const actions: Action[] = [];
  for (const repo of new Set(fixes.filter((f) => f.appliedAs && !f.listed).map((f) => f.repo))) {
    const observed = ctx.observation.repos[repo];
    if (busy.has(repo) || observed?.pullRequest?.state !== "OPEN") continue;
    const applied = fixes.filter((f) => f.repo === repo && f.appliedAs);
    const seen = ctx.observation.picks?.[pickKey(repo, applied.find((f) => !f.listed)!.sha)];
    if (!seen?.found || !seen.branch?.changelog) continue;
    const text = withPickedFixes(seen.branch.changelog, ctx.version.version, observed.url, applied);
    if (text === null) continue;
    if (text === seen.branch.changelog) {
      for (const fix of applied) fix.listed = true;
      continue;
    }
    actions.push({
      kind: "commitFiles",
      repo,
      branch: ctx.version.branch,
      expectedHeadOid: seen.branch.oid,
      headline: bumpHeadline(ctx.version),
      body: `Release ${ctx.version.tag}: ${CHANGELOG_PATH} lists the cherry-picked fixes (${applied.map((f) => short(f.sha)).join(", ")}).\n\nRelease-Train: ${ctx.observation.issue.url}`,
      files: [{ path: CHANGELOG_PATH, contents: text }],
    });
  }
  return actions;
}
