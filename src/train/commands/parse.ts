// Slash commands in tracking-issue comments: one per line, outside code blocks, quotes
// and HTML comments, in plain ASCII, case-insensitive, trailing text allowed. Pure
// parsing, no authorization; the commands it knows are the registry's.
import { isCommandName, type CommandName } from "./registry.js";

export type { CommandName };

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
  /** The offending characters, described (`U+202E RIGHT-TO-LEFT OVERRIDE`). */
  characters: string[];
}

/** A line that reads like a command but is not plain ASCII: `／approve`, `/аpprove` (Cyrillic а). */
export interface LookAlikeCommand {
  name: "lookalike";
  line: string;
  /** The command it imitates. */
  meant: CommandName;
  characters: string[];
}

export type CommandLine = ParsedCommand | UnknownCommand | InvisibleCharacters | LookAlikeCommand;

// Zero-width characters and bidirectional controls can make a line read differently
// from what it says; such a line is refused rather than guessed at.
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const RTL = /[\u202B\u202E\u2067]/;
// Any `/word` at the start of a line is an attempt; `/usr/bin`-like paths are not.
const COMMAND_LINE = /^\/([^\s/]+)(?=\s|$)(.*)$/;
/** Arguments beyond this are dropped: reasons end up in the tracking issue, which has a size limit. */
export const MAX_ARGS_CHARS = 500;

/** Letters from other scripts that look like Latin ones (the usual suspects in spoofed commands). */
const CONFUSABLES: Record<string, string> = {
  "\u0430": "a",
  "\u0435": "e",
  "\u043E": "o",
  "\u0440": "p",
  "\u0441": "c",
  "\u0445": "x",
  "\u0443": "y",
  "\u0456": "i",
  "\u0458": "j",
  "\u0455": "s",
  "\u0501": "d",
  "\u04CF": "l",
  "\u043A": "k",
  "\u043C": "m",
  "\u0442": "t",
  "\u043D": "h",
  "\u0432": "b",
  "\u0433": "r",
  "\u0261": "g",
  "\u03BF": "o",
  "\u03B1": "a",
  "\u03B5": "e",
  "\u03C1": "p",
  "\u03C4": "t",
  "\u03BD": "v",
  "\u03B9": "i",
  "\u03BA": "k",
  "\u0578": "n",
  "\u0585": "o",
  "\u057D": "u",
  "\u0131": "i",
  "\u2044": "/",
  "\u2215": "/",
  "\u29F8": "/",
  "\u2571": "/",
};
const CHARACTER_NAMES: Record<string, string> = {
  "\u00AD": "SOFT HYPHEN",
  "\u200B": "ZERO WIDTH SPACE",
  "\u200C": "ZERO WIDTH NON-JOINER",
  "\u200D": "ZERO WIDTH JOINER",
  "\u200E": "LEFT-TO-RIGHT MARK",
  "\u200F": "RIGHT-TO-LEFT MARK",
  "\u202A": "LEFT-TO-RIGHT EMBEDDING",
  "\u202B": "RIGHT-TO-LEFT EMBEDDING",
  "\u202C": "POP DIRECTIONAL FORMATTING",
  "\u202D": "LEFT-TO-RIGHT OVERRIDE",
  "\u202E": "RIGHT-TO-LEFT OVERRIDE",
  "\u2060": "WORD JOINER",
  "\u2066": "LEFT-TO-RIGHT ISOLATE",
  "\u2067": "RIGHT-TO-LEFT ISOLATE",
  "\u2068": "FIRST STRONG ISOLATE",
  "\u2069": "POP DIRECTIONAL ISOLATE",
  "\uFEFF": "ZERO WIDTH NO-BREAK SPACE",
  "\u00A0": "NO-BREAK SPACE",
  "\u3000": "IDEOGRAPHIC SPACE",
  "\uFF0F": "FULLWIDTH SOLIDUS",
  "\u2044": "FRACTION SLASH",
  "\u2215": "DIVISION SLASH",
};

/** `U+0430 CYRILLIC` style description of a character, for replies. */
export function describeCharacter(ch: string): string {
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = CHARACTER_NAMES[ch];
  if (name) return `${code} ${name}`;
  for (const script of ["Cyrillic", "Greek", "Armenian", "Cherokee"]) {
    if (new RegExp(`\\p{Script=${script}}`, "u").test(ch)) return `${code} (${script.toUpperCase()} letter)`;
  }
  if (/[\uFF01-\uFF5E]/.test(ch)) return `${code} (FULLWIDTH form)`;
  return code;
}

