// Loading `.github/release-train.yml` for a train. The file's text arrives with the
// train's observation (same GraphQL request), so a reconcile pays nothing for it;
// `_extends` and the organisation's `.github` repository cost one read each when used,
// with Probot's semantics (`_extends: repo`, `owner/repo`, or `owner/repo:path`).
import { DEFAULT_CONFIG_PATH, mergeExtends, parseYamlDocument, validateConfig, type ConfigResult } from "./parse.js";

/** Reads a file's text from a repository's default branch; null when absent. */
export type ReadFile = (owner: string, repo: string, path: string) => Promise<string | null>;

const MAX_EXTENDS_DEPTH = 5;

interface Located {
  owner: string;
  repo: string;
  path: string;
}

/** Parses an `_extends` value relative to the repository holding the file. */
export function parseExtends(value: string, from: Located): Located | null {
  const match = /^(?:([A-Za-z0-9-]+)\/)?([A-Za-z0-9._-]+)(?::([A-Za-z0-9._/-]+))?$/.exec(value.trim());
  if (!match || match[3]?.includes("..")) return null;
  return { owner: match[1] ?? from.owner, repo: match[2]!, path: match[3] ?? DEFAULT_CONFIG_PATH };
}

export interface LoadedConfig {
  result: ConfigResult;
  /** Where the configuration came from, for messages (`owner/repo:path`, chain joined by ←). */
  source: string;
}

/**
 * Resolves the configuration given the orchestration repo's file text (null when the
 * repository has none: the organisation's `.github` repository is tried).
 */
export async function loadConfig(text: string | null, at: Located, readFile: ReadFile): Promise<LoadedConfig> {
  let location = at;
  let current = text;
  if (current === null) {
    location = { owner: at.owner, repo: ".github", path: at.path };
    current = await readFile(location.owner, location.repo, location.path);
    if (current === null) {
      return {
        source: `${at.owner}/${at.repo}:${at.path}`,
        result: {
          ok: false,
          errors: [{ path: "", message: `no ${at.path} in ${at.owner}/${at.repo} or ${at.owner}/.github` }],
        },
      };
    }
  }
  const chain = [`${location.owner}/${location.repo}:${location.path}`];
  const document = parseYamlDocument(current, chain[0]!);
  if (!document.ok) return { source: chain[0]!, result: document };
  let data: unknown = document.data;

  for (let depth = 0; isRecord(data) && typeof data._extends === "string"; depth += 1) {
    const source = chain.join(" ← ");
    if (depth >= MAX_EXTENDS_DEPTH)
      return { source, result: fail(`_extends: more than ${MAX_EXTENDS_DEPTH} levels of _extends`) };
    const target = parseExtends(data._extends, location);
    if (!target)
      return { source, result: fail(`_extends: "${data._extends}" is not repo, owner/repo or owner/repo:path`) };
    const baseText = await readFile(target.owner, target.repo, target.path);
    const name = `${target.owner}/${target.repo}:${target.path}`;
    if (baseText === null) return { source, result: fail(`_extends: ${name} not found`) };
    const base = parseYamlDocument(baseText, name);
    if (!base.ok) return { source: `${source} ← ${name}`, result: base };
    data = mergeExtends(base.data, data);
    chain.push(name);
    location = target;
  }
  return { source: chain.join(" ← "), result: validateConfig(data) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(message: string): ConfigResult {
  const [path, ...rest] = message.split(": ");
  return { ok: false, errors: [{ path: path ?? "", message: rest.join(": ") }] };
}
