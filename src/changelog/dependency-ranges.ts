// A dependent's package.json after its dependencies' new versions are known: each range on a
// package of the train is moved to the new version with its operator kept, or left as
// written with the reason. Only the range strings change (formatting, order and the rest of
// the file are kept). Pure.
import semver from "semver";
import { findJsonValues, type Span } from "./json-spans.js";

export type RangeEdit = { kind: "rewritten"; range: string } | { kind: "kept"; why: string };

/** Sections whose ranges are moved; `peerDependencies` are read (and reported) but left to people. */
export const REWRITTEN_SECTIONS = ["dependencies", "devDependencies", "optionalDependencies"] as const;
const SECTIONS = [...REWRITTEN_SECTIONS, "peerDependencies"] as const;
export type DependencySection = (typeof SECTIONS)[number];

const PART = String.raw`(\d+|[xX*])`;
/** One comparator: an optional `^`, `~`, `~>`, `>=` or `=`, an optional `v`, one to three parts (or `x`/`*`), a pre-release and build. */
const SIMPLE_RANGE = new RegExp(
  String.raw`^(\^|~>?|>=|=)?(\s*)(v?)${PART}(?:\.${PART})?(?:\.${PART})?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`,
);
const ALIAS = /^npm:((?:@[^/@\s]+\/)?[^/@\s]+)@(.*)$/;
const WILDCARD = /^[xX*]$/;

/** Why a range form is never rewritten, tested in this order. */
const KEPT_FORMS: ReadonlyArray<[RegExp, string]> = [
  [/^workspace:/, "a `workspace:` range (the workspace tool resolves it)"],
  [/^(?:file|link|portal):/, "a local path"],
  [/^(?:git\+|git:|github:|gitlab:|bitbucket:|https?:)|^[^@\s/]+\/[^\s]+$|\.git(?:#|$)/, "a git or URL dependency"],
  [/^\s*(?:[xX*]\s*)?$/, "accepts any version"],
  [/\|\|/, "a union of ranges (`||`)"],
  [/\s-\s/, "a hyphen range"],
  [/^\s*(?:<|<=|>(?!=))/, "an upper bound or an exclusive lower bound (`<`, `<=`, `>`)"],
  [/[^\s^~<>=]\s+\S/, "a compound range"],
  [/^(?!v\d)[A-Za-z][\w.-]*$/, "a dist-tag"],
];

/**
 * `range` moved to `version`, keeping its form: `^1.2.3` → `^2.0.0`, `~1.2.3` → `~2.0.0`,
 * `1.2.3` → `2.0.0`, `>=1.2.3` → `>=2.0.0`, `=1.2.3`, `v1.2.3`, `~>1.2.3`, and partial or
 * x-ranges to the same precision (`^1.2` → `^2.0`, `1.x` → `2.x`, `1.2.*` → `2.0.*`);
 * `npm:pkg@<range>` aliases rewrite their range. Anything else is kept, with the reason.
 */
export function rewriteRange(range: string, version: string): RangeEdit {
  const alias = ALIAS.exec(range);
  if (alias) {
    const inner = rewriteRange(alias[2]!, version);
    return inner.kind === "rewritten" ? { kind: "rewritten", range: `npm:${alias[1]}@${inner.range}` } : inner;
  }
  const trimmed = range.trim();
  for (const [form, why] of KEPT_FORMS) if (form.test(trimmed)) return { kind: "kept", why };
  const match = SIMPLE_RANGE.exec(trimmed);
  const next = semver.parse(version);
  if (!match || !next || semver.validRange(trimmed) === null) return { kind: "kept", why: "not a semver range" };
  const [, operator = "", space = "", v = "", ...rest] = match;
  const parts = rest.slice(0, 3).filter((p): p is string => p !== undefined);
  const numbers = [next.major, next.minor, next.patch];
  let wild = false;
  const moved = parts.map((part, i) => {
    wild ||= WILDCARD.test(part);
    return wild ? part : String(numbers[i]);
  });
  const prerelease = parts.length === 3 && !wild && next.prerelease.length > 0 ? `-${next.prerelease.join(".")}` : "";
  const rewritten = `${operator}${space}${v}${moved.join(".")}${prerelease}`;
  // A form whose precision cannot name the new version (`^2.0` for 2.0.0-rc.1) is left to people.
  if (!semver.satisfies(version, rewritten))
    return { kind: "kept", why: `\`${rewritten}\` would not accept ${version}` };
  return { kind: "rewritten", range: range.replace(trimmed, rewritten) };
}

export interface DependencyRange {
  section: DependencySection;
  /** The key in the section (an alias's own name when `npm:` aliased). */
  name: string;
  /** The package the range is on (the alias's target). */
  package: string;
  from: string;
  /** The dependency's version in this train. */
  version: string;
  /** The declared range already accepted the new version. */
  acceptedBefore: boolean;
}

export interface DependencyEdit extends DependencyRange {
  to: string;
}

export interface KeptDependency extends DependencyRange {
  why: string;
}

export type ManifestUpdate =
  | { ok: true; content: string; edits: DependencyEdit[]; kept: KeptDependency[] }
  | { ok: false; message: string };

const accepts = (version: string, range: string): boolean => {
  const inner = ALIAS.exec(range)?.[2] ?? range;
  return semver.validRange(inner) !== null && semver.satisfies(version, inner);
};

/**
 * package.json `content` with the ranges on `versions`' packages (package name → its new
 * version) moved in `dependencies`, `devDependencies` and `optionalDependencies`; ranges
 * that are kept, and every `peerDependencies` range, are listed in `kept`.
 */
export function updateDependencies(content: string, versions: Readonly<Record<string, string>>): ManifestUpdate {
  let manifest: unknown;
  try {
    manifest = JSON.parse(content.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, message: `package.json is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest))
    return { ok: false, message: "package.json is not a JSON object" };
  const edits: DependencyEdit[] = [];
  const kept: KeptDependency[] = [];
  const wanted: Array<{ path: string[]; edit: DependencyEdit }> = [];
  for (const section of SECTIONS) {
    const ranges = (manifest as Record<string, unknown>)[section];
    if (typeof ranges !== "object" || ranges === null) continue;
    for (const [name, from] of Object.entries(ranges as Record<string, unknown>)) {
      if (typeof from !== "string") continue;
      const pkg = ALIAS.exec(from)?.[1] ?? name;
      const version = versions[pkg];
      if (version === undefined) continue;
      const base = { section, name, package: pkg, from, version, acceptedBefore: accepts(version, from) };
      const edit =
        section === "peerDependencies"
          ? ({ kind: "kept", why: "a peer range (widen it by hand: it is a promise to the package's users)" } as const)
          : rewriteRange(from, version);
      if (edit.kind === "kept") kept.push({ ...base, why: edit.why });
      else if (edit.range !== from) wanted.push({ path: [section, name], edit: { ...base, to: edit.range } });
    }
  }
  const found = findJsonValues(
    content,
    wanted.map((w) => w.path),
  );
  const replacements: Array<{ span: Span; text: string }> = [];
  for (const { path, edit } of wanted) {
    // JSON.parse keeps the last of duplicate keys: that is the one npm reads.
    const span = found.get(JSON.stringify(path))?.at(-1);
    if (span) replacements.push({ span, text: JSON.stringify(edit.to) });
    edits.push(edit);
  }
  let next = content;
  for (const { span, text } of replacements.sort((a, b) => b.span.start - a.span.start))
    next = next.slice(0, span.start) + text + next.slice(span.end);
  return { ok: true, content: next, edits, kept };
}