/** What a line would say with look-alikes replaced by the ASCII they imitate and invisible characters removed. */
function skeleton(line: string): string {
  let out = "";
  for (const ch of line.normalize("NFKC").replace(INVISIBLE, "")) out += CONFUSABLES[ch] ?? ch;
  return out.trim();
}

function distinct(chars: Iterable<string>): string[] {
  return [...new Set(chars)].map(describeCharacter);
}

/** Lines of a comment a reader sees as prose: not in code (fenced or indented), quotes or HTML comments. */
function proseLines(body: string): string[] {
  const lines: string[] = [];
  let fence: string | null = null;
  let inHtmlComment = false;
  let quoted = false;
  for (const raw of body.split(/\r\n|\r|\n/)) {
    // HTML comments are not rendered: a command hidden in one is not one anybody saw.
    let visible = raw;
    if (inHtmlComment || (fence === null && visible.includes("<!--"))) {
      let kept = "";
      let rest = visible;
      while (rest.length > 0) {
        if (inHtmlComment) {
          const close = rest.indexOf("-->");
          if (close < 0) {
            rest = "";
            break;
          }
          inHtmlComment = false;
          rest = rest.slice(close + 3);
        } else {
          const open = rest.indexOf("<!--");
          if (open < 0) {
            kept += rest;
            break;
          }
          kept += rest.slice(0, open);
          inHtmlComment = true;
          rest = rest.slice(open + 4);
        }
      }
      if (kept.trim() === "") continue;
      visible = kept;
    }
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(visible);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker[0]!.repeat(marker.length);
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      quoted = false;
      continue;
    }
    if (fence !== null) continue;
    if (visible.trim() === "") {
      quoted = false;
      continue;
    }
    // A block quote, and the lines that lazily continue it (Markdown renders them inside the quote).
    if (/^ {0,3}>/.test(visible)) {
      quoted = true;
      continue;
    }
    if (quoted) continue;
    if (/^( {4,}|\t)/.test(visible)) continue; // indented code
    lines.push(visible.replace(/^[ \t]+/, "").replace(/\s+$/, ""));
  }
  return lines;
}

/**
 * Commands in a comment. A command is recognised only when written in plain ASCII at the
 * start of a visible line; a line that only looks like one (look-alike or invisible
 * characters) is reported so the author learns why nothing happened.
 */
export function parseCommands(body: string): CommandLine[] {
  const found: CommandLine[] = [];
  for (const line of proseLines(body)) {
    const plain = skeleton(line);
    // The command word must be free of hidden characters; its arguments may hold emoji (joined by U+200D).
    const head = /^[^ \t]*/.exec(line)?.[0] ?? line;
    const hidden = [
      ...(head.match(INVISIBLE) ?? []),
      ...(line.slice(head.length).match(INVISIBLE) ?? []).filter((ch) => ch !== "\u200D"),
    ];
    const invisible = hidden.length > 0 ? hidden : null;
    // A right-to-left override can make `evorppa/` display as `/approve`: judge it as displayed too.
    const displayed = invisible?.some((ch) => RTL.test(ch)) ? [...plain].reverse().join("") : plain;
    if (invisible && [plain, displayed].some((text) => COMMAND_LINE.test(text))) {
      found.push({ name: "invisible", line, characters: distinct(invisible) });
      continue;
    }
    const attempt = COMMAND_LINE.exec(plain);
    if (!attempt?.[1]) continue;
    const match = COMMAND_LINE.exec(line);
    const word = match?.[1];
    if (match && word && /^[\x21-\x7E]+$/.test(word)) {
      const name = word.toLowerCase();
      const args = (match[2] ?? "").trim().slice(0, MAX_ARGS_CHARS).split(/\s+/).filter(Boolean);
      found.push(isCommandName(name) ? { name, args, line } : { name: "unknown", word, line });
      continue;
    }
    const meant = attempt[1].toLowerCase();
    // The characters that are not plain ASCII, up to the end of the command word.
    const foreign = [...head].filter((ch) => !/[\x21-\x7E]/.test(ch));
    if (isCommandName(meant)) found.push({ name: "lookalike", line, meant, characters: distinct(foreign) });
    else if (line.startsWith("/") && word) found.push({ name: "unknown", word, line });
  }
  return found;
}
