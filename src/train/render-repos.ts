// The repositories on the tracking issue: one state per repository for the stage the
// train is in, the matrix (only that stage's columns, so it fits GitHub's issue column)
// and the release-order graph coloured by the same state. Pure.
import type { CellStatus, RepoRow, TrainView } from "./model/train-view.js";

/** What the train is doing with the repositories, which picks the matrix's columns. */
export type Stage = "preparation" | "validation" | "staging" | "production" | "finalization";

/** A repository's state in the current stage; the graph's node classes are these names. */
export type NodeState = "pending" | "running" | "done" | "failed" | "rolledback";

export const NODE_STATES: NodeState[] = ["pending", "running", "done", "failed", "rolledback"];

export function stageOf(view: TrainView): Stage {
  if (view.finished) return "finalization";
  if (view.rollback || view.currentPhase === 5 || view.currentPhase === 6) return "production";
  if (view.preconditions.some((p) => p.status !== "done") || view.currentPhase === 1) return "preparation";
  if (view.currentPhase === 2) return "validation";
  return view.currentPhase === 7 ? "finalization" : "staging";
}

const fromCell = (status: CellStatus): NodeState =>
  status === "ok" ? "done" : status === "failed" ? "failed" : status === "running" ? "running" : "pending";

export function nodeState(row: RepoRow, stage: Stage): NodeState {
  const env = row.environments;
  if (row.rolledBack !== "none") return row.rolledBack === "ok" ? "rolledback" : fromCell(row.rolledBack);
  if (row.problems.length > 0) return "failed";
  switch (stage) {
    case "preparation":
      return row.pr.status === "ok"
        ? "done"
        : row.pr.status === "failed"
          ? "failed"
          : row.branch.status === "ok"
            ? "running"
            : "pending";
    case "validation":
      if (row.checks.status === "failed" || row.pr.status === "failed") return "failed";
      if (row.checks.status === "ok") return row.signoff === "pending" ? "running" : "done";
      // Pending until GitHub reports a first check on the release PR's head.
      return row.checks.status === "running" ? "running" : "pending";
    case "staging":
      return env.staging.status === "skipped" ? "done" : fromCell(env.staging.status);
    case "production":
      if (env.production.status === "skipped") return "done";
      if (env.production.status === "ok" || env.production.status === "failed") return fromCell(env.production.status);
      if (env.canary.status === "failed") return "failed";
      return env.canary.status === "running" || env.canary.status === "ok" || env.production.status === "running"
        ? "running"
        : "pending";
    case "finalization": {
      const cells = Object.values(row.final);
      return cells.every((c) => c === "ok")
        ? "done"
        : cells.some((c) => c === "ok" || c === "running")
          ? "running"
          : "pending";
    }
  }
}

const CELL_ICON: Record<CellStatus, string> = {
  none: "—",
  pending: "⬜",
  running: "🔄",
  ok: "✅",
  failed: "❌",
  skipped: "⏭️",
};
const NODE_WORD: Record<NodeState, string> = {
  pending: "pending",
  running: "running",
  done: "done",
  failed: "failed",
  rolledback: "rolled back",
};

/** Keeps user-provided text from breaking a table cell or closing our markup. */
export const cell = (text: string): string =>
  text
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ")
    .replace(/<!--|-->/g, "");

type Column = { title: string; value: (r: RepoRow) => string };

const env = (e: RepoRow["environments"]["staging"]) =>
  e.status === "none" ? "—" : `${CELL_ICON[e.status]} ${cell(e.text)}`;
