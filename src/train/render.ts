// The tracking issue body: a rendering of the view plus the hidden state. Pure.
import type { CellStatus, ChecklistItem, ItemStatus, RepoRow, TrainState, TrainView } from "./model.js";
import { encodeState } from "./state.js";

/** GitHub rejects issue bodies over 65,536 characters; keep a margin. */
export const BODY_LIMIT = 65_000;

const ITEM_ICON: Record<ItemStatus, string> = {
  pending: "⬜",
  running: "🔄",
  done: "✅",
  failed: "❌",
  skipped: "⏭️",
  blocked: "⛔",
};

const CELL_ICON: Record<CellStatus, string> = {
  none: "—",
  pending: "⬜",
  running: "🔄",
  ok: "✅",
  failed: "❌",
  skipped: "⏭️",
};

const when = (iso: string): string => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** Keeps user-provided text from breaking a table cell or closing our markup. */
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/<!--|-->/g, "");

function itemLine(item: ChecklistItem): string {
  const box = item.status === "done" ? "x" : " ";
  const who = item.kind === "manual" ? `👤 ${item.owner}` : item.owner;
  const progress = item.progress ? ` ${item.progress.done}/${item.progress.total}` : "";
  const closedIssue = item.tick?.via?.startsWith("issue:") ? item.tick.via.slice("issue:".length) : null;
  const tick = item.tick ? (closedIssue ? ` — #${closedIssue} closed, ${when(item.tick.at)}` : ` — by @${item.tick.by}, ${when(item.tick.at)}`) : "";
  const detail = item.detail ? ` — ${cell(item.detail)}` : "";
  return `- [${box}] **${item.id}** ${item.title} — ${who} · ${ITEM_ICON[item.status]}${progress}${tick}${detail}`;
}

const doneCount = (items: ChecklistItem[]): string =>
  `${items.filter((i) => i.status === "done" || i.status === "skipped").length}/${items.length} ✅`;

/** One status for a repository, for the graph. */
export function repoStatus(row: RepoRow): CellStatus {
  const environments = Object.values(row.environments);
  if (row.problems.length > 0 || row.checks.status === "failed" || row.pr.status === "failed" || environments.some((e) => e.status === "failed")) return "failed";
  // Once deployments start, a repository is done when production runs the release.
  if (row.environments.production.status === "ok") return "ok";
  if (environments.some((e) => e.status === "running" || e.status === "ok")) return "running";
  if (row.pr.status === "ok" && row.checks.status === "ok") return "ok";
  if (row.branch.status === "ok") return "running";
  return "pending";
}

/** Per-level counts plus the repositories that need attention, for huge constellations. */
function summaryMatrix(view: TrainView): string {
  const levels = [...new Set(view.repos.map((r) => r.level))].sort((a, b) => a - b);
  const statuses: CellStatus[] = ["ok", "running", "pending", "failed"];
  const rows = levels.map((level) => {
    const repos = view.repos.filter((r) => r.level === level);
    const counts = statuses.map((st) => `${CELL_ICON[st]} ${repos.filter((r) => repoStatus(r) === st).length}`).join(" · ");
    return `| ${level} | ${repos.length} | ${counts} |`;
  });
  const failing = view.repos.filter((r) => repoStatus(r) === "failed");
  const shown = failing.slice(0, 50).map((r) => `- ❌ ${r.name}${r.problems.length ? `: ${cell(r.problems.join("; "))}` : ""}`);
  return [
    "| Level | Repositories | Status |",
    "|---|---|---|",
    ...rows,
    ...(failing.length > 0 ? ["", "Needing attention:", ...shown, ...(failing.length > 50 ? [`- … and ${failing.length - 50} more`] : [])] : []),
  ].join("\n");
}

