// Slash commands in people's comments on the tracking issue: each version of a comment is
// evaluated once, and each command accepted (state updated, acknowledged) or refused with a
// reply that says why; nothing a refused request asks for changes. Pure.
import type { CommandContext, InteractionContext } from "../commands/context.js";
import { type CommandLine, parseCommands } from "../commands/parse.js";
import { commandSpec, helpText, isCommandName } from "../commands/registry.js";
import { isVersion, commentVersion as versionOf } from "../comment-version.js";
import { type Outcome, waitsForMergeability } from "../gate-commands.js";
import type { CommentObservation } from "../model/issue-observation.js";
import { type NotTracking, notTrackingAt } from "../moments.js";
import { audit } from "./audit.js";
import { react, reactAgain } from "./reactions.js";
import { reply } from "./replies.js";
import { voidWithdrawn, withdrawEffects } from "./withdrawals.js";

/** More commands than this in one comment are not run: one per line is for people, not scripts. */
export const MAX_COMMANDS_PER_COMMENT = 10;

const commandContext = (ctx: InteractionContext): CommandContext => ({
  ...ctx,
  audit: (actor, text) => audit(ctx, actor, text),
});

/** Commands from humans' comments, each evaluated once per version of the comment. */
export function handleCommands(ctx: InteractionContext): void {
  const { observation, state } = ctx;
  const present = new Set(observation.issue.comments.map((c) => String(c.id)));
  for (const id of Object.keys(state.acked)) {
    if (present.has(id)) continue;
    delete state.acked[id];
    delete state.reactions?.[id];
    withdrawEffects(ctx, id, "deleted");
  }
  for (const comment of observation.issue.comments) if (!comment.authorIsBot) handleComment(ctx, comment);
  voidWithdrawn(ctx);
  reactAgain(ctx);
}

/** One comment: an edited one withdraws what it did before; its commands are run unless refused as a whole. */
function handleComment(ctx: InteractionContext, comment: CommentObservation): void {
  const { state } = ctx;
  const seen = state.acked[String(comment.id)];
  if (isVersion(seen, comment)) return;
  const commands = parseCommands(comment.body);
  if (seen !== undefined) {
    audit(ctx, comment.author, `edited command comment ${comment.id}; re-evaluated`);
    withdrawEffects(ctx, String(comment.id), "edited");
    if (commands.length === 0) delete state.acked[String(comment.id)];
  }
  if (commands.length === 0) return;
  if (refusedAsAWhole(ctx, comment, commands[0]!.line)) {
    state.acked[String(comment.id)] = versionOf(comment);
    return;
  }
  // GitHub is still computing whether a release PR can merge: the /approve is read again shortly (decide wakes for it).
  if (waitsForMergeability(commandContext(ctx), comment, commands, ctx.at)) return;
  if (runCommands(ctx, comment, commands)) state.acked[String(comment.id)] = versionOf(comment);
}

/** A comment none of whose commands run: edited by someone else, or made while the issue was not tracking. */
function refusedAsAWhole(ctx: InteractionContext, comment: CommentObservation, line: string): boolean {
  // GitHub lets people with write access edit anyone's comment: a command counts only as its author wrote it.
  if (comment.editor && comment.editor.toLowerCase() !== comment.author.toLowerCase()) {
    reply(
      ctx,
      comment,
      line,
      `this comment was last edited by @${comment.editor}, not by you, so its commands were not run (and what it did before is withdrawn). A command counts only as its author wrote it: post it again as a new comment.`,
    );
    react(ctx, comment, "confused");
    audit(ctx, comment.author, `command comment ${comment.id} edited by @${comment.editor}: not run`);
    return true;
  }
  // A command counts as of when it was posted or last edited: never later, because the issue was labelled or reopened since.
  const notTracking = notTrackingAt(ctx.observation.issue, ctx.config.label, comment.editedAt ?? comment.createdAt);
  if (!notTracking) return false;
  reply(ctx, comment, line, staleCommand(notTracking, ctx.config.label));
  react(ctx, comment, "confused");
  audit(
    ctx,
    comment.author,
    `command comment ${comment.id} made while the issue was ${notTracking === "unknown" ? "perhaps not a tracking issue" : notTracking}: not run`,
  );
  return true;
}

