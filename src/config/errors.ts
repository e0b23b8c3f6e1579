/** Configuration errors: where in the file and what is wrong, and how they are listed in a comment. */
import type { TrainConfig } from "./schema.js";

export interface ConfigError {
  /** Where in the file, e.g. `repos[3].dependsOn[0]`; "" for the file as a whole. */
  path: string;
  message: string;
}

export type ConfigResult = { ok: true; config: TrainConfig } | { ok: false; errors: ConfigError[] };

export const DEFAULT_CONFIG_PATH = ".github/release-train.yml";

/** A markdown list of the errors, one a line as `` `path`: message ``, under a short heading. */
export function formatConfigErrors(errors: readonly ConfigError[], source: string = DEFAULT_CONFIG_PATH): string {
  const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
  // A comment holds at most 65,536 characters: the first problems are enough to start fixing.
  const lines = errors.slice(0, MAX_LISTED_ERRORS).map((error) => {
    const message = safeMarkdown(error.message);
    const line = error.path === "" ? `- ${message}` : `- ${codeSpan(error.path)}: ${message}`;
    return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
  });
  const more = errors.length > MAX_LISTED_ERRORS ? [`- … and ${errors.length - MAX_LISTED_ERRORS} more`] : [];
  return [`Invalid ${codeSpan(source)} (${count}):`, "", ...lines, ...more].join("\n");
}

const MAX_LISTED_ERRORS = 50;
const MAX_LINE = 500;

/** `["repos", 3, "dependsOn", 0]` → `repos[3].dependsOn[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      if (/^[A-Za-z0-9_-]+$/.test(key)) out += out === "" ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.includes("`") ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}

/** One line, and no @-mentions: messages quote what the file says. */
function safeMarkdown(text: string): string {
  return text.replace(/\s+/g, " ").replace(/@/g, "@\u200b");
}
