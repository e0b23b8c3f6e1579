/** The tracking issue's checklist: each item's line, and the phases folded as the train moves on. */
import type { TrainState } from "./model/train-state.js";
import type { ChecklistItem, ItemStatus, TrainView } from "./model/train-view.js";
import { currentItems } from "./now.js";
import { cell } from "./render-repos.js";

/** A status in words: the checkbox already says "done", and counts stay free of emoji. */
export const STATUS_WORD: Record<ItemStatus, string> = {
  pending: "",
  running: "running",
  done: "",
  failed: "**failed**",
  skipped: "skipped",
  blocked: "**blocked**",
};

export const when = (iso: string): string => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export function itemLine(item: ChecklistItem): string {
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

export const isDone = (i: ChecklistItem) => i.status === "done" || i.status === "skipped";
export const doneCount = (items: ChecklistItem[]): string => `${items.filter(isDone).length}/${items.length}`;

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

export function checklist(view: TrainView, state: TrainState): string[] {
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
