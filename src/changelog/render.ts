import {
  writeChangelogString,
  type CommitKnownProps,
  type CommitNote,
  type Context,
  type Options,
} from "conventional-changelog-writer";
import createPreset, { type PresetCommitType } from "conventional-changelog-conventionalcommits";
import { commitCategory, type ParsedCommit, type RevertInfo } from "./commits.js";
import { compiledTemplates } from "./partials.js";

export const OTHER_CHANGES_SECTION = "Other changes";

/** Internal type key for everything that isn't feat/fix/perf/revert. */
const OTHER_TYPE = "other-changes";
const SHOWN_TYPES = new Set(["feat", "feature", "fix", "perf", "revert"]);

/**
 * Section order: the preset sorts groups by their position in this list (breaking
 * changes are rendered first by the preset's main template). Unlike the preset's
 * defaults nothing is hidden: docs, chore, ci … and non-conventional commits are
 * collected in a final "Other changes" section.
 */
const COMMIT_TYPES: readonly PresetCommitType[] = [
  { type: "feat", section: "Features" },
  { type: "feature", section: "Features" },
  { type: "fix", section: "Bug Fixes" },
  { type: "perf", section: "Performance Improvements" },
  { type: "revert", section: "Reverts" },
  { type: OTHER_TYPE, section: OTHER_CHANGES_SECTION },
];

const preset = createPreset({ types: COMMIT_TYPES });

type WriterReference = {
  raw: string;
  action: string | null;
  owner: string | null;
  repository: string | null;
  prefix: string;
  issue: string;
};

interface WriterCommit extends CommitKnownProps {
  hash: string;
  header: string;
  type: string;
  scope: string | null;
  subject: string;
  body: string | null;
  footer: string | null;
  notes: CommitNote[];
  references: WriterReference[];
  revert: RevertInfo | null;
  mentions: string[];
  /** Rendered under "Other changes" with its full headline. */
  other: boolean;
  /** Original scope, for sorting breaking-change notes. */
  noteScope: string | null;
}

export type RenderChangelogInput = {
  version: string;
  /** Tag of the previous release; enables the compare link. */
  previousTag?: string;
  /**
   * Tag of this release, for the compare link. Defaults to the previous tag's
   * prefix (`v`, `pkg@` …) followed by `version`, or `v<version>`.
   */
  currentTag?: string;
  /** Release date, YYYY-MM-DD. */
  date: string;
  /** https://github.com/owner/repo */
  repoUrl: string;
  commits: readonly ParsedCommit[];
};

function parseRepoUrl(repoUrl: string): { host: string; owner: string; repository: string } {
  let url: URL;
  try {
    url = new URL(repoUrl);
  } catch {
    throw new TypeError(`invalid repository URL: ${repoUrl}`);
  }
  const parts = url.pathname
    .replace(/\.git$/, "")
    .split("/")
    .filter((p) => p.length > 0);
  const repository = parts.pop();
  if (!repository || parts.length === 0) {
    throw new TypeError(`repository URL must look like https://host/owner/repo: ${repoUrl}`);
  }
  return { host: `${url.protocol}//${url.host}`, owner: parts.join("/"), repository };
}

function defaultCurrentTag(version: string, previousTag: string | undefined): string {
  const m = previousTag ? /^(.*?)(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$/.exec(previousTag) : null;
  return `${m ? m[1] : "v"}${version}`;
}

function toWriterCommit(c: ParsedCommit): WriterCommit {
  const category = commitCategory(c);
  const other = category === "other";
  const type = c.type !== null && SHOWN_TYPES.has(c.type) ? c.type : OTHER_TYPE;
  // Conventional feat/fix/perf/revert commits show their subject (after the scope);
  // everything else shows the whole original headline.
  let subject =
    !other && c.type !== null && SHOWN_TYPES.has(c.type) && c.subject
      ? c.subject
      : c.headline || "(empty commit message)";
  for (const pr of c.prNumbers) {
    if (!new RegExp(`#${pr}(?!\\d)`).test(subject)) subject += ` (#${pr})`;
  }
  return {
    hash: c.oid,
    header: c.headline,
    type,
    scope: other ? null : c.scope,
    subject,
    body: c.body,
    footer: c.footer,
    noteScope: c.scope,
    notes: c.breakingNotes.map((note) => {
      // Indent continuation lines so a multi-line note stays one list item.
      const text = note.replace(/\n(?=.)/g, "\n  ");
      return {
        title: "BREAKING CHANGE",
        // "Other" commits are shown without a scope, so keep it in the note text.
        text: other && c.scope ? `**${c.scope}:** ${text}` : text,
      };
    }),
    references: c.references.map((r) => ({ ...r })),
    revert: c.revert,
    mentions: [],
    other,
  };
}

function byCodePoint(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  if (a !== b) return a < b ? -1 : 1;
  return 0;
}

/** Scope (unscoped first), then subject, then hash: independent of locale and input order. */
function compareCommits(a: WriterCommit, b: WriterCommit): number {
  return (
    byCodePoint(a.scope ?? "", b.scope ?? "") ||
    byCodePoint(a.subject ?? "", b.subject ?? "") ||
    byCodePoint(a.hash ?? "", b.hash ?? "")
  );
}

type RenderedNote = CommitNote & { commit?: { scope?: string | null; hash?: string | null; raw?: WriterCommit } };

/** Breaking-change notes sort like commits: by scope (unscoped first), then text. */
function compareNotes(a: RenderedNote, b: RenderedNote): number {
  return (
    byCodePoint(a.commit?.raw?.noteScope ?? "", b.commit?.raw?.noteScope ?? "") ||
    byCodePoint(a.text, b.text) ||
    byCodePoint(a.commit?.hash ?? "", b.commit?.hash ?? "")
  );
}

const presetTransform = preset.writer.transform;
if (typeof presetTransform !== "function") {
  throw new Error("conventional-changelog-conventionalcommits: writer transform missing");
}

const writerOptions: Options<WriterCommit> = {
  ...(preset.writer as Options<WriterCommit>),
  ...compiledTemplates(preset.writer),
  transform: async (commit, context, options) => {
    const patch = (await presetTransform(commit, context, options)) as Partial<WriterCommit> | null | undefined;
    if (!patch) return null;
    // The preset prints `**scope:**` before the subject; other changes show the headline.
    return commit.other ? { ...patch, scope: null } : patch;
  },
  commitsSort: compareCommits,
  notesSort: compareNotes as (a: CommitNote, b: CommitNote) => number,
  // Keep both a commit and its revert: nothing but merge commits is dropped.
  ignoreReverted: false,
  generateOn: null,
  formatDate: (date) => (typeof date === "string" ? date : date.toISOString().slice(0, 10)),
};

/**
 * Renders one CHANGELOG.md section with the conventionalcommits preset's templates:
 * `## [version](compare) (date)`, then ⚠ BREAKING CHANGES, Features, Bug Fixes,
 * Performance Improvements, Reverts and Other changes. Merge commits are left out.
 * Deterministic: the date comes from the input, commits are sorted by scope/subject.
 */
export async function renderChangelog(input: RenderChangelogInput): Promise<string> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) {
    throw new TypeError(`date must be YYYY-MM-DD: ${input.date}`);
  }
  const { host, owner, repository } = parseRepoUrl(input.repoUrl);
  const context: Context<WriterCommit> & { previousTag?: string; currentTag: string } = {
    version: input.version,
    date: input.date,
    host,
    owner,
    repository,
    repoUrl: input.repoUrl.replace(/\/+$/, ""),
    commit: "commit",
    issue: "issues",
    linkReferences: true,
    linkCompare: Boolean(input.previousTag),
    currentTag: input.currentTag ?? defaultCurrentTag(input.version, input.previousTag),
  };
  if (input.previousTag) context.previousTag = input.previousTag;
  const commits = input.commits.filter((c) => c.merge === null).map(toWriterCommit);
  return writeChangelogString(commits, context, writerOptions);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One-line summary, e.g. "2 breaking changes, 3 features, 4 fixes, 1 other change".
 * Counts follow the rendered sections (a `feat!:` commit is both a breaking change
 * and a feature); merge commits are not counted. Empty → "no changes".
 */