function matrix(view: TrainView, mode: RenderOptions["matrix"]): string {
  if (mode === "summary") return summaryMatrix(view);
  const compact = mode === "compact";
  const head = compact
    ? ["| Level | Repository | Status |", "|---|---|---|"]
    : ["| Level | Repository | Team | Previous | Version | Branch | PR | Checks | Sign-off | Staging | Canary | Production | Notes |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"];
  const rows = view.repos.map((r) => {
    if (compact) return `| ${r.level} | ${r.name} | ${CELL_ICON[repoStatus(r)]} |`;
    const pr = r.pr.number ? `[#${r.pr.number}](${r.pr.url}) ${CELL_ICON[r.pr.status]}` : CELL_ICON[r.pr.status];
    const checks = r.checks.total > 0 ? `${CELL_ICON[r.checks.status]} ${r.checks.passed}/${r.checks.total}` : CELL_ICON[r.checks.status];
    const branch = r.branch.oid ? `${CELL_ICON[r.branch.status]} \`${r.branch.oid.slice(0, 7)}\`` : CELL_ICON[r.branch.status];
    const env = (e: RepoRow["environments"]["staging"]) => (e.status === "none" ? "—" : `${CELL_ICON[e.status]} ${cell(e.text)}`);
    return `| ${r.level} | [${r.name}](${r.url}) | ${r.team} | ${r.previousTag ?? "—"} | ${view.tag} | ${branch} | ${pr} | ${checks} | ${CELL_ICON[r.signoff]} | ${env(r.environments.staging)} | ${env(r.environments.canary)} | ${env(r.environments.production)} | ${cell([...r.problems, ...r.warnings].join("; "))} |`;
  });
  return [...head, ...rows].join("\n");
}

const MERMAID_CLASS: Record<CellStatus, string> = {
  none: "pending",
  pending: "pending",
  running: "running",
  ok: "done",
  failed: "failed",
  skipped: "skipped",
};

function mermaid(view: TrainView): string {
  const ids = new Map(view.repos.map((r, i) => [r.fullName, `r${i}`] as const));
  const lines = ["```mermaid", "graph LR"];
  const levels = [...new Set(view.repos.map((r) => r.level))].sort((a, b) => a - b);
  for (const level of levels) {
    lines.push(`  subgraph L${level}["Level ${level}"]`);
    for (const r of view.repos.filter((x) => x.level === level)) lines.push(`    ${ids.get(r.fullName)}["${r.name.replace(/"/g, "'")}"]`);
    lines.push("  end");
  }
  for (const r of view.repos) for (const dep of r.dependsOn) if (ids.has(dep)) lines.push(`  ${ids.get(dep)} --> ${ids.get(r.fullName)}`);
  lines.push(
    "  classDef pending fill:#eaeef2,stroke:#8c959f,color:#24292f",
    "  classDef running fill:#fff8c5,stroke:#bf8700,color:#24292f",
    "  classDef done fill:#dafbe1,stroke:#1a7f37,color:#24292f",
    "  classDef failed fill:#ffebe9,stroke:#cf222e,color:#24292f",
    "  classDef skipped fill:#f6f8fa,stroke:#d0d7de,color:#57606a",
  );
  const byClass = new Map<string, string[]>();
  for (const r of view.repos) {
    const cls = MERMAID_CLASS[repoStatus(r)];
    byClass.set(cls, [...(byClass.get(cls) ?? []), ids.get(r.fullName)!]);
  }
  for (const [cls, members] of byClass) lines.push(`  class ${members.join(",")} ${cls}`);
  lines.push("```");
  return lines.join("\n");
}

function signoffSection(view: TrainView): string[] {
  if (view.signoffs.length === 0) return [];
  const rows = view.signoffs.map((s) => `| ${s.team} | ${cell(s.reasons.join("; "))} | ${s.signedBy ? `✅ @${s.signedBy}, ${when(s.at!)}` : "⬜ waiting"} |`);
  return ["", "## ✍️ Sign-offs (2.4)", "", "| Team | For | Signed |", "|---|---|---|", ...rows];
}

function rollbackSection(view: TrainView): string[] {
  if (!view.rollback) return [];
  const title = view.rollback.mode === "extended" ? "Extended rollback" : "Immediate rollback";
  return ["", `## ↩️ ${title}`, "", `**Why:** ${cell(view.rollback.reason)} · ${view.rollback.summary}`, "", ...view.rollback.steps.map(itemLine)];
}

