// Slash commands in tracking-issue comments: one per line, outside code blocks and
// quotes, case-insensitive, trailing text allowed. Pure parsing, no authorization.

export const COMMANDS = {
  signoff: "/signoff [team] — record your team's sign-off (team leads); `/signoff revoke [team]` withdraws it",
  approve: "/approve — final approval once every gate is green (orchestration team)",
  check: "/check <step> [note] — tick a manual step or precondition, e.g. `/check 2.3` (the step's owners)",
  hold: "/hold [reason] — pause the train (orchestration team)",
  resume: "/resume — continue a held train (orchestration team)",
  rollback: "/rollback [immediate|extended] [reason] — run the rollback procedure (orchestration team)",
  abort: "/abort [reason] — end the train, lift the freeze, tag nothing (orchestration team)",
  hotfix: "/hotfix [note] — continue past a failed staging deployment or smoke test and open a follow-up issue (orchestration team)",
  retest: "/retest [repo] — re-run failed checks (team members)",
  retry: "/retry — try the release finalization again after a merge conflict or a tag problem was fixed (orchestration team)",
  "dry-run": "/dry-run — reply with what Phase 1 would do, writing nothing (orchestration team)",
  freeze: "/freeze — start the code freeze before Phase 1 (orchestration team)",
  unfreeze: "/unfreeze — lift the code freeze (orchestration team)",
  refresh: "/refresh — resync the train from GitHub",
  status: "/status — reply with the train's current status",
  help: "/help — list the commands",
} as const;

export type CommandName = keyof typeof COMMANDS;

export interface ParsedCommand {
  name: CommandName;
  /** Words after the command, original case preserved. */
  args: string[];
  /** The whole line as written (trimmed). */
  line: string;
}

export interface UnknownCommand {
  name: "unknown";
  word: string;
  line: string;
}

export interface InvisibleCharacters {
  name: "invisible";
  line: string;
}

export type CommandLine = ParsedCommand | UnknownCommand | InvisibleCharacters;

// Zero-width characters and bidirectional controls can make a line read differently
// from what it says; such a line is refused rather than guessed at.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
// Any `/word` at the start of a line is an attempt; `/usr/bin`-like paths are not.
const COMMAND_LINE = /^\/([^\s/]+)(?=\s|$)(.*)$/;

function isCommandName(word: string): word is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, word);
}

/** Lines of a comment outside fenced code blocks, quotes and indented code. */
function proseLines(body: string): string[] {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const raw of body.split(/\r?\n/)) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(raw);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker[0]!.repeat(marker.length);
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    if (/^ {0,3}>/.test(raw)) continue; // block quote
    if (/^( {4,}|\t)/.test(raw)) continue; // indented code
    lines.push(raw.trim());
  }
  return lines;
}

export function parseCommands(body: string): CommandLine[] {
  const found: CommandLine[] = [];
  for (const line of proseLines(body)) {
    if (!line.startsWith("/")) continue;
    if (INVISIBLE.test(line)) {
      found.push({ name: "invisible", line });
      continue;
    }
    const match = COMMAND_LINE.exec(line);
    if (!match?.[1]) continue;
    const word = match[1].toLowerCase();
    const args = (match[2] ?? "").trim().split(/\s+/).filter(Boolean);
    found.push(isCommandName(word) ? { name: word, args, line } : { name: "unknown", word, line });
  }
  return found;
}

export function helpText(): string {
  return Object.values(COMMANDS)
    .map((usage) => `- \`${usage.split(" — ")[0]}\` — ${usage.split(" — ").slice(1).join(" — ")}`)
    .join("\n");
}
