/** Ticks people make on the tracking issue's task list: owners' ticks on manual items count, others are reverted. */
import type { InteractionContext } from "../commands/context.js";
import { manualItemIds, ownerTeamOf, preconditionById, stepById, titleOf } from "../playbook.js";
import { commentMarker, readTicks } from "../state.js";
import { audit } from "./audit.js";
import { owe } from "./owed-writes.js";
import { tickReplyKey } from "./replies.js";

const ALL_ITEMS = new Set(manualItemIds());

/**
 * Ticks people made in the body, each read as the change between the revision they
 * started from and what they saved (so a stale page never unticks someone else's step).
 * Owners' ticks on manual items are recorded; any other change is reverted by the next
 * rendering, with a reply.
 */
export function handleTicks(ctx: InteractionContext, computedDone: (id: string) => boolean): void {
  const { observation, state } = ctx;
  for (const edit of observation.issue.edits) {
    const before = readTicks(edit.before);
    const refused: string[] = [];
    for (const [id, checked] of readTicks(edit.after)) {
      if (before.get(id) !== !checked) continue; // not changed by this edit
      if (ALL_ITEMS.has(id)) {
        if (checked === Boolean(state.ticks[id])) continue;
        const owner = ownerTeamOf(id);
        if (!ctx.authz.mayTick(owner, edit.editor)) {
          refused.push(
            `only ${ctx.authz.describeOwner(owner)} can ${checked ? "tick" : "untick"} ${id} (${titleOf(id)}).`,
          );
          continue;
        }
        if (checked) {
          state.ticks[id] = { by: edit.editor, at: edit.at, via: "tick" };
          audit(ctx, edit.editor, `ticked ${id} (${titleOf(id)})`);
        } else {
          delete state.ticks[id];
          audit(ctx, edit.editor, `unticked ${id} (${titleOf(id)})`);
        }
      } else if ((stepById(id) || preconditionById(id)) && checked !== computedDone(id)) {
        refused.push(`${id} (${titleOf(id)}) is done by release-train itself; its box follows GitHub's state.`);
      }
    }
    if (ctx.authz.needs.length > 0 || refused.length === 0) continue;
    const key = tickReplyKey(edit.editor, edit.at, edit.after);
    owe(state, ctx.actions, {
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n@${edit.editor} your change to the checklist was reverted:\n\n${refused.map((r) => `- ${r}`).join("\n")}`,
    });
  }
}