const STAGE_COLUMNS: Record<Stage, Column[]> = {
  preparation: [
    { title: "Previous", value: (r) => r.previousTag ?? "—" },
    {
      title: "Branch",
      value: (r) =>
        r.branch.oid ? `${CELL_ICON[r.branch.status]} \`${r.branch.oid.slice(0, 7)}\`` : CELL_ICON[r.branch.status],
    },
    {
      title: "PR",
      value: (r) => (r.pr.number ? `${CELL_ICON[r.pr.status]} [#${r.pr.number}](${r.pr.url})` : CELL_ICON[r.pr.status]),
    },
    { title: "Checks", value: (r) => checks(r) },
  ],
  validation: [
    { title: "PR", value: (r) => (r.pr.number ? `[#${r.pr.number}](${r.pr.url})` : CELL_ICON[r.pr.status]) },
    { title: "Checks", value: (r) => checks(r) },
    { title: "Sign-off", value: (r) => CELL_ICON[r.signoff] },
  ],
  staging: [
    { title: "Staging", value: (r) => env(r.environments.staging) },
    { title: "Canary", value: (r) => env(r.environments.canary) },
    { title: "Production", value: (r) => env(r.environments.production) },
  ],
  production: [
    { title: "Staging", value: (r) => env(r.environments.staging) },
    { title: "Canary", value: (r) => env(r.environments.canary) },
    { title: "Production", value: (r) => env(r.environments.production) },
  ],
  finalization: [
    { title: "Merged", value: (r) => CELL_ICON[r.final.merged] },
    { title: "Tagged", value: (r) => CELL_ICON[r.final.tagged] },
    { title: "Released", value: (r) => CELL_ICON[r.final.released] },
  ],
};

const CHECKS_WORD: Record<CellStatus, string> = {
  none: "",
  pending: " not started",
  running: " running",
  ok: "",
  failed: " failing",
  skipped: " skipped",
};

/** Checks as a count in words ("3/3", "2/3 failing"): icons stay out of counts. */
function checks(r: RepoRow): string {
  if (r.checks.total === 0) return CELL_ICON[r.checks.status];
  return `${r.checks.passed}/${r.checks.total}${CHECKS_WORD[r.checks.status]}`;
}

/** The matrix for the stage: level, repository, team and at most four stage columns, then the notes. */
export function stageMatrix(view: TrainView, compact: boolean): string {
  const stage = stageOf(view);
  if (compact) {
    return [
      "| Level | Repository | State |",
      "|---|---|---|",
      ...view.repos.map((r) => `| ${r.level} | ${r.name} | ${NODE_WORD[nodeState(r, stage)]} |`),
    ].join("\n");
  }
  const columns = STAGE_COLUMNS[stage];
  const head = `| Level | Repository | Team | ${columns.map((c) => c.title).join(" | ")} |`;
  const rows = view.repos.map(
    (r) => `| ${r.level} | [${r.name}](${r.url}) | ${r.team} | ${columns.map((c) => c.value(r)).join(" | ")} |`,
  );
  const notes = view.repos
    .filter((r) => r.problems.length + r.warnings.length > 0)
    .map((r) => `- **${r.name}**: ${cell([...r.problems, ...r.warnings].join("; "))}`);
  return [
    head,
    `|${"---|".repeat(columns.length + 3)}`,
    ...rows,
    ...(notes.length > 0 ? ["", "Notes:", "", ...notes] : []),
  ].join("\n");
}

/** Per-level counts plus the repositories that need attention, for huge constellations. */
export function summaryMatrix(view: TrainView): string {
  const stage = stageOf(view);
  const levels = [...new Set(view.repos.map((r) => r.level))].sort((a, b) => a - b);
  const rows = levels.map((level) => {
    const repos = view.repos.filter((r) => r.level === level);
    const counts = NODE_STATES.map((st) => [st, repos.filter((r) => nodeState(r, stage) === st).length] as const)
      .filter(([, n]) => n > 0)
      .map(([st, n]) => `${n} ${NODE_WORD[st]}`)
      .join(", ");
    return `| ${level} | ${repos.length} | ${counts} |`;
  });
  const failing = view.repos.filter((r) => nodeState(r, stage) === "failed");
  const shown = failing
    .slice(0, 50)
    .map((r) => `- ${r.name}${r.problems.length ? `: ${cell(r.problems.join("; "))}` : ""}`);
  return [
    "| Level | Repositories | State |",
    "|---|---|---|",
    ...rows,
    ...(failing.length > 0
      ? ["", "Needing attention:", ...shown, ...(failing.length > 50 ? [`- … and ${failing.length - 50} more`] : [])]
      : []),
  ].join("\n");
}