function postconditionSection(view: TrainView): string[] {
  if (view.postconditions.length === 0 || view.postconditions.every((p) => p.status !== "done")) return [];
  return ["", `## 🏁 Postconditions — ${doneCount(view.postconditions)}`, "", ...view.postconditions.map(itemLine)];
}

function complianceSection(view: TrainView): string[] {
  if (view.compliance.length === 0) return [];
  const lines = view.compliance.map((c) => `- \`${c.label}\` — ${c.repo}#${c.pr}`);
  return ["", "## ⚖️ Compliance", "", "Pull requests in this train that carry a compliance label; each adds its team's sign-off above.", "", ...lines];
}

function auditLog(state: TrainState, limit: number): string {
  const entries = state.audit.slice(-limit).reverse();
  const lines = entries.map((e) => `- ${when(e.at)} · ${e.actor === "release-train" ? "🤖" : `@${e.actor}`} · ${cell(e.text)}`);
  const omitted = state.audit.length - entries.length;
  return [
    `<details><summary>📝 Audit log (${state.audit.length} entries, newest first)</summary>`,
    "",
    ...lines,
    ...(omitted > 0 ? [`- … ${omitted} older entries omitted`] : []),
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
  const parts = [
    `# 🚂 Release train ${view.tag}`,
    "",
    `**${view.headline}** · started ${when(state.startedAt)} · branch \`${view.branch}\` · ${view.repos.length} repositories`,
    "",
    "> Managed by release-train. Comment `/help` for commands. Manual steps (👤) may be ticked by their owners; everything else follows GitHub and updates itself.",
  ];
  if (view.problems.length > 0) parts.push("", "> [!WARNING]", ...view.problems.map((p) => `> ${cell(p)}`));
  const intro = state.intro.replace(/<!--|-->/g, "").slice(0, options.introLimit);
  if (intro.trim()) parts.push("", "<details><summary>Description</summary>", "", intro, "", "</details>");
  parts.push(...rollbackSection(view));
  parts.push("", `## 📋 Preconditions — ${doneCount(view.preconditions)}`, "", ...view.preconditions.map(itemLine));
  for (const phase of view.phases) {
    parts.push("", `### Phase ${phase.id}: ${phase.title} ${phase.emoji} — ${doneCount(phase.steps)}`, "", ...phase.steps.map(itemLine));
  }
  parts.push(...postconditionSection(view), ...signoffSection(view), ...complianceSection(view));
  parts.push("", `## 📦 Repositories`, "", matrix(view, options.matrix));
  parts.push("", "## 📊 Release order", "");
  parts.push(options.graph ? mermaid(view) : `_The graph is left out: ${view.repos.length} repositories make it too large for one issue body._`);
  parts.push("", auditLog(state, options.auditLimit), "", encodeState(state), "");
  return parts.join("\n");
}

/**
 * Renders the body, degrading gracefully (smaller audit log, no graph, compact
 * matrix) to stay under GitHub's size limit for very large constellations.
 */
export function renderBody(view: TrainView, state: TrainState): string {
  const attempts: RenderOptions[] = [
    { graph: true, matrix: "full", auditLimit: 50, introLimit: 4000 },
    { graph: true, matrix: "full", auditLimit: 10, introLimit: 1000 },
    { graph: false, matrix: "full", auditLimit: 10, introLimit: 1000 },
    { graph: false, matrix: "compact", auditLimit: 5, introLimit: 500 },
    { graph: false, matrix: "summary", auditLimit: 5, introLimit: 500 },
  ];
  let body = "";
  for (const options of attempts) {
    body = compose(view, state, options);
    if (body.length <= BODY_LIMIT) return body;
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
    ...open.map((i) => `- ${i.id} ${i.title} (${ITEM_ICON[i.status]}${i.progress ? ` ${i.progress.done}/${i.progress.total}` : ""})`),
  ].join("\n");
}
