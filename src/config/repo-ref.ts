/** Repository references as the configuration writes them: `name`, `owner/name`, or a glob in the name. */

/** Characters GitHub allows in a repository name, plus the glob characters `*` and `?`. */
const REPO_NAME_RE = /^[A-Za-z0-9._*?-]+$/;
/** Owners (users and organisations) and team slugs use the same character set, no globs. */
const PLAIN_NAME_RE = /^[A-Za-z0-9._-]+$/;
const GLOB_CHARS_RE = /[*?]/;

export interface RepoRef {
  /** The owner when written as `owner/name`, otherwise undefined (the orchestration repo's owner). */
  owner: string | undefined;
  name: string;
  /** True when `name` contains `*` or `?`. */
  glob: boolean;
}

/**
 * Splits a repository reference as written in the file (`name`, `owner/name`, or a glob in
 * the name part). Returns undefined when the text is not a well-formed reference.
 */
export function parseRepoRef(text: string): RepoRef | undefined {
  const parts = text.split("/");
  if (parts.length > 2) return undefined;
  const name = parts.length === 2 ? parts[1] : parts[0];
  const owner = parts.length === 2 ? parts[0] : undefined;
  if (name === undefined || !isRepoNamePart(name)) return undefined;
  if (owner !== undefined && !isPlainName(owner)) return undefined;
  return { owner, name, glob: GLOB_CHARS_RE.test(name) };
}

export function isGlob(text: string): boolean {
  return GLOB_CHARS_RE.test(text);
}

function isRepoNamePart(name: string): boolean {
  return name.length > 0 && name.length <= 100 && REPO_NAME_RE.test(name) && !name.includes("..") && name !== ".";
}

export function isPlainName(name: string): boolean {
  return name.length > 0 && name.length <= 100 && PLAIN_NAME_RE.test(name) && !name.includes("..") && name !== ".";
}
