// While a train cannot run (its configuration is broken, it names repositories the app
// cannot see), `/status` and `/help` are still answered: they only read. Other commands
// wait and are evaluated once the train runs again. Each reply is keyed like the train's
// own reply to that comment, so it is given once, also after the train runs again.
import { parseCommands } from "./commands/parse.js";
import { helpText } from "./commands/registry.js";
import { replyTo } from "./interactions/replies.js";
import type { CommentObservation } from "./model/issue-observation.js";

const WAITING = "Other commands wait until this is fixed; they are run then.";

/** Replies to the comments that ask only `/status` or `/help`; `why` says what stops the train. */
export function stoppedReplies(
  comments: readonly CommentObservation[],
  why: string,
): Array<{ key: string; body: string }> {
  const replies: Array<{ key: string; body: string }> = [];
  for (const comment of comments) {
    if (comment.authorIsBot) continue;
    const commands = parseCommands(comment.body);
    if (commands.length === 0 || !commands.every((c) => c.name === "status" || c.name === "help")) continue;
    const notes = commands.map((c) =>
      c.name === "help"
        ? `Commands (one per line):\n\n${helpText()}\n\n${WAITING}`
        : `**This train is stopped:** ${why} Nothing has changed since (the checklist above, if any, shows where the train stood). ${WAITING}`,
    );
    replies.push(replyTo(comment, commands[0]!.line, [...new Set(notes)].join("\n\n"), true));
  }
  return replies;
}
