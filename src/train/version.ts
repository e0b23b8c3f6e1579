/**
 * The train's version: one `vX.Y.Z` for the whole constellation, read from the tracking
 * issue's milestone or title. Pure.
 */
import semver from "semver";

export type VersionSource = "milestone" | "title";

export type VersionResult =
  | {
      ok: true;
      /** `2.0.0` */
      version: string;
      /** `v2.0.0` */
      tag: string;
      /** `release/v2.0.0`, also for `2.0.0-rc.1`: every pre-release of a version shares its branch */
      branch: string;
      source: VersionSource;
    }
  | { ok: false; message: string };

export interface VersionInput {
  milestoneTitle?: string | null;
  issueTitle: string;
}

const IDENT = String.raw`(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)`;
const CORE = String.raw`(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)`;
const PRERELEASE = String.raw`(?:-${IDENT}(?:\.${IDENT})*)`;
const BUILD = String.raw`(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)`;
/** Strict semver without build metadata, optional `v` prefix. */
const RELEASE_VERSION_RE = new RegExp(`^[vV]?(${CORE}${PRERELEASE}?)$`);
/** Strict semver, build metadata allowed, optional `v` prefix (for existing tags). */
const SEMVER_TAG_RE = new RegExp(`^[vV]?(${CORE}${PRERELEASE}?${BUILD}?)$`);
const WITH_BUILD_RE = new RegExp(`^[vV]?${CORE}${PRERELEASE}?${BUILD}$`);

