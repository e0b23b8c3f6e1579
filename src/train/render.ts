// The tracking issue body: a rendering of the view plus the hidden state. Pure.
import type { TrainState } from "./model/train-state.js";
import type { ChecklistItem, ItemStatus, TrainView } from "./model/train-view.js";
import { currentItems, nowView, type Ask } from "./now.js";
import { cell, releaseGraph, stageMatrix, summaryMatrix } from "./render-repos.js";
import { branchRulesSection } from "./render-rules.js";
import { outsideDependencies, outsideSection } from "./render-subset.js";
import { picksSection } from "./picks/picks-section.js";
import { commentMarker, encodeState } from "./state.js";

/** GitHub rejects issue bodies over 65,536 characters; keep a margin. */
export const BODY_LIMIT = 65_000;

/** A status in words: the checkbox already says "done", and counts stay free of emoji. */
const STATUS_WORD: Record<ItemStatus, string> = {
  pending: "",
  running: "running",
  done: "",
  failed: "**failed**",
  skipped: "skipped",
  blocked: "**blocked**",
};

const when = (iso: string): string => `${iso.slice(0, 16).replace("T", " ")} UTC`;

function itemLine(item: ChecklistItem): string {
  const box = item.status === "done" ? "x" : " ";
  const who = item.kind === "manual" ? `👤 ${item.owner}` : item.owner;
  const status = [STATUS_WORD[item.status], item.progress ? `${item.progress.done}/${item.progress.total}` : ""]
    .filter(Boolean)
    .join(" ");
  const closedIssue = item.tick?.via?.startsWith("issue:") ? item.tick.via.slice("issue:".length) : null;
  const tick = item.tick
    ? closedIssue
      ? ` — #${closedIssue} closed, ${when(item.tick.at)}`
      : ` — by @${item.tick.by}, ${when(item.tick.at)}`
    : "";
  const detail = item.detail ? ` — ${cell(item.detail)}` : "";
  return `- [${box}] **${item.id}** ${item.title} — ${who}${status ? ` · ${status}` : ""}${tick}${detail}`;
}

const isDone = (i: ChecklistItem) => i.status === "done" || i.status === "skipped";
const doneCount = (items: ChecklistItem[]): string => `${items.filter(isDone).length}/${items.length}`;

function minutes(from: string | undefined, to: string | undefined): string {
  if (!from || !to) return "";
  const m = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** When the last of these items was done (reached or ticked). */
function finishedAt(items: ChecklistItem[], state: TrainState): string | undefined {
  return items
    .map((i) => state.reached[i.id] ?? i.tick?.at)
    .filter((t): t is string => Boolean(t))
    .sort()
    .at(-1);
}

/**
 * A checklist as a foldable block: finished ones collapse to one line with their
 * duration, the current one is open, later ones are one line each.
 */
function foldedList(
  title: string,
  items: ChecklistItem[],
  fold: "done" | "current" | "later",
  duration: string,
): string[] {
  const summary =
    fold === "done"
      ? `<b>${title}</b> — done${duration ? ` in ${duration}` : ""}`
      : fold === "current"
        ? `<b>${title}</b> — ${doneCount(items)} done`
        : `${title} — not started`;
  return [
    "",
    `<details${fold === "current" ? " open" : ""}><summary>${summary}</summary>`,
    "",
    ...items.map(itemLine),
    "",
    "</details>",
  ];
}

function checklist(view: TrainView, state: TrainState): string[] {
  const current = currentItems(view).items;
  const foldOf = (items: ChecklistItem[]): "done" | "current" | "later" =>
    items === current && !view.finished
      ? "current"
      : items.every(isDone)
        ? "done"
        : items.some((i) => i.status !== "pending")
          ? "current"
          : "later";
  const parts = foldedList(
    "Preconditions",
    view.preconditions,
    foldOf(view.preconditions),
    minutes(state.startedAt, state.reached.preconditions),
  );
  let previousEnd = state.reached.preconditions;
  for (const phase of view.phases) {
    const end = finishedAt(phase.steps, state);
    parts.push(
      ...foldedList(`Phase ${phase.id}: ${phase.title}`, phase.steps, foldOf(phase.steps), minutes(previousEnd, end)),
    );
    previousEnd = end ?? previousEnd;
  }
  return parts;
}

/** One line per person or team, with every command they are asked for. */
function askLines(asks: Ask[]): string[] {
  const byWho = new Map<string, Ask[]>();
  for (const ask of asks) byWho.set(ask.who, [...(byWho.get(ask.who) ?? []), ask]);
  const lines = [...byWho].map(
    ([who, list]) =>
      `- **${cell(who)}:** ${list.map((a) => `\`${a.command}\``).join(", ")}${list.length === 1 ? ` — ${cell(list[0]!.why)}` : ""}`,
  );
  return lines.length > 8
    ? [...lines.slice(0, 7), `- … and ${lines.length - 7} more: see the open steps below`]
    : lines;
}

function nowSection(view: TrainView): string[] {
  const now = nowView(view);
  const lines = [
    ...now.running.slice(0, 4).map((r) => `- **Running:** ${cell(r)}`),
    ...now.blocked.slice(0, 3).map((b) => `- **Blocked:** ${cell(b)}`),
    ...(now.blocked.length > 3 ? [`- … and ${now.blocked.length - 3} more below`] : []),
    ...askLines(now.asks),
    ...(now.running.length + now.blocked.length + now.asks.length === 0 ? ["- Nothing is running."] : []),
    `- **Next:** ${cell(now.next)}`,
  ];
  return ["", "### Now", "", ...lines];
}

function signoffSection(view: TrainView, state: TrainState): string[] {
  if (view.signoffs.length === 0) return [];
  const rows = view.signoffs.map(
    (s) =>
      `| ${s.team} | ${cell(s.reasons.join("; "))} | ${s.signedBy ? `✅ @${s.signedBy}, ${when(s.at!)}` : `⬜ waiting for ${s.leads.join(" ")}`} |`,
  );
  const open = view.currentPhase === 2 && !view.finished;
  const signed = view.signoffs.filter((s) => s.signedBy).length;
  const summary = `Sign-offs (2.4) — ${signed}/${view.signoffs.length}${state.approval ? ` · approved by @${state.approval.by}` : ""}`;
  return [
    "",
    `<details${open ? " open" : ""}><summary>${summary}</summary>`,
    "",
    "| Team | For | Signed |",
    "|---|---|---|",
    ...rows,
    "",
    "</details>",
  ];
}

function rollbackSection(view: TrainView): string[] {
  if (!view.rollback) return [];
  const title = view.rollback.mode === "extended" ? "Extended rollback" : "Immediate rollback";
  return [
    "",
    `### ↩️ ${title} — ${doneCount(view.rollback.steps)} done`,
    "",
    `**Why:** ${cell(view.rollback.reason)} · ${view.rollback.summary}`,
    "",
    ...view.rollback.steps.map(itemLine),
  ];
}