/** The longest `word-` prefix every name shares, left out of the graph's labels so they stay readable. */
export function sharedPrefix(names: string[]): string {
  if (names.length < 2) return "";
  let prefix = names[0]!;
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf("-");
  return cut > 0 && names.every((n) => n.length > cut + 1) ? prefix.slice(0, cut + 1) : "";
}

const NODE_STYLE: Record<NodeState, string> = {
  pending: "fill:#f6f8fa,stroke:#8c959f,color:#24292f",
  running: "fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#24292f",
  done: "fill:#dafbe1,stroke:#1a7f37,color:#24292f",
  failed: "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#24292f",
  rolledback: "fill:#fbefff,stroke:#8250df,stroke-width:2px,color:#24292f",
};
const LEGEND_SWATCH: Record<NodeState, string> = {
  pending: "⬜",
  running: "🟨",
  done: "🟩",
  failed: "🟥",
  rolledback: "🟪",
};

/**
 * Tighter spacing than mermaid's defaults, so the playbook's five levels fit GitHub's
 * 880 px column without the diagram being scaled down to unreadable labels.
 */
export const GRAPH_LAYOUT =
  '%%{init: {"flowchart": {"rankSpacing": 20, "nodeSpacing": 20, "padding": 8, "diagramPadding": 4}}}%%';

/**
 * Levels left to right, each a column of its repositories; one edge from a level to the
 * next (a level waits for the whole level before it), so edges never cross. A level's
 * repositories have no edges among them, so they stack into a column only when the level
 * is laid out left to right too (top to bottom would put them in a row, and the diagram
 * would be as wide as all the repositories together).
 */
export function releaseGraph(view: TrainView): string {
  const stage = stageOf(view);
  const prefix = sharedPrefix(view.repos.map((r) => r.name));
  const ids = new Map(view.repos.map((r, i) => [r.fullName, `r${i}`] as const));
  const levels = [...new Set(view.repos.map((r) => r.level))].sort((a, b) => a - b);
  const lines = ["```mermaid", GRAPH_LAYOUT, "flowchart LR"];
  for (const level of levels) {
    lines.push(`  subgraph L${level}["Level ${level}"]`, "    direction LR");
    for (const r of view.repos.filter((x) => x.level === level))
      lines.push(`    ${ids.get(r.fullName)}["${r.name.slice(prefix.length).replace(/"/g, "'")}"]`);
    lines.push("  end");
  }
  for (let i = 1; i < levels.length; i += 1) lines.push(`  L${levels[i - 1]} --> L${levels[i]}`);
  for (const state of NODE_STATES) lines.push(`  classDef ${state} ${NODE_STYLE[state]}`);
  for (const level of levels) lines.push(`  style L${level} fill:#ffffff,stroke:#d0d7de`);
  const byState = new Map<NodeState, string[]>();
  for (const r of view.repos) {
    const state = nodeState(r, stage);
    byState.set(state, [...(byState.get(state) ?? []), ids.get(r.fullName)!]);
  }
  for (const [state, members] of byState) lines.push(`  class ${members.join(",")} ${state}`);
  lines.push("```");
  const legend = NODE_STATES.map((s) => `${LEGEND_SWATCH[s]} ${NODE_WORD[s]}`).join(" · ");
  const names = prefix ? ` · names without \`${prefix}\`` : "";
  return [...lines, "", `<sub>${STAGE_WORD[stage]}: ${legend}${names}</sub>`].join("\n");
}

const STAGE_WORD: Record<Stage, string> = {
  preparation: "Release preparation",
  validation: "Validation",
  staging: "Staging",
  production: "Production",
  finalization: "Finalization",
};