/** A word that looks like an attempt at a version: `2.0`, `v2.0.0-rc.1`, `01.2.3`… */
const CANDIDATE_RE = /\d\.\d/;
/** Characters a release title has no business containing. */
const FORBIDDEN_RE = /[\u0000-\u001f\u007f`;|\\<>]|\$[({]|\.\.\//;
const MAX_VERSION_LENGTH = 64;

const HELP =
  "Name the milestone (or, without a milestone, the tracking issue) with exactly one version, for example " +
  "`v2.0.0`, `2.0.0`, `BlackRoad OS 2.0.0` or `Release v2.1.0-rc.1`. " +
  "Prereleases such as `-rc.1` are allowed; build metadata such as `+build.5` is not.";

type Extracted = { kind: "found"; version: string } | { kind: "none" } | { kind: "invalid"; reason: string };

/**
 * The train's version: from the milestone title when the issue has a milestone (the issue
 * title is then not read, so a milestone that is not a version is refused whatever the
 * title says), otherwise from the issue title. The version must be strict semver (no
 * leading zeros, no build metadata) and make valid git ref names as `v<version>` and
 * `release/v<version>`.
 */
export function versionFromIssue(input: VersionInput): VersionResult {
  const milestone = input.milestoneTitle?.trim() ? input.milestoneTitle : undefined;
  const [text, where, source] =
    milestone !== undefined
      ? [milestone, "milestone title", "milestone" as const]
      : [input.issueTitle, "issue title", "title" as const];
  const found = extractVersion(text, where);
  if (found.kind === "found") return success(found.version, source);
  if (found.kind === "invalid") return { ok: false, message: `${found.reason}. ${HELP}` };
  const titleNotRead =
    source === "milestone"
      ? " (with a milestone, the version comes from the milestone alone, not from the issue title)"
      : "";
  return { ok: false, message: `No version found in the ${where} ${quote(text)}${titleNotRead}. ${HELP}` };
}

/** Whether `version` is greater (by semver) than the version of `tag`; true when `tag` is absent or not a version. */
export function isNewer(version: string, tag: string | undefined): boolean {
  const next = RELEASE_VERSION_RE.exec(version)?.[1] ?? SEMVER_TAG_RE.exec(version)?.[1];
  if (next === undefined) return false;
  const current = tag === undefined ? undefined : SEMVER_TAG_RE.exec(tag)?.[1];
  return current === undefined || semver.gt(next, current);
}

/** The highest semver tag (`v` prefix optional, prereleases ordered per semver); non-version tags are ignored. */
export function latestSemverTag(tagNames: readonly string[]): string | undefined {
  let best: { tag: string; version: string } | undefined;
  for (const tag of tagNames) {
    const version = SEMVER_TAG_RE.exec(tag)?.[1];
    if (version === undefined) continue;
    if (best === undefined || semver.compare(version, best.version) > 0) best = { tag, version };
  }
  return best?.tag;
}

/** git's rules for ref names (`git check-ref-format`). */
export function isValidRefName(ref: string): boolean {
  if (ref === "" || ref === "@" || ref.length > 255) return false;
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref)) return false;
  if (ref.includes("..") || ref.includes("@{") || ref.includes("//")) return false;
  if (ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".")) return false;
  return ref.split("/").every((part) => !part.startsWith(".") && !part.endsWith(".lock"));
}

function success(version: string, source: VersionSource): VersionResult {
  return { ok: true, ...trainVersionOf(version), source };
}

/** The train's kind: a final release, or a pre-release (`-rc.1`, `-beta.2`…) that is never the repositories' latest. */
export type TrainMode = "release" | "prerelease";

/** `2.0.0-rc.1` → `prerelease`, `2.0.0` → `release`. */
export function modeOf(version: string): TrainMode {
  return semver.prerelease(version) === null ? "release" : "prerelease";
}

/**
 * Tag and release branch of a version. The branch is named after the version without its
 * pre-release part, so `2.0.0-rc.1`, `2.0.0-rc.2` and the final `2.0.0` continue on one
 * `release/v2.0.0`, picking up the fixes merged into it.
 */
export function trainVersionOf(version: string): { version: string; tag: string; branch: string } {
  const parsed = semver.parse(version);
  const core = parsed ? `${parsed.major}.${parsed.minor}.${parsed.patch}` : version;
  return { version, tag: `v${version}`, branch: `release/v${core}` };
}

function extractVersion(text: string, where: string): Extracted {
  if (FORBIDDEN_RE.test(text)) {
    return {
      kind: "invalid",
      reason:
        `The ${where} ${quote(text)} contains characters that are not allowed in a release title ` +
        "(backticks, `$(`, `${`, `;`, `|`, `<`, `>`, backslashes, `../` or control characters)",
    };
  }
  // Full-width and other look-alike digits count as an attempt (NFKC), to be refused by name below.
  const candidates = text.split(/\s+/).filter((word) => CANDIDATE_RE.test(word.normalize("NFKC")));
  if (candidates.length === 0) return { kind: "none" };
  if (candidates.length > 1) {
    return {
      kind: "invalid",
      reason: `The ${where} ${quote(text)} names more than one version: ${candidates.map(quote).join(", ")}`,
    };
  }
  const word = candidates[0] as string;
  const foreign = [...new Set([...word].filter((ch) => ch > "\u007e"))];
  if (foreign.length > 0) {
    const named = foreign.map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(", ");
    return {
      kind: "invalid",
      reason: `The ${where} has ${quote(word)}, which is written with characters that are not ASCII (${named}): a version uses the digits 0-9, for example \`${word.normalize("NFKC").replace(/[^\x21-\x7e]/g, "")}\``,
    };
  }
  const token = unwrap(word);
  if (WITH_BUILD_RE.test(token)) {
    return {
      kind: "invalid",
      reason: `The ${where} has ${quote(token)}: build metadata (\`+…\`) cannot be part of a release version`,
    };
  }
  const version = RELEASE_VERSION_RE.exec(token)?.[1];
  if (version === undefined) {
    return {
      kind: "invalid",
      reason: `The ${where} has ${quote(word)}, which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros)`,
    };
  }
  if (version.length > MAX_VERSION_LENGTH) {
    return { kind: "invalid", reason: `The version in the ${where} is longer than ${MAX_VERSION_LENGTH} characters` };
  }
  if (!isValidRefName(`v${version}`) || !isValidRefName(`release/v${version}`)) {
    return {
      kind: "invalid",
      reason: `The ${where} has ${quote(version)}, which does not make a valid git tag or branch name`,
    };
  }
  return { kind: "found", version };
}

/** `(v2.0.0)`, `[v2.0.0]`, `v2.0.0,`, `v2.0.0:` or `(v2.0.0).` → `v2.0.0`. */
function unwrap(word: string): string {
  const token = word.replace(/[,.:!]$/, "");
  return /^\(.*\)$|^\[.*\]$/.test(token) ? token.slice(1, -1) : token;
}

/** Quoted for a reply: clipped, and invisible or text-direction characters shown as escapes so they cannot reorder the reply. */
function quote(text: string): string {
  const json = JSON.stringify(text.length > 100 ? `${text.slice(0, 97)}...` : text);
  return json.replace(
    /[\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );
}
