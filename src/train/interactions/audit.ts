/** The audit trail's entries for what people did and what the train did in answer. */
import type { InteractionContext } from "../commands/context.js";

const AUDIT_TEXT_LIMIT = 300;

export function audit(ctx: InteractionContext, actor: string, text: string): void {
  const clipped = text.length > AUDIT_TEXT_LIMIT ? `${text.slice(0, AUDIT_TEXT_LIMIT - 1)}…` : text;
  ctx.state.audit.push({ at: ctx.at, actor, text: clipped });
}
