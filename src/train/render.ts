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

/** One argument's result, computed once. */
function once<A, R>(make: (arg: A) => R): (arg: A) => R {
  const made = new Map<A, R>();
  return (arg) => {
    if (!made.has(arg)) made.set(arg, make(arg));
    return made.get(arg)!;
  };
}

/** From the title to the sign-offs: what every layout shows in full. */
function headLines(view: TrainView, state: TrainState): string[] {
  const now = nowView(view);
  return [
    // The key of an issue the app opened (a successor train's) stays first: the train that opened it finds it by it.
    ...(state.openedAs ? [commentMarker(state.openedAs)] : []),
    `# 🚂 Release train ${view.tag}`,
    "",
    `**${view.headline}** · ${now.health} · started ${when(state.startedAt)} · \`${view.branch}\` · ${view.repos.length} repositories`,
    ...nowSection(view),
    ...rollbackSection(view),
    ...(view.problems.length > 0 ? ["", "> [!WARNING]", ...view.problems.map((p) => `> ${cell(p)}`)] : []),
    ...checklist(view, state),
    ...postconditionSection(view),
    ...signoffSection(view, state),
  ];
}

/** After the matrix: repositories outside the train, the picks, and the release order's heading. */
function outsideLines(view: TrainView, state: TrainState): string[] {
  return [
    ...outsideSection(view, state),
    ...picksSection(
      state,
      view.branch,
      (repo) => view.repos.find((r) => r.fullName === repo)?.url ?? `https://github.com/${repo}`,
    ),
    "",
    "### Release order",
    "",
  ];
}

/**
 * The body for each layout. The parts a layout does not change are composed once, so
 * trying the layouts from the fullest down costs little more than one rendering.
 */
function composer(view: TrainView, state: TrainState): (options: RenderOptions) => string {
  const head = headLines(view, state);
  const rules = once((compact: boolean) => [
    ...branchRulesSection(view, compact),
    ...complianceSection(view),
    ...versionSection(view, compact),
  ]);
  const matrix = once((kind: RenderOptions["matrix"]) =>
    kind === "summary" ? summaryMatrix(view) : stageMatrix(view, kind === "compact"),
  );
  const outside = outsideLines(view, state);
  const graph = once((shown: boolean) => [
    shown
      ? releaseGraph(view)
      : `_The graph is left out: ${view.repos.length} repositories make it too large for one issue body._`,
    ...outsideDependencies(view),
  ]);
  const intro = once((limit: number) => {
    const text = state.intro.replace(/<!--|-->/g, "").slice(0, limit);
    return text.trim() ? ["", "<details><summary>Description</summary>", "", text, "", "</details>"] : [];
  });
  const audit = once((limit: number) => auditLog(state, limit));
  const tail = [
    "",
    "<sub>Managed by release-train. Comment `/help` for commands. Manual steps (👤) may be ticked by their owners; everything else follows GitHub and updates itself.</sub>",
    "",
    encodeState(state),
    "",
  ];
  return (options) =>
    [
      ...head,
      ...rules(options.matrix !== "full"),
      "",
      "### Repositories",
      "",
      matrix(options.matrix),
      ...outside,
      ...graph(options.graph),
      ...intro(options.introLimit),
      "",
      audit(options.auditLimit),
      ...tail,
    ].join("\n");
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
  let body = fitToLimit(LAYOUTS, composer(view, state));
  while (body.length > BODY_LIMIT && state.audit.length > 0) {
    state.audit.splice(0, Math.ceil(state.audit.length / 10));
    body = composer(view, state)(LAYOUTS[LAYOUTS.length - 1]!);
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