export function summarizeChangelog(commits: readonly ParsedCommit[]): string {
  let breaking = 0;
  const counts = { feature: 0, fix: 0, perf: 0, revert: 0, other: 0 };
  for (const c of commits) {
    if (c.merge) continue;
    if (c.breaking) breaking += 1;
    counts[commitCategory(c)] += 1;
  }
  const parts: string[] = [];
  if (breaking) parts.push(plural(breaking, "breaking change", "breaking changes"));
  if (counts.feature) parts.push(plural(counts.feature, "feature", "features"));
  if (counts.fix) parts.push(plural(counts.fix, "fix", "fixes"));
  if (counts.perf) parts.push(plural(counts.perf, "performance improvement", "performance improvements"));
  if (counts.revert) parts.push(plural(counts.revert, "revert", "reverts"));
  if (counts.other) parts.push(plural(counts.other, "other change", "other changes"));
  return parts.length ? parts.join(", ") : "no changes";
}

const VERSION_HEADING = /^#{1,2}\s+\[?v?([0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.+-]*)?)\]?(?=[\s(]|$)/;

function headingVersion(line: string): string | null {
  return VERSION_HEADING.exec(line)?.[1] ?? null;
}

/**
 * Inserts `section` after the leading `# Changelog` title (and any intro text),
 * before older release sections; creates the file when `existing` is null or blank.
 * Idempotent: if the newest section is already for the same version, returns
 * `existing` unchanged.
 */
export function prependChangelog(existing: string | null, section: string): string {
  const eol = existing?.includes("\r\n") ? "\r\n" : "\n";
  const body = section.replace(/\r\n/g, "\n").trim().split("\n").join(eol);
  if (existing === null || existing.trim() === "") {
    return `# Changelog${eol}${eol}${body}${eol}`;
  }

  const sectionVersion = headingVersion(body.split(eol)[0] ?? "");
  const lines = existing.split(/\r?\n/);

  // Title: the first non-blank line when it's a level-1 heading that isn't a release.
  const firstContent = lines.findIndex((l) => l.trim() !== "");
  const firstLine = lines[firstContent] ?? "";
  const hasTitle = /^#\s/.test(firstLine) && headingVersion(firstLine) === null;

  // Older sections start at the first level-1/2 heading after the title, outside code fences.
  let insertAt = -1;
  let inFence = false;
  for (let i = hasTitle ? firstContent + 1 : 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && /^#{1,2}\s/.test(line)) {
      insertAt = i;
      break;
    }
  }

  if (insertAt >= 0 && sectionVersion !== null && headingVersion(lines[insertAt] ?? "") === sectionVersion) {
    return existing;
  }

  if (insertAt < 0) insertAt = hasTitle ? lines.length : 0;
  const before = lines.slice(0, insertAt);
  while (before.length > 0 && (before[before.length - 1] ?? "").trim() === "") before.pop();
  const after = lines.slice(insertAt);
  while (after.length > 0 && (after[after.length - 1] ?? "").trim() === "") after.pop();

  const chunks: string[] = [];
  if (before.length) chunks.push(before.join(eol));
  chunks.push(body);
  if (after.length) chunks.push(after.join(eol));
  return chunks.join(eol + eol) + eol;
}
