/**
 * The plan's repositories (nodes), one per configured entry or per repository a glob entry
 * matches: a literal entry wins over a glob, and an earlier glob over a later one.
 */
import picomatch from "picomatch";
import { parseRepoRef, type RepoRef, type TrainConfig } from "../../config/schema.js";
import { compareNames } from "./names.js";
import type { Fail } from "./plan-errors.js";
import type { PlanContext } from "./types.js";

export interface PlanNode {
  owner: string;
  name: string;
  entryIndex: number;
}

export interface PlanNodes {
  /** In entry order, globs expanded in place. */
  nodes: PlanNode[];
  /** Full name (lower case) → index in `nodes`. */
  nodeByKey: Map<string, number>;
}

type Canonical = { owner: string; name: string };

/** Expands the configured repositories into nodes (globs against the installation's repositories). */
export function planNodes(config: TrainConfig, ctx: PlanContext, fail: Fail): PlanNodes {
  const visible = visibleRepos(ctx);
  const refs = config.repos.map((repo) => parseRepoRef(repo.name));
  const claimedBy = claimLiterals(config, ctx, refs, fail);
  const result: PlanNodes = { nodes: [], nodeByKey: new Map() };
  const add = (key: string, node: PlanNode) => {
    result.nodeByKey.set(key, result.nodes.length);
    result.nodes.push(node);
  };

  refs.forEach((ref, i) => {
    if (ref === undefined) return;
    const owner = ref.owner ?? ctx.owner;
    if (!ref.glob) {
      const key = `${owner}/${ref.name}`.toLowerCase();
      if (claimedBy.get(key) !== i) return;
      add(key, { ...(visible.get(key) ?? { owner, name: ref.name }), entryIndex: i });
      return;
    }
    if (ctx.installationRepos === "unknown") {
      // One node named by the pattern; `dependsOn` globs match its text as they would its repositories.
      const key = `${owner}/${ref.name}`.toLowerCase();
      if (result.nodeByKey.has(key)) return; // the same pattern twice: the first claims all it would match
      add(key, { owner, name: ref.name, entryIndex: i });
      return;
    }
    const matches = globMatches(visible, owner, ref.name);
    if (matches.length === 0) {
      fail(`repos[${i}].name`, `${JSON.stringify(config.repos[i]?.name)} matches no repository of the installation`);
      return;
    }
    for (const repo of matches) {
      const key = `${repo.owner}/${repo.name}`.toLowerCase();
      if (claimedBy.has(key)) continue;
      claimedBy.set(key, i);
      add(key, { ...repo, entryIndex: i });
    }
  });
  return result;
}

/** Canonical spelling of repositories the installation can see, keyed case-insensitively. */
function visibleRepos(ctx: PlanContext): Map<string, Canonical> {
  const visible = new Map<string, Canonical>();
  for (const fullName of ctx.installationRepos === "unknown" ? [] : ctx.installationRepos) {
    const [owner, name, ...rest] = fullName.split("/");
    if (owner && name && rest.length === 0) visible.set(fullName.toLowerCase(), { owner, name });
  }
  return visible;
}

/**
 * Literal entries first: they win over globs wherever they appear. Returns full name
 * (lower case) → the entry index that claims it; reports invalid and duplicate entries.
 */
function claimLiterals(
  config: TrainConfig,
  ctx: PlanContext,
  refs: readonly (RepoRef | undefined)[],
  fail: Fail,
): Map<string, number> {
  const claimedBy = new Map<string, number>();
  refs.forEach((ref, i) => {
    if (ref === undefined) {
      fail(`repos[${i}].name`, `invalid repository ${JSON.stringify(config.repos[i]?.name)}`);
    } else if (!ref.glob) {
      const owner = ref.owner ?? ctx.owner;
      const key = `${owner}/${ref.name}`.toLowerCase();
      const first = claimedBy.get(key);
      if (first !== undefined) {
        fail(`repos[${i}].name`, `duplicate repo ${JSON.stringify(`${owner}/${ref.name}`)} (also repos[${first}])`);
      } else {
        claimedBy.set(key, i);
      }
    }
  });
  return claimedBy;
}

/** The visible repositories of `owner` whose name matches `pattern`, sorted by name. */
function globMatches(visible: ReadonlyMap<string, Canonical>, owner: string, pattern: string): Canonical[] {
  const isMatch = picomatch(pattern, { nocase: true });
  return [...visible.values()]
    .filter((repo) => repo.owner.toLowerCase() === owner.toLowerCase() && isMatch(repo.name))
    .sort((a, b) => compareNames(a.name, b.name));
}
