import { CommitParser, type CommitReference, type ParserOptions } from "conventional-commits-parser";
import createPreset from "conventional-changelog-conventionalcommits";
import semver from "semver";

/** A commit as returned by GitHub's GraphQL commit history. */
export type RawCommit = {
  oid: string;
  /** Full message: headline + body. */
  message: string;
  authorLogin?: string;
  committedDate: string;
  /** Associated pull requests, when known. */
  prNumbers?: number[];
};

/** An issue reference found in the message (`Closes #12`, `owner/repo#3`, a bare `#7`). */
export type IssueReference = {
  /** The keyword before the reference (`Closes`, `fixes` …), or null. */
  action: string | null;
  owner: string | null;
  repository: string | null;
  prefix: string;
  issue: string;
  raw: string;
};

export type RevertInfo = {
  /** Header of the reverted commit, when stated. */
  header: string | null;
  /** Hash of the reverted commit, when stated (`This reverts commit <sha>`). */
  hash: string | null;
};

export type MergeInfo = {
  kind: "pull-request" | "branch";
  /** PR number for `Merge pull request #12 from …`. */
  prNumber: number | null;
  /** `owner/branch` of a PR merge, or the merged branch name. */
  source: string | null;
};

export type ParsedCommit = {
  oid: string;
  /** First line of the original message. */
  headline: string;
  /** Conventional type, lower-cased; null when the header is not conventional. */
  type: string | null;
  scope: string | null;
  subject: string | null;
  body: string | null;
  footer: string | null;
  /** `!` in the header or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer. */
  breaking: boolean;
  /** Text of each breaking-change note (the subject when only `!` was used). */
  breakingNotes: string[];
  revert: RevertInfo | null;
  /** Set for merge commits, which are left out of changelogs and bumps. */
  merge: MergeInfo | null;
  /** PR numbers from the header (`(#123)`, `Merge pull request #12`) plus the associated PRs. */
  prNumbers: number[];
  /** Issue references other than the header's PR references. */
  references: IssueReference[];
  authorLogin: string | null;
  committedDate: string;
};

export type Bump = "major" | "minor" | "patch";

const preset = createPreset();

/**
 * The preset's parser options, with a revert pattern that also accepts
 * `This reverts commit <sha>` without the trailing period.
 */
const parserOptions: ParserOptions = {
  ...preset.parser,
  revertPattern: /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w+)\.?/i,
};

