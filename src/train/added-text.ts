// Text people add to the tracking issue outside its managed sections (a note above the
// heading, a line below the footer) would vanish at the next rendering: it is moved into the
// Description instead, with a reply saying so. An edit of the Description itself is
// taken as the new Description. Each edit is read against the revision its editor
// started from (trust.ts), so text that was already there is not taken again. Pure.
import { addedTextReplyKey } from "./interactions/replies.js";
import type { BodyEdit } from "./model/issue-observation.js";
import type { TrainState } from "./model/train-state.js";
import { commentMarker, stateBlockOf, wasRendered } from "./state.js";

/** As `initialState` keeps it; text beyond it is not taken (the reply says so). */
export const DESCRIPTION_LIMIT = 4000;

const DESCRIPTION_RE = /<details><summary>Description<\/summary>\n\n([\s\S]*?)\n\n<\/details>/;
const HEADING = /^# 🚂 Release train v/;
const FOOTER = /^<sub>Managed by release-train\./;

function descriptionOf(body: string): string | null {
  return DESCRIPTION_RE.exec(body)?.[1] ?? null;
}

/**
 * The lines outside the managed sections: above the heading and below the footer (the
 * state block left out). Everything between is release-train's rendering, rewritten
 * each time (ticks in it are read as ticks).
 */
function outsideLines(body: string): string[] {
  const block = stateBlockOf(body);
  const lines = (block ? body.replace(block, "") : body).split("\n");
  const top = lines.findIndex((l) => HEADING.test(l));
  const bottom = lines.findIndex((l) => FOOTER.test(l));
  if (top < 0 || bottom < top) return [];
  return [...lines.slice(0, top), ...lines.slice(bottom + 1)];
}

/** Lines outside the managed sections that `after` has and `before` does not, in order (blank ones left out). */
function addedLines(before: string, after: string): string[] {
  const had = new Map<string, number>();
  for (const line of outsideLines(before)) had.set(line, (had.get(line) ?? 0) + 1);
  const added: string[] = [];
  for (const line of outsideLines(after)) {
    const left = had.get(line) ?? 0;
    if (left > 0) had.set(line, left - 1);
    else if (line.trim()) added.push(line);
  }
  return added;
}

export interface AddedText {
  /** The comments to post (a reply per edit that added text). */
  replies: Array<{ key: string; body: string }>;
}

/** Applies people's added text and Description edits to `state.intro`; returns the replies. */
export function keepAddedText(
  edits: readonly BodyEdit[],
  state: TrainState,
  audit: (actor: string, text: string) => void,
): AddedText {
  const replies: AddedText["replies"] = [];
  for (const edit of edits) {
    if (!wasRendered(edit.before)) continue;
    const was = descriptionOf(edit.before);
    const now = descriptionOf(edit.after);
    if (now !== null && now !== was) {
      state.intro = now.slice(0, DESCRIPTION_LIMIT);
      audit(edit.editor, "edited the description");
    }
    const added = addedLines(edit.before, edit.after);
    if (added.length === 0) continue;
    const text = added.join("\n").replace(/<!--|-->/g, "");
    const joined = state.intro.trim() ? `${state.intro}\n\n${text}` : text;
    const kept = joined.length <= DESCRIPTION_LIMIT;
    if (kept) {
      state.intro = joined;
      audit(
        edit.editor,
        `added ${added.length === 1 ? "a line" : `${added.length} lines`} to the tracking issue: moved into the description`,
      );
    }
    const key = addedTextReplyKey(edit.editor, edit.at, edit.after);
    const answer = kept
      ? `the text you added to this issue was moved into its **Description** (release-train rewrites the rest of the body):\n\n${added.map((l) => `> ${l}`).join("\n")}\n\nEdit the Description to change it.`
      : `the text you added to this issue is not kept: the Description would grow beyond ${DESCRIPTION_LIMIT.toLocaleString("en-US")} characters. It is still in the issue's edit history; post it as a comment instead.`;
    replies.push({ key, body: `${commentMarker(key)}\n@${edit.editor} ${answer}` });
  }
  return { replies };
}
