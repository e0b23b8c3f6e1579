// What people ask for on the tracking issue: slash commands in comments and ticks on
// the task list. Each is accepted (state updated, acknowledged) or refused with a reply
// that says why; nothing a refused request asks for changes. Pure.
import { createHash } from "node:crypto";
import type { CommandContext, InteractionContext } from "./commands/context.js";
import { commentVersion as versionOf, isVersion } from "./comment-version.js";
import { describeCharacter, parseCommands, type CommandLine } from "./commands/parse.js";
import { commandSpec, helpText } from "./commands/registry.js";
import { waitsForMergeability, type Outcome } from "./gate-commands.js";
import type { CommentObservation } from "./model/issue-observation.js";
import { manualItemIds, ownerTeamOf, preconditionById, stepById, titleOf } from "./playbook.js";
import { commentMarker, markerOf, readTicks } from "./state.js";
import { notTrackingAt, type NotTracking } from "./moments.js";

export type { InteractionContext };

const ALL_ITEMS = new Set(manualItemIds());

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

function reply(ctx: InteractionContext, comment: CommentObservation, line: string, text: string, block = false): void {
  ctx.actions.push({ kind: "comment", ...replyTo(comment, line, text, block) });
}

const AUDIT_TEXT_LIMIT = 300;
/** More commands than this in one comment are not run: one per line is for people, not scripts. */
export const MAX_COMMANDS_PER_COMMENT = 10;

function audit(ctx: InteractionContext, actor: string, text: string): void {
  const clipped = text.length > AUDIT_TEXT_LIMIT ? `${text.slice(0, AUDIT_TEXT_LIMIT - 1)}…` : text;
  ctx.state.audit.push({ at: ctx.at, actor, text: clipped });
}

const commandContext = (ctx: InteractionContext): CommandContext => ({
  ...ctx,
  audit: (actor, text) => audit(ctx, actor, text),
});

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

/**
 * Withdraws what a command comment did (ticks, sign-offs, approval) when the comment
 * is deleted or edited: the comment history is the truth, so an edited comment is
 * then evaluated again as it now reads.
 */
function withdrawEffects(ctx: InteractionContext, commentId: string, why: string): void {
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

  for (const comment of observation.issue.comments) {
    if (comment.authorIsBot) continue;
    const seen = state.acked[String(comment.id)];
    if (isVersion(seen, comment)) continue;
    const commands = parseCommands(comment.body);
    if (seen !== undefined) {
      audit(ctx, comment.author, `edited command comment ${comment.id}; re-evaluated`);
      withdrawEffects(ctx, String(comment.id), "edited");
      if (commands.length === 0) delete state.acked[String(comment.id)];
    }
    if (commands.length === 0) continue;

    // GitHub lets people with write access edit anyone's comment: a command counts only as its author wrote it.
    if (comment.editor && comment.editor.toLowerCase() !== comment.author.toLowerCase()) {
      reply(
        ctx,
        comment,
        commands[0]!.line,
        `this comment was last edited by @${comment.editor}, not by you, so its commands were not run (and what it did before is withdrawn). A command counts only as its author wrote it: post it again as a new comment.`,
      );
      react(ctx, comment, "confused");
      audit(ctx, comment.author, `command comment ${comment.id} edited by @${comment.editor}: not run`);
      state.acked[String(comment.id)] = versionOf(comment);
      continue;
    }

    // A command counts as of when it was posted or last edited: never later, because the issue was labelled or reopened since.
    const notTracking = notTrackingAt(observation.issue, ctx.config.label, comment.editedAt ?? comment.createdAt);
    if (notTracking) {
      reply(ctx, comment, commands[0]!.line, staleCommand(notTracking, ctx.config.label));
      react(ctx, comment, "confused");
      audit(
        ctx,
        comment.author,
        `command comment ${comment.id} made while the issue was ${notTracking === "unknown" ? "perhaps not a tracking issue" : notTracking}: not run`,
      );
      state.acked[String(comment.id)] = versionOf(comment);
      continue;
    }

    // GitHub is still computing whether a release PR can merge: the /approve is read again shortly (decide wakes for it).
    if (waitsForMergeability(commandContext(ctx), comment, commands, ctx.at)) continue;

    const authzNeeds = ctx.authz.needs.length;
    const run = commands.slice(0, MAX_COMMANDS_PER_COMMENT);
    const decided = run.map((command) => runCommand(commandContext(ctx), comment, command));
    // Answers missing: decide runs again once they are fetched.
    if (ctx.authz.needs.length > authzNeeds || decided.includes(undefined)) continue;
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
    state.acked[String(comment.id)] = versionOf(comment);
  }
  voidWithdrawn(ctx);
  reactAgain(ctx);
}

/** Acknowledges a command comment: the reaction is recorded as owed, so a lost one is sent again. */
function react(ctx: InteractionContext, comment: CommentObservation, content: "+1" | "confused"): void {
  ctx.actions.push({ kind: "react", commentId: comment.id, content });
  ctx.state.reactions ??= {};
  ctx.state.reactions[String(comment.id)] = content;
}

/**
 * A recorded command whose reaction GitHub does not show (its write failed, its response
 * was lost) gets it again: GitHub answers a repeated reaction of the same user and
 * content with the existing one, so sending it again never makes a second.
 */
function reactAgain(ctx: InteractionContext): void {
  const pending = new Set(ctx.actions.flatMap((a) => (a.kind === "react" ? [a.commentId] : [])));
  for (const [id, content] of Object.entries(ctx.state.reactions ?? {})) {
    const comment = ctx.observation.issue.comments.find((c) => String(c.id) === id);
    if (!comment?.appReactions || comment.appReactions.includes(content) || pending.has(comment.id)) continue;
    ctx.actions.push({ kind: "react", commentId: comment.id, content });
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

/**
 * A sign-off or approval whose comment was last written before the bot withdrew it (new
 * commits: the `resign-<team>-…` and `reapprove-…` comments) stays withdrawn, also when
 * the state is rebuilt from the comments after its hidden copy was lost or forged.
 */
function voidWithdrawn(ctx: InteractionContext): void {
  const { observation, state } = ctx;
  const comments = observation.issue.comments;
  const bot = observation.botLogin.toLowerCase();
  const notices = comments
    .filter((c) => c.author.toLowerCase() === bot)
    .map((c) => ({ c, key: markerOf(c.body) ?? "" }));
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
    ctx.actions.push({
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n@${edit.editor} your change to the checklist was reverted:\n\n${refused.map((r) => `- ${r}`).join("\n")}`,
    });
  }
}
