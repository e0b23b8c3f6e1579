import semver from "semver";
import { findJsonValues, type Span } from "./json-spans.js";

/**
 * A file whose version is bumped in a release:
 * - `"package.json"` / `"package-lock.json"` (any directory): the npm version fields;
 * - any path whose basename is `VERSION`: the whole content is the version;
 * - `{ path, pattern }`: `pattern` is a regex source with one capture group around
 *   the version; the first match is replaced (`^`/`$` match at line boundaries).
 */
export type VersionFileRule = string | { path: string; pattern: string };

export type BumpResult =
  | { ok: true; content: string; previous: string | null; changed: boolean }
  | { ok: false; message: string };

export function versionFilePath(rule: VersionFileRule): string {
  return typeof rule === "string" ? rule : rule.path;
}

function basename(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

function replaceSpans(text: string, spans: readonly Span[], replacement: string): string {
  let out = text;
  for (const s of [...spans].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, s.start) + replacement + out.slice(s.end);
  }
  return out;
}

function parseJson(path: string, content: string): { ok: true } | { ok: false; message: string } {
  try {
    JSON.parse(content);
    return { ok: true };
  } catch (err) {
    return { ok: false, message: `${path} is not valid JSON: ${(err as Error).message}` };
  }
}

/** JSON files: replace the string values at `paths` (at least the first must exist). */
function bumpJson(
  path: string,
  content: string,
  version: string,
  required: readonly string[],
  optional: readonly (readonly string[])[],
): BumpResult {
  const valid = parseJson(path, content.replace(/^\uFEFF/, ""));
  if (!valid.ok) return valid;
  let found: Map<string, Span[]>;
  try {
    found = findJsonValues(content, [required, ...optional]);
  } catch (err) {
    return { ok: false, message: `${path} could not be read: ${(err as Error).message}` };
  }
  const describe = (p: readonly string[]) =>
    p.length === 1 ? `"${p[0]}"` : p.map((k, n) => (n === 0 ? k : `[${JSON.stringify(k)}]`)).join("");
  const main = found.get(JSON.stringify(required)) ?? [];
  if (main.length === 0) {
    return { ok: false, message: `${path} has no top-level ${describe(required)} field` };
  }
  const spans: Span[] = [];
  for (const p of [required, ...optional]) {
    for (const s of found.get(JSON.stringify(p)) ?? []) {
      if (typeof s.value !== "string") {
        return { ok: false, message: `${describe(p)} in ${path} is not a string` };
      }
      spans.push(s);
    }
  }
  // JSON.parse keeps the last duplicate key; report that one.
  const previous = main[main.length - 1]?.value as string;
  const next = replaceSpans(content, spans, JSON.stringify(version));
  return { ok: true, content: next, previous, changed: next !== content };
}

/** VERSION files: the content is the version; a `v` prefix and trailing newline are kept. */
function bumpVersionText(content: string, version: string): BumpResult {
  const trailing = /\s*$/.exec(content)?.[0] ?? "";
  const current = content.trim();
  const prefix = /^v\d/.test(current) ? "v" : "";
  const next = `${prefix}${version}${trailing}`;
  return { ok: true, content: next, previous: current === "" ? null : current, changed: next !== content };
}

function countGroups(re: RegExp): number {
  return (new RegExp(`${re.source}|`, re.flags).exec("")?.length ?? 1) - 1;
}

function bumpPattern(path: string, pattern: string, content: string, version: string): BumpResult {
  let re: RegExp;
  try {
    re = new RegExp(pattern, "md");
  } catch (err) {
    return {
      ok: false,
      message: `pattern /${pattern}/ for ${path} is not a valid regular expression: ${(err as Error).message}`,
    };
  }
  if (countGroups(re) < 1) {
    return { ok: false, message: `pattern /${pattern}/ for ${path} needs a capture group around the version` };
  }
  const m = re.exec(content);
  if (!m) return { ok: false, message: `pattern /${pattern}/ did not match in ${path}` };
  const span = m.indices?.[1];
  const previous = m[1];
  if (!span || previous === undefined) {
    return { ok: false, message: `pattern /${pattern}/ matched in ${path} but its capture group did not` };
  }
  const next = content.slice(0, span[0]) + version + content.slice(span[1]);
  return { ok: true, content: next, previous, changed: next !== content };
}

/**
 * Sets `version` in one file, changing nothing else (formatting, key order,
 * trailing newline are preserved). `changed: false` when already at `version`.
 */
export function bumpVersionFile(rule: VersionFileRule, content: string, version: string): BumpResult {
  const path = versionFilePath(rule);
  if (semver.valid(version) !== version) {
    return { ok: false, message: `cannot write ${JSON.stringify(version)} to ${path}: not a semver version` };
  }
  if (typeof rule !== "string") return bumpPattern(rule.path, rule.pattern, content, version);
  const name = basename(rule);
  if (name === "package.json") return bumpJson(path, content, version, ["version"], []);
  if (name === "package-lock.json" || name === "npm-shrinkwrap.json") {
    return bumpJson(path, content, version, ["version"], [["packages", "", "version"]]);
  }
  if (name === "VERSION") return bumpVersionText(content, version);
  return {
    ok: false,
    message: `don't know how to set the version in ${path}; use { path, pattern } with a capture group around the version`,
  };
}

/** Version files to bump when none are configured. */
export function defaultVersionFiles(existingPaths: ReadonlySet<string>): string[] {
  const files: string[] = [];
  if (existingPaths.has("package.json")) {
    files.push("package.json");
    if (existingPaths.has("package-lock.json")) files.push("package-lock.json");
  }
  return files;
}
