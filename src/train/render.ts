// The tracking issue body: a rendering of the view plus the hidden state. Pure.
import type { TrainState } from "./model/train-state.js";
import type { TrainView } from "./model/train-view.js";
import { nowView } from "./now.js";
import { cell, releaseGraph, stageMatrix, summaryMatrix } from "./render-repos.js";
import { branchRulesSection } from "./render-rules.js";
import { outsideDependencies, outsideSection } from "./render-subset.js";
import { picksSection } from "./picks/picks-section.js";
import { commentMarker, encodeState } from "./state.js";
import { auditLog } from "./render-audit.js";
import { checklist, doneCount, STATUS_WORD, when } from "./render-checklist.js";
import {
  complianceSection,
  nowSection,
  postconditionSection,
  rollbackSection,
  signoffSection,
  versionSection,
} from "./render-sections.js";

/** GitHub rejects issue bodies over 65,536 characters; keep a margin. */
export const BODY_LIMIT = 65_000;

interface RenderOptions {
  graph: boolean;
  matrix: "full" | "compact" | "summary";
  auditLimit: number;
  introLimit: number;
}

function compose(view: TrainView, state: TrainState, options: RenderOptions): string {
  const now = nowView(view);
  const parts = [
    // The key of an issue the app opened (a successor train's) stays first: the train that opened it finds it by it.
    ...(state.openedAs ? [commentMarker(state.openedAs)] : []),
    `# 🚂 Release train ${view.tag}`,
    "",
    `**${view.headline}** · ${now.health} · started ${when(state.startedAt)} · \`${view.branch}\` · ${view.repos.length} repositories`,
    ...nowSection(view),
    ...rollbackSection(view),
  ];
  if (view.problems.length > 0) parts.push("", "> [!WARNING]", ...view.problems.map((p) => `> ${cell(p)}`));
  parts.push(
    ...checklist(view, state),
    ...postconditionSection(view),
    ...signoffSection(view, state),
    ...branchRulesSection(view, options.matrix !== "full"),
    ...complianceSection(view),
  );
  parts.push(...versionSection(view, options.matrix !== "full"));
  parts.push(
    "",
    `### Repositories`,
    "",
    options.matrix === "summary" ? summaryMatrix(view) : stageMatrix(view, options.matrix === "compact"),
  );
  parts.push(...outsideSection(view, state));
  parts.push(
    ...picksSection(
      state,
      view.branch,
      (repo) => view.repos.find((r) => r.fullName === repo)?.url ?? `https://github.com/${repo}`,
    ),
  );
  parts.push("", "### Release order", "");
  parts.push(
    options.graph
      ? releaseGraph(view)
      : `_The graph is left out: ${view.repos.length} repositories make it too large for one issue body._`,
    ...outsideDependencies(view),
  );
  const intro = state.intro.replace(/<!--|-->/g, "").slice(0, options.introLimit);
  if (intro.trim()) parts.push("", "<details><summary>Description</summary>", "", intro, "", "</details>");
  parts.push("", auditLog(state, options.auditLimit));
  parts.push(
    "",
    "<sub>Managed by release-train. Comment `/help` for commands. Manual steps (👤) may be ticked by their owners; everything else follows GitHub and updates itself.</sub>",
  );
  parts.push("", encodeState(state), "");
  return parts.join("\n");
}

/**
 * The first layout whose body fits GitHub's limit, else the last (the smallest). Layouts
 * go from the fullest to the smallest; the audit log is the first thing to shrink.
 */
export function fitToLimit<T>(layouts: readonly T[], render: (layout: T) => string, limit = BODY_LIMIT): string {
  let body = "";
  for (const layout of layouts) {
    body = render(layout);
    if (body.length <= limit) return body;
  }
  return body;
}

/** From the fullest body to the smallest: fewer audit entries first, then no graph, then a shorter description and matrix. */
const LAYOUTS: readonly RenderOptions[] = [
  { graph: true, matrix: "full", auditLimit: 50, introLimit: 4000 },
  { graph: true, matrix: "full", auditLimit: 10, introLimit: 4000 },
  { graph: true, matrix: "full", auditLimit: 0, introLimit: 4000 },
  { graph: false, matrix: "full", auditLimit: 0, introLimit: 1000 },
  { graph: false, matrix: "compact", auditLimit: 0, introLimit: 500 },
  { graph: false, matrix: "summary", auditLimit: 0, introLimit: 500 },
];

/**
 * Renders the body within GitHub's size limit (see fitToLimit). When even the smallest
 * layout is too long (the hidden state itself outgrew the issue: heads and review
 * requests of hundreds of repositories), the state's audit gives way, oldest entries
 * first, as it does to its own bound: they are dropped from `state`, so the body still
 * carries exactly the state decided, and GitHub accepts it.
 */
export function renderBody(view: TrainView, state: TrainState): string {
  let body = fitToLimit(LAYOUTS, (layout) => compose(view, state, layout));
  while (body.length > BODY_LIMIT && state.audit.length > 0) {
    state.audit.splice(0, Math.ceil(state.audit.length / 10));
    body = compose(view, state, LAYOUTS[LAYOUTS.length - 1]!);
  }
  return body;
}

/** Short text for `/status` replies. */
export function renderStatusSummary(view: TrainView): string {
  const all = [...view.preconditions, ...view.phases.flatMap((p) => p.steps)];
  const open = all.filter((i) => i.status !== "done" && i.status !== "skipped").slice(0, 5);
  return [
    `**${view.tag}** — ${view.headline}`,
    "",
    `Preconditions ${doneCount(view.preconditions)} · ${view.phases.map((p) => `Phase ${p.id} ${doneCount(p.steps)}`).join(" · ")}`,
    "",
    "Next up:",
    ...open.map(
      (i) =>
        `- ${i.id} ${i.title} (${[STATUS_WORD[i.status] || "pending", i.progress ? `${i.progress.done}/${i.progress.total}` : ""].filter(Boolean).join(" ")})`,
    ),
  ].join("\n");
}
