// `npm run demo -- --html DIR`: each step's tracking issue as a GitHub-like page, and
// an index of the steps, to open in a browser.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { escapeHtml, renderIssuePage } from "./issue-page.js";

export interface StepBody {
  /** "1", "2" … as the demo numbers its steps. */
  n: string;
  title: string;
  body: string;
}

export const stepFile = (n: string): string => `step-${n.padStart(2, "0")}.html`;

/** Writes step-NN.html per step and index.html; returns the index's path. */
export function writeStepPages(dir: string, issueTitle: string, steps: StepBody[]): string {
  mkdirSync(dir, { recursive: true });
  steps.forEach((step, i) => {
    const link = (s: StepBody | undefined, text: string) =>
      s ? `<a href="${stepFile(s.n)}">${text}</a>` : `<span>${text}</span>`;
    const nav = `<nav class="issue-meta">${link(steps[i - 1], "← previous")} · <a href="index.html">all steps</a> · ${link(steps[i + 1], "next →")}<br><b>Step ${escapeHtml(step.title)}</b></nav>`;
    writeFileSync(join(dir, stepFile(step.n)), renderIssuePage({ title: issueTitle, body: step.body, nav }));
  });
  const items = steps.map((s) => `<li><a href="${stepFile(s.n)}">${escapeHtml(s.title)}</a></li>`).join("\n");
  const index = join(dir, "index.html");
  writeFileSync(
    index,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(issueTitle)}: the demo's steps</title>
<style>body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; margin: 16px 24px; max-width: 880px; color: #1f2328; } a { color: #0969da; }</style>
</head><body><h1>${escapeHtml(issueTitle)}</h1><p>The tracking issue after each step of the demo (a local approximation of GitHub's issue view).</p><ol>
${items}
</ol></body></html>
`,
  );
  return index;
}
