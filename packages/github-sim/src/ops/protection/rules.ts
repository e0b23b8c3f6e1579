import type { SimCore } from "../../core.js";
import { requirementsFor, type BranchRequirements } from "../../store/protection.js";
import type { Repo } from "../../store/types.js";
import { bypassesRuleset, type Actor } from "./access.js";

export const RULESET_PREFIX = "Repository rule violations found";
export const UNSIGNED = "Commits must have verified signatures.";

/** The rules that apply to `branch`, from classic protection, rulesets, or both. */
export function requirements(repo: Repo, branch: string): BranchRequirements {
  return requirementsFor(repo.protection, branch, repo.defaultBranch);
}

/** Classic protection only, or the rulesets `actor` does not bypass (GitHub reports each with its own wording). */
export function partial(
  core: SimCore,
  repo: Repo,
  branch: string,
  source: "classic" | "ruleset",
  actor: Actor | null = null,
  viaPullRequest = false,
): BranchRequirements {
  const p = repo.protection;
  return requirementsFor(
    source === "classic"
      ? { ...p, rulesets: [] }
      : {
          ...p,
          classic: new Map(),
          rulesets: p.rulesets.filter((r) => !(actor && bypassesRuleset(core, repo, r, actor, viaPullRequest))),
        },
    branch,
    repo.defaultBranch,
  );
}

/**
 * Would moving `branch` to `sha` bring a commit GitHub did not verify onto it? New commits
 * are those not on the branch yet (for a new branch, not on the default branch).
 */
export function addsUnverified(repo: Repo, branch: string, sha: string): boolean {
  const tip = repo.git.refs.get(`refs/heads/${branch}`) ?? repo.git.refs.get(`refs/heads/${repo.defaultBranch}`);
  return repo.git.log(repo.git.peel(sha), tip).some((c) => !c.verified);
}
