/** The tracking issue's audit log: the newest entries, a command's echo folded into what it did. */
import type { TrainState } from "./model/train-state.js";
import { cell } from "./render-repos.js";
import { when } from "./render-checklist.js";

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

export function auditLog(state: TrainState, limit: number): string {
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