/** Runs a comment's commands and answers them; false while an answer from GitHub is missing (decide runs again once fetched). */
function runCommands(ctx: InteractionContext, comment: CommentObservation, commands: CommandLine[]): boolean {
  const authzNeeds = ctx.authz.needs.length;
  const run = commands.slice(0, MAX_COMMANDS_PER_COMMENT);
  if (awaitsFreshRepositories(ctx, run)) return false;
  const decided = run.map((command) => runCommand(commandContext(ctx), comment, command));
  if (ctx.authz.needs.length > authzNeeds || decided.includes(undefined)) return false;
  const outcomes = decided as Outcome[];
  if (commands.length > run.length) {
    outcomes.push({
      ok: false,
      reason: `only the first ${MAX_COMMANDS_PER_COMMENT} commands of a comment are read; the other ${commands.length - run.length} were not run. Post them in another comment.`,
    });
  }

  const refusals = outcomes.filter((o): o is { ok: false; reason: string } => !o.ok);
  const notes = outcomes.flatMap((o) => (o.ok && o.note ? [o.note] : []));
  const line = commands[0]!.line;
  if (refusals.length > 0) reply(ctx, comment, line, refusals.map((r) => r.reason).join("\n\n"));
  else if (notes.length > 0) reply(ctx, comment, line, notes.join("\n\n"), true);
  react(ctx, comment, refusals.length > 0 ? "confused" : "+1");
  for (const command of run) {
    if (command.name !== "unknown" && command.name !== "invisible" && command.name !== "lookalike")
      audit(
        ctx,
        comment.author,
        `/${command.name}${"args" in command && command.args.length ? ` ${command.args.join(" ")}` : ""}${refusals.length ? " (refused)" : ""}`,
      );
  }
  return true;
}

/**
 * A command judged on the repositories waits while some come from the cache of earlier
 * reads: their webhooks may not have arrived yet (GitHub does not order deliveries), so a
 * review or a push made before the command could be missing from what it is judged on.
 */
function awaitsFreshRepositories(ctx: InteractionContext, run: CommandLine[]): boolean {
  const unverified = ctx.observation.unverified ?? [];
  if (unverified.length === 0) return false;
  const judged = run.some((c) => isCommandName(c.name) && commandSpec(c.name).judgedOnRepositories);
  if (judged) ctx.freshNeeds.push(...unverified);
  return judged;
}

/** undefined: not decided yet, waiting for what GitHub says (a membership, a commit). */
function runCommand(ctx: CommandContext, comment: CommentObservation, command: CommandLine): Outcome | undefined {
  switch (command.name) {
    case "invisible":
      return {
        ok: false,
        reason: `this line contains invisible or text-direction characters (${command.characters.join(", ")}), so it was not run: what it shows may not be what it says. Please retype the command as plain text.`,
      };
    case "lookalike":
      return {
        ok: false,
        reason: `this looks like \`/${command.meant}\` but is not written in plain ASCII (${command.characters.join(", ")}), so it was not recognised and nothing was run. Type the command with a plain \`/\` and Latin letters.`,
      };
    case "unknown":
      return {
        ok: false,
        reason: `\`/${command.word.length > 40 ? `${command.word.slice(0, 39)}…` : command.word}\` is not a release-train command. Valid commands:\n\n${helpText()}`,
      };
    default:
      return commandSpec(command.name).run(ctx, comment, command.args);
  }
}

function staleCommand(why: NotTracking, label: string): string {
  const when =
    why === "closed"
      ? "while this issue was closed"
      : why === "unlabelled"
        ? `while this issue was not labelled \`${label}\``
        : "longer ago than the issue's timeline release-train reads, so whether this was an open tracking issue then is not known";
  return `this command was made ${when}, so it was not run: a command counts as of when it was posted or last edited. Post it again if it still applies.`;
}
