// What the rules say about a push or a ref change: the refusal, and how each API words it.
import type { SimCore } from "../../core.js";
import { ApiError } from "../../errors.js";
import type { Repo } from "../../store/types.js";
import { classicAllowsPush, classicBinds, type Actor } from "./access.js";
import { requiredCheckState } from "./required-checks.js";
import { addsUnverified, partial, RULESET_PREFIX, UNSIGNED } from "./rules.js";

export type RefChange = "create" | "update" | "force" | "delete";

/** How GitHub words a refusal: classic protection's reason, or a ruleset's violations. */
export interface PushRefusal {
  source: "classic" | "ruleset";
  reasons: string[];
}

/** Why classic protection refuses this change to `branch` (empty when it allows it or binds no one here). */
function classicRefusal(
  core: SimCore,
  repo: Repo,
  branch: string,
  actor: Actor,
  change: RefChange,
  sha: string | null,
): string[] {
  const classic = repo.protection.classic.get(branch);
  if (!classic || !classicBinds(repo, classic, actor)) return [];
  if (!classicAllowsPush(core, repo, branch, actor.login, actor.appId))
    return ["You're not authorized to push to this branch."];
  if (change === "force" && !classic.allowForcePushes) return ["Cannot force-push to this protected branch."];
  if (change === "delete") return classic.allowDeletions ? [] : ["Cannot delete this protected branch."];
  if (classic.requiredPullRequestReviews) return ["Changes must be made through a pull request."];
  if (classic.requiredSignatures && sha && addsUnverified(repo, branch, sha)) return [UNSIGNED];
  const missing = sha
    ? classic.requiredStatusChecks?.contexts.find((c) => requiredCheckState(repo, sha, c) !== "success")
    : undefined;
  return missing ? [`Required status check "${missing}" is expected.`] : [];
}

/** Why the rulesets `actor` does not bypass refuse this change to `branch`. */
function rulesetRefusal(
  core: SimCore,
  repo: Repo,
  branch: string,
  actor: Actor,
  change: RefChange,
  sha: string | null,
): string[] {
  const rules = partial(core, repo, branch, "ruleset", actor);
  const problems: string[] = [];
  if (change === "create" && rules.creationBlocked.length > 0)
    problems.push("Cannot create ref due to creations being restricted.");
  if (change === "update" || change === "force") {
    if (rules.updateBlocked.length > 0) problems.push("Cannot update this protected ref.");
    if (rules.pullRequestRulesets.length > 0) problems.push("Changes must be made through a pull request.");
    if (rules.mergeQueue) problems.push("Changes must be made through the merge queue");
    if (rules.checks.length > 0) problems.push("Required status checks must pass before this ref can be updated.");
  }
  if (change === "force" && rules.nonFastForward) problems.push("Cannot force-push to this branch");
  if (rules.signatures && sha && change !== "delete" && addsUnverified(repo, branch, sha)) problems.push(UNSIGNED);
  return [...new Set(problems)];
}

/** What branch protection and rulesets say about a push or ref change (null: allowed). */
export function pushRefusal(
  core: SimCore,
  repo: Repo,
  ref: string,
  actor: Actor,
  change: RefChange,
  sha: string | null,
): PushRefusal | null {
  if (!ref.startsWith("refs/heads/")) return null;
  const branch = ref.slice(11);
  const classic = classicRefusal(core, repo, branch, actor, change, sha);
  if (classic.length > 0) return { source: "classic", reasons: classic };
  const rules = rulesetRefusal(core, repo, branch, actor, change, sha);
  return rules.length > 0 ? { source: "ruleset", reasons: rules } : null;
}

/** GitHub's 422 for a ruleset violation, in every API that changes a ref. */
export function rulesetViolation(reasons: string[]): ApiError {
  return new ApiError(422, `${RULESET_PREFIX}\n\n${reasons.join("\n\n")}\n\n`);
}

/** Throws GitHub's 422 when the rules forbid a push or ref change to a branch (the git refs API's wording). */
export function assertPushAllowed(
  core: SimCore,
  repo: Repo,
  ref: string,
  actor: string,
  appId: number | null,
  change: RefChange,
  sha: string | null,
): void {
  const refusal = pushRefusal(core, repo, ref, { login: actor, appId }, change, sha);
  if (!refusal) return;
  if (refusal.source === "ruleset") throw rulesetViolation(refusal.reasons);
  throw new ApiError(422, `Protected branch update failed for ${ref}.\n\n${refusal.reasons[0]}`);
}
