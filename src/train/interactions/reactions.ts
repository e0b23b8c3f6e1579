/** The reactions that acknowledge command comments, recorded as owed so a lost one is sent again. */
import type { InteractionContext } from "../commands/context.js";
import type { CommentObservation } from "../model/issue-observation.js";

/** Acknowledges a command comment: the reaction is recorded as owed, so a lost one is sent again. */
export function react(ctx: InteractionContext, comment: CommentObservation, content: "+1" | "confused"): void {
  ctx.actions.push({ kind: "react", commentId: comment.id, content });
  ctx.state.reactions ??= {};
  ctx.state.reactions[String(comment.id)] = content;
}

/**
 * A recorded command whose reaction GitHub does not show (its write failed, its response
 * was lost) gets it again: GitHub answers a repeated reaction of the same user and
 * content with the existing one, so sending it again never makes a second.
 */
export function reactAgain(ctx: InteractionContext): void {
  const pending = new Set(ctx.actions.flatMap((a) => (a.kind === "react" ? [a.commentId] : [])));
  for (const [id, content] of Object.entries(ctx.state.reactions ?? {})) {
    const comment = ctx.observation.issue.comments.find((c) => String(c.id) === id);
    if (!comment?.appReactions || comment.appReactions.includes(content) || pending.has(comment.id)) continue;
    ctx.actions.push({ kind: "react", commentId: comment.id, content });
  }
}
