/** Replies on the tracking issue: their keys (what they answer) and their text (the line quoted, safely). */
import { createHash } from "node:crypto";
import type { InteractionContext } from "../commands/context.js";
import { describeCharacter } from "../commands/parse.js";
import type { CommentObservation } from "../model/issue-observation.js";
import { commentMarker } from "../state.js";
import { owe } from "./owed-writes.js";

/** Comments are capped by GitHub at 65,536 characters; replies stay well below. */
const REPLY_LIMIT = 60_000;
const QUOTE_LIMIT = 200;

/** A command line as the reply quotes it: hidden characters shown, mentions defused, clipped. */
function quoteLine(line: string): string {
  const shown = [...line]
    .map((ch) =>
      /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/.test(ch)
        ? `<${describeCharacter(ch).split(" ")[0]}>`
        : ch,
    )
    .join("")
    .replace(/@/g, "@\u200b");
  return shown.length > QUOTE_LIMIT ? `${shown.slice(0, QUOTE_LIMIT - 1)}…` : shown;
}

/**
 * Replies are keyed by what they answer, not by when: GitHub's timestamps have one-second
 * resolution, so two edits in the same second share a time but not their text. The time
 * is part of the digest too, so the same text written again later is answered again.
 */
const digestOf = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 16);

/** The key of the reply to one version of a command comment. */
export const replyKey = (comment: CommentObservation) =>
  `reply-${comment.id}-${digestOf(comment.updatedAt, comment.body)}`;

/** The key of the reply to one edit of the checklist. */
export const tickReplyKey = (editor: string, editedAt: string, body: string) =>
  `tick-${digestOf(editor, editedAt, body)}`;

/** The key of the reply to one edit that added text outside the managed sections. */
export const addedTextReplyKey = (editor: string, editedAt: string, body: string) =>
  `text-${digestOf(editor, editedAt, body)}`;

/** Replies to a command comment: a refusal reads "@who reason"; a longer answer starts on its own line. */
export function replyTo(
  comment: CommentObservation,
  line: string,
  text: string,
  block = false,
): { key: string; body: string } {
  const key = replyKey(comment);
  const clipped =
    text.length > REPLY_LIMIT
      ? `${text.slice(0, REPLY_LIMIT)}\n\n… (clipped: GitHub limits a comment to 65,536 characters)`
      : text;
  return {
    key,
    body: `${commentMarker(key)}\n> ${quoteLine(line)}\n\n@${comment.author}${block ? "\n\n" : " "}${clipped}`,
  };
}

export function reply(
  ctx: InteractionContext,
  comment: CommentObservation,
  line: string,
  text: string,
  block = false,
): void {
  owe(ctx.state, ctx.actions, { kind: "comment", ...replyTo(comment, line, text, block) });
}