const PR_MERGE = /^Merge pull request #(\d+) from (\S+)/;
const BRANCH_MERGE = /^Merge (?:remote-tracking )?branch '([^']+)'/;
const OTHER_MERGE = /^Merge (?:branch|remote-tracking branch|branches|tag|commit) /;
const HEADER_PR = /\(#(\d+)\)/g;
const GITHUB_REVERT_HEADLINE = /^Revert "([\s\S]+)"/;
const REVERTS_COMMIT = /This reverts commit (\w+)/;

function detectMerge(headline: string): MergeInfo | null {
  const pr = PR_MERGE.exec(headline);
  if (pr) return { kind: "pull-request", prNumber: Number(pr[1]), source: pr[2] ?? null };
  const branch = BRANCH_MERGE.exec(headline);
  if (branch) return { kind: "branch", prNumber: null, source: branch[1] ?? null };
  if (OTHER_MERGE.test(headline)) return { kind: "branch", prNumber: null, source: null };
  return null;
}

function headerPrNumbers(headline: string): number[] {
  const out: number[] = [];
  for (const m of headline.matchAll(HEADER_PR)) out.push(Number(m[1]));
  return out;
}

function uniqueNumbers(values: Iterable<number>): number[] {
  const out: number[] = [];
  for (const v of values) if (Number.isSafeInteger(v) && v > 0 && !out.includes(v)) out.push(v);
  return out;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function toReference(ref: CommitReference): IssueReference {
  return {
    action: ref.action,
    owner: ref.owner,
    repository: ref.repository,
    prefix: ref.prefix,
    issue: ref.issue,
    raw: ref.raw,
  };
}

/** The fields of a commit without a conventional header (merge commits, empty messages). */
const notConventional = (merge: MergeInfo | null) => ({
  type: null,
  scope: null,
  subject: null,
  body: null,
  footer: null,
  breaking: false,
  breakingNotes: [],
  revert: null,
  merge,
  references: [],
});

/** What a revert commit reverts: from the parser, or from GitHub's `Revert "…"` headline and "This reverts commit". */
function revertOf(parsed: ReturnType<CommitParser["parse"]>, headline: string, message: string): RevertInfo | null {
  if (parsed.revert) return { header: str(parsed.revert["header"]), hash: str(parsed.revert["hash"]) };
  const gh = GITHUB_REVERT_HEADLINE.exec(headline);
  if (!gh) return null;
  const hash = REVERTS_COMMIT.exec(message);
  return { header: gh[1] ?? null, hash: hash?.[1] ?? null };
}

function parseOne(raw: RawCommit, parser: CommitParser): ParsedCommit {
  const message = raw.message.replace(/\r\n/g, "\n");
  const headline = (message.trim().split("\n")[0] ?? "").trim();
  const merge = detectMerge(headline);
  const fromHeader = headerPrNumbers(headline);
  const prNumbers = uniqueNumbers([
    ...(merge?.prNumber != null ? [merge.prNumber] : []),
    ...fromHeader,
    ...(raw.prNumbers ?? []),
  ]);
  const base = {
    oid: raw.oid,
    headline,
    prNumbers,
    authorLogin: raw.authorLogin ?? null,
    committedDate: raw.committedDate,
  };

  // Merge commits and empty messages carry no conventional header.
  if (merge || headline.length === 0) return { ...base, ...notConventional(merge) };

  const parsed = parser.parse(message);
  const type = str(parsed["type"])?.toLowerCase() ?? null;
  const notes = parsed.notes.filter((n) => /^BREAKING[ -]CHANGES?$/i.test(n.title.trim()));

  const revert = revertOf(parsed, headline, message);
  const references = parsed.references
    .filter(
      (r) => !(r.owner === null && r.repository === null && r.prefix === "#" && fromHeader.includes(Number(r.issue))),
    )
    .map(toReference);

  return {
    ...base,
    // A header such as ": foo" yields an empty type: treat it as non-conventional.
    type,
    scope: type === null ? null : str(parsed["scope"]),
    subject: type === null ? null : str(parsed["subject"]),
    body: str(parsed.body),
    footer: str(parsed.footer),
    breaking: notes.length > 0,
    breakingNotes: notes.map((n) => n.text),
    revert,
    merge: null,
    references,
  };
}

/**
 * Parses commits with the conventionalcommits preset's parser options.
 * Order is preserved; merge commits are kept (flagged with `merge`) so their PR
 * numbers remain available, but they are left out of changelogs and bumps.
 */
export function parseCommits(raw: readonly RawCommit[]): ParsedCommit[] {
  const parser = new CommitParser(parserOptions);
  return raw.map((c) => parseOne(c, parser));
}

/** Commit kinds as they appear in the changelog. */
export type CommitCategory = "feature" | "fix" | "perf" | "revert" | "other";

export function commitCategory(commit: ParsedCommit): CommitCategory {
  if (commit.revert) return "revert";
  switch (commit.type) {
    case "feat":
    case "feature":
      return "feature";
    case "fix":
      return "fix";
    case "perf":
      return "perf";
    case "revert":
      return "revert";
    default:
      return "other";
  }
}

/**
 * Bump implied by the commits: breaking → major, feat → minor, anything else
 * (fix, perf, revert, docs, chore, non-conventional …) → patch; no commits
 * (merge commits don't count) → null. No special 0.x rule is applied.
 */
export function suggestBump(commits: readonly ParsedCommit[]): Bump | null {
  let bump: Bump | null = null;
  for (const c of commits) {
    if (c.merge) continue;
    if (c.breaking) return "major";
    if (commitCategory(c) === "feature") bump = "minor";
    else if (bump === null) bump = "patch";
  }
  return bump;
}

/**
 * True when `train` is smaller than `semver.inc(previous, bump)`, i.e. the train
 * version does not cover the changes since `previous`. A prerelease train version
 * (`2.0.0-rc.1`) counts as its release (`2.0.0`). A null bump never is too small.
 */
export function impliedVersionTooSmall(previous: string, train: string, bump: Bump | null): boolean {
  if (bump === null) return false;
  const prev = semver.parse(previous);
  const target = semver.parse(train);
  if (!prev) throw new TypeError(`invalid previous version: ${JSON.stringify(previous)}`);
  if (!target) throw new TypeError(`invalid train version: ${JSON.stringify(train)}`);
  const implied = semver.inc(prev.version, bump);
  if (implied === null) throw new TypeError(`cannot apply ${bump} bump to ${prev.version}`);
  const release = `${target.major}.${target.minor}.${target.patch}`;
  return semver.lt(release, implied);
}
