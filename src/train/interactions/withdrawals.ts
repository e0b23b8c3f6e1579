/** What a deleted or edited command comment did is withdrawn; what new commits withdrew stays so. */
import type { InteractionContext } from "../commands/context.js";
import type { CommentObservation } from "../model/issue-observation.js";
import { appComments } from "../app-comments.js";
import { markerOf } from "../state.js";
import { audit } from "./audit.js";

/**
 * Withdraws what a command comment did (ticks, sign-offs, approval) when the comment
 * is deleted or edited: the comment history is the truth, so an edited comment is
 * then evaluated again as it now reads.
 */
export function withdrawEffects(ctx: InteractionContext, commentId: string, why: string): void {
  const source = `comment:${commentId}`;
  const { state } = ctx;
  for (const [item, tick] of Object.entries(state.ticks)) {
    if (tick.via !== source) continue;
    delete state.ticks[item];
    audit(ctx, "release-train", `${item} unchecked: its /check comment was ${why}`);
  }
  for (const [team, given] of Object.entries(state.signoffs)) {
    if (given.via !== source) continue;
    delete state.signoffs[team];
    audit(ctx, "release-train", `sign-off for ${team} withdrawn: its comment was ${why}`);
  }
  if (state.approval?.via === source) {
    delete state.approval;
    audit(ctx, "release-train", `approval withdrawn: its comment was ${why}`);
  }
}

/**
 * A sign-off or approval whose comment was last written before the bot withdrew it (new
 * commits: the `resign-<team>-…` and `reapprove-…` comments) stays withdrawn, also when
 * the state is rebuilt from the comments after its hidden copy was lost or forged.
 */
export function voidWithdrawn(ctx: InteractionContext): void {
  const { observation, state } = ctx;
  const comments = observation.issue.comments;
  const notices = appComments(observation).map((c) => ({ c, key: markerOf(c.body) ?? "" }));
  const after = (source: CommentObservation, notice: CommentObservation) =>
    notice.createdAt > source.updatedAt || (notice.createdAt === source.updatedAt && notice.id > source.id);
  const sourceOf = (via: string) => comments.find((c) => `comment:${c.id}` === via);
  for (const [team, given] of Object.entries(state.signoffs)) {
    const source = sourceOf(given.via);
    const prefix = `resign-${team}-`;
    // The rest is a hash (no "-"), so team `a` is not matched by `resign-a-b-…` of team `a-b`.
    if (
      source &&
      notices.some(
        (n) => n.key.startsWith(prefix) && /^[0-9a-z]+$/.test(n.key.slice(prefix.length)) && after(source, n.c),
      )
    ) {
      delete state.signoffs[team];
      audit(ctx, "release-train", `sign-off for ${team} by @${given.by} stays withdrawn: new commits landed after it`);
    }
  }
  const approval = state.approval;
  const source = approval && sourceOf(approval.via);
  if (approval && source && notices.some((n) => n.key.startsWith("reapprove-") && after(source, n.c))) {
    delete state.approval;
    audit(ctx, "release-train", `approval by @${approval.by} stays withdrawn: new commits landed after it`);
  }
}
