/** The tracking issue's sections around the checklist: now, sign-offs, rollback, postconditions, versions, compliance. */
import type { TrainState } from "./model/train-state.js";
import type { TrainView } from "./model/train-view.js";
import { type Ask, nowView } from "./now.js";
import { cell } from "./render-repos.js";
import { doneCount, isDone, itemLine, when } from "./render-checklist.js";

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

export function nowSection(view: TrainView): string[] {
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

export function signoffSection(view: TrainView, state: TrainState): string[] {
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

export function rollbackSection(view: TrainView): string[] {
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

export function postconditionSection(view: TrainView): string[] {
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
export function versionSection(view: TrainView, compact: boolean): string[] {
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

export function complianceSection(view: TrainView): string[] {
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
