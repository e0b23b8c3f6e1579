// What the rules say about merging a pull request: the merge endpoint's 405, GraphQL's
// mergeStateStatus, and what keeps a pull request out of the merge queue.
import type { SimCore } from "../../core.js";
import { ApiError } from "../../errors.js";
import type { BranchRequirements } from "../../store/protection.js";
import { mergeability } from "../../store/queries.js";
import type { PullRequest, Repo } from "../../store/types.js";
import { classicAllowsPush, classicBinds } from "./access.js";
import { checkViolations } from "./required-checks.js";
import { reviewViolations } from "./reviews.js";
import { addsUnverified, partial, requirements, RULESET_PREFIX, UNSIGNED } from "./rules.js";

/** Why GitHub would refuse `pulls.merge` for this PR now (reviews and checks; the merge queue when asked). */
function violations(
  core: SimCore,
  repo: Repo,
  pr: PullRequest,
  req: BranchRequirements,
  method: string | null,
  queue: boolean,
): string[] {
  const out: string[] = [];
  if (queue && req.mergeQueue) out.push("Changes must be made through the merge queue");
  out.push(...reviewViolations(core, repo, pr, req));
  out.push(...checkViolations(repo, pr.headSha, req));
  if (req.strict && !repo.git.isAncestor(repo.git.refs.get(`refs/heads/${pr.baseRef}`) ?? pr.baseSha, pr.headSha))
    out.push("Head branch is out of date with the base branch.");
  // A squash merge is a new commit GitHub signs; a merge commit or a rebase keeps the PR's own commits.
  if (method && req.signatures && method !== "squash" && addsUnverified(repo, pr.baseRef, pr.headSha))
    out.push(UNSIGNED);
  // Extrapolated from GitHub's repository-level "Merge commits are not allowed on this repository."
  if (method && req.linearHistory && method === "merge") out.push("Merge commits are not allowed on this branch.");
  // The simulator's wording (GitHub documents the rule, not its message).
  if (method && req.mergeMethods && !req.mergeMethods.includes(method))
    out.push(`Merge method ${method} is not allowed on this branch. Allowed: ${req.mergeMethods.join(", ")}.`);
  return out;
}

/**
 * Throws GitHub's 405 when branch protection or a ruleset forbids merging `pr` now. A
 * repository admin merges past classic protection that does not enforce admins (GitHub's
 * "bypass branch protections"); rulesets hold admins unless they are bypass actors.
 */
export function assertMergeAllowed(
  core: SimCore,
  repo: Repo,
  pr: PullRequest,
  actor: string,
  appId: number | null,
  method: string,
  viaQueue = false,
): void {
  const classic = partial(core, repo, pr.baseRef, "classic");
  if (classic.classic && classicBinds(repo, classic.classic, { login: actor, appId })) {
    const found = violations(core, repo, pr, classic, method, false);
    if (!classicAllowsPush(core, repo, pr.baseRef, actor, appId))
      found.unshift("You're not authorized to push to this branch.");
    if (found.length > 0) throw new ApiError(405, found[0]!);
  }
  const rules = partial(core, repo, pr.baseRef, "ruleset", { login: actor, appId }, true);
  if (!rules.sources.has("ruleset")) return;
  const found = violations(core, repo, pr, rules, method, !viaQueue);
  if (rules.updateBlocked.length > 0) found.unshift("Cannot update this protected ref.");
  if (found.length > 0) throw new ApiError(405, `${RULESET_PREFIX}\n\n${found.join("\n\n")}\n\n`);
}

export type MergeStateStatus = "BEHIND" | "BLOCKED" | "CLEAN" | "DIRTY" | "UNKNOWN" | "UNSTABLE";

/** GraphQL `mergeStateStatus`, from the same rules the merge endpoint enforces. */
export function mergeStateStatus(core: SimCore, repo: Repo, pr: PullRequest, open: boolean): MergeStateStatus {
  if (!open) return "UNKNOWN";
  const m = mergeability(repo, pr);
  if (!m.mergeable) return "DIRTY";
  const req = requirements(repo, pr.baseRef);
  // Unsigned commits block the merge box (only a squash, a commit GitHub signs, could land them).
  const unsigned = req.signatures && addsUnverified(repo, pr.baseRef, pr.headSha);
  if (unsigned || reviewViolations(core, repo, pr, req).length > 0 || checkViolations(repo, pr.headSha, req).length > 0)
    return "BLOCKED";
  if (req.strict && m.mergeableState === "behind") return "BEHIND";
  return m.mergeableState === "unstable" ? "UNSTABLE" : "CLEAN";
}

/** What blocks a PR from entering the merge queue (reviews and required checks on its head). */
export function queueViolations(core: SimCore, repo: Repo, pr: PullRequest): string[] {
  const req = requirements(repo, pr.baseRef);
  return [...reviewViolations(core, repo, pr, req), ...checkViolations(repo, pr.headSha, req)];
}