function postconditionSection(view: TrainView): string[] {
  if (view.postconditions.length === 0 || view.postconditions.every((p) => p.status !== "done")) return [];
  const done = view.postconditions.every(isDone);
  return [
    "",
    `<details${done ? "" : " open"}><summary><b>Postconditions</b> — ${doneCount(view.postconditions)} met</summary>`,
    "",
    ...view.postconditions.map(itemLine),
    "",
    "</details>",
  ];
}

/** Independent versioning: previous → next per repository, why, and the dependency updates of its release commit. */
function versionSection(view: TrainView, compact: boolean): string[] {
  if (!view.versions) return [];
  const released = view.versions.filter((v) => v.nextTag !== null).length;
  const rows = view.versions.map((v) => {
    const next = v.nextTag ?? "— not released";
    const deps = [...v.dependencies, ...(v.lockfileRefresh ? ["package-lock.json: refresh in CI"] : [])];
    const reason = compact ? "" : ` ${cell(v.reason)} |`;
    return `| ${v.name} | ${v.previousTag ?? "—"} → ${next} |${reason} ${cell(deps.join("; ")) || "—"} |`;
  });
  const warnings = view.versions.flatMap((v) => v.warnings.map((w) => `- ⚠️ ${v.name}: ${cell(w)}`));
  return [
    "",
    `<details open><summary><b>Versions</b> — ${released} of ${view.versions.length} repositories released, each with its own version</summary>`,
    "",
    compact ? "| Repository | Version | Dependency updates |" : "| Repository | Version | Why | Dependency updates |",
    compact ? "|---|---|---|" : "|---|---|---|---|",
    ...rows,
    ...(warnings.length > 0 ? ["", ...warnings] : []),
    "",
    "</details>",
  ];
}

function complianceSection(view: TrainView): string[] {
  if (view.compliance.length === 0) return [];
  const lines = view.compliance.map((c) => `- \`${c.label}\` — ${c.repo}#${c.pr}`);
  return [
    "",
    "<details><summary>Compliance</summary>",
    "",
    "Pull requests in this train that carry a compliance label; each adds its team's sign-off.",
    "",
    ...lines,
    "",
    "</details>",
  ];
}

/** A command's echo ("/check 4.4 note") right after what it did, by the same person at the same time, reads as one event. */
function auditEvents(entries: TrainState["audit"]): Array<{ at: string; actor: string; text: string }> {
  const events: Array<{ at: string; actor: string; text: string }> = [];
  for (const entry of entries) {
    const last = events.at(-1);
    const echo =
      entry.text.startsWith("/") &&
      last &&
      last.actor === entry.actor &&
      last.at === entry.at &&
      !last.text.startsWith("/") &&
      !last.text.includes("`/");
    if (echo) last.text = `${last.text.replace(/ with \/\w+$/, "")} (\`${entry.text}\`)`;
    else events.push({ ...entry });
  }
  return events;
}

function auditLog(state: TrainState, limit: number): string {
  const events = auditEvents(state.audit);
  const entries = events.slice(-limit).reverse();
  const lines = entries.map(
    (e) => `- ${when(e.at)} · ${e.actor === "release-train" ? "🤖" : `@${e.actor}`} · ${cell(e.text)}`,
  );
  const omitted = events.length - entries.length;
  return [
    `<details><summary>📝 Audit log (${events.length} events, newest first)</summary>`,
    "",
    ...lines,
    ...(omitted > 0 ? [`- … ${omitted} older events omitted`] : []),
    "",
    "</details>",
  ].join("\n");
}

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
