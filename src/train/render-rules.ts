// The tracking issue's "Branch rules" section: what each default branch requires to merge,
// the rules release-train cannot satisfy, and what GitHub says about each release PR. Pure.
import type { TrainView } from "./model/train-view.js";

const cell = (text: string): string =>
  text
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ")
    .replace(/<!--|-->/g, "");

/** Full table, or one summary line when the body must shrink. */
export function branchRulesSection(view: TrainView, compact: boolean): string[] {
  const rows = view.branchRules ?? [];
  if (rows.length === 0) return [];
  const title = "### Branch rules";
  if (compact) {
    const waiting = rows.filter((r) => r.pr && !r.pr.includes("✅")).length;
    const problems = rows.filter((r) => r.problems.length > 0).length;
    return [
      "",
      title,
      "",
      `${rows.length} repositories with branch rules · ${waiting} release PRs GitHub would not merge yet · ${problems} with rules release-train cannot satisfy`,
    ];
  }
  const lines = rows.map(
    (r) =>
      `| ${r.name} | ${cell(r.requires || "—")} | ${cell([...r.problems.map((p) => `⛔ ${p}`), r.pr ?? ""].filter(Boolean).join("; ") || "—")} |`,
  );
  // Open while a rule stops the train or GitHub would not merge a release PR; folded like the other sections otherwise.
  const attention = rows.filter((r) => r.problems.length > 0 || (r.pr && !r.pr.includes("✅"))).length;
  const summary = `<b>Branch rules</b> — ${rows.length} repositories${attention > 0 ? ` · ${attention} need attention` : ""}`;
  return [
    "",
    `<details${attention > 0 ? " open" : ""}><summary>${summary}</summary>`,
    "",
    "| Repository | Default branch requires | Release PR on GitHub |",
    "|---|---|---|",
    ...lines,
    "",
    "</details>",
  ];
}
