// `/check <step>`: a person ticks a manual step or precondition with a comment.
import type { Outcome } from "../gate-commands.js";
import type { CommentObservation } from "../model/issue-observation.js";
import { manualItemIds, ownerTeamOf, preconditionById, stepById, titleOf } from "../playbook.js";
import type { CommandContext } from "./context.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

const MANUAL_ITEMS = new Set(manualItemIds());

/** With `draftReleases: true`, 7.3's drafts are published by the orchestration team's `/check 7.3`. */
const reviewsDrafts = (ctx: CommandContext, id: string) => id === "7.3" && ctx.config.draftReleases;

function checkItem(ctx: CommandContext, comment: CommentObservation, args: string[]): Outcome {
  const id = (args[0] ?? "").toUpperCase();
  if (reviewsDrafts(ctx, id)) {
    if (!ctx.authz.isOrchestrator(comment.author))
      return {
        ok: false,
        reason: `only ${ctx.authz.describeOwner("orchestration")} can publish the draft release notes (7.3).`,
      };
    if (!ctx.state.ticks[id]) {
      ctx.state.ticks[id] = { by: comment.author, at: comment.createdAt, via: `comment:${comment.id}` };
      ctx.audit(comment.author, "approved the draft release notes (7.3): publishing");
    }
    return { ok: true };
  }
  if (!id)
    return {
      ok: false,
      reason: `\`/check\` needs a step, e.g. \`/check 2.3\`. Manual steps: ${[...MANUAL_ITEMS].join(", ")}.`,
    };
  if (!MANUAL_ITEMS.has(id)) {
    const known = stepById(id) ?? preconditionById(id);
    return {
      ok: false,
      reason: known
        ? `${id} (${titleOf(id)}) is done by release-train itself and cannot be checked by hand.`
        : `there is no manual step \`${id}\`. Manual steps: ${[...MANUAL_ITEMS].join(", ")}.`,
    };
  }
  const owner = ownerTeamOf(id);
  if (!ctx.authz.mayTick(owner, comment.author)) {
    return { ok: false, reason: `only ${ctx.authz.describeOwner(owner)} can check ${id} (${titleOf(id)}).` };
  }
  if (!ctx.state.ticks[id]) {
    ctx.state.ticks[id] = { by: comment.author, at: comment.createdAt, via: `comment:${comment.id}` };
    ctx.audit(comment.author, `checked ${id} (${titleOf(id)}) with /check`);
  }
  return { ok: true };
}

export const check: CommandSpec<"check"> = {
  name: "check",
  usage: "/check <step> [note]",
  summary: "tick a manual step or precondition, e.g. `/check 2.3` (the step's owners)",
  rules: [
    {
      form: "/check <step>",
      who: 'P6–P8, 2.3, 4.4, 7.7: orchestration team; 4.3, 6.4: members of the `observability` team or the orchestration team; 4.2, 6.3, R2 ("all"): a lead of any sign-off team or the orchestration team',
      when: "the step is a manual one",
      refused:
        'reply "only … can check …"; bot steps: "… is done by release-train itself"; unknown: "there is no manual step …"',
    },
    {
      form: "/check 7.3",
      who: ORCHESTRATION,
      when: "`draftReleases: true` (the drafts are published)",
      refused: 'reply "only … can publish the draft release notes (7.3)"',
    },
  ],
  run: checkItem,
};
