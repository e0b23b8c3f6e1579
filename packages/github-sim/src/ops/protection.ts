// What GitHub enforces from branch protection and rulesets: merges (405 with GitHub's
// message), pushes and ref updates (422), reviewDecision and mergeStateStatus.
import picomatch from "picomatch";
import type { SimCore } from "../core.js";
import { ApiError } from "../errors.js";
import { requirementsFor, type BranchRequirements, type ClassicProtection, type Ruleset } from "../store/protection.js";
import { latestRuns, latestStatuses, mergeability } from "../store/queries.js";
import type { PullRequest, Repo, Review } from "../store/types.js";

const RULESET_PREFIX = "Repository rule violations found";
const UNSIGNED = "Commits must have verified signatures.";

/** The rules that apply to `branch`, from classic protection, rulesets, or both. */
export function requirements(repo: Repo, branch: string): BranchRequirements {
  return requirementsFor(repo.protection, branch, repo.defaultBranch);
}

/** Who is acting: a person (appId null) or an app's bot. */
export interface Actor {
  login: string;
  appId: number | null;
}

/** Classic protection only, or the rulesets `actor` does not bypass (GitHub reports each with its own wording). */
function partial(
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

/** A repository administrator (a person, never an app). */
export function isAdmin(repo: Repo, actor: Actor): boolean {
  return actor.appId === null && [...repo.protection.admins].some((a) => a.toLowerCase() === actor.login.toLowerCase());
}

/** Classic protection applies to this actor unless they are an admin and it does not enforce admins. */
function classicBinds(repo: Repo, classic: ClassicProtection, actor: Actor): boolean {
  return classic.enforceAdmins || !isAdmin(repo, actor);
}

/** Is `actor` one of the ruleset's bypass actors (in "pull_request" mode only when merging a pull request)? */
export function bypassesRuleset(
  core: SimCore,
  repo: Repo,
  ruleset: Ruleset,
  actor: Actor,
  viaPullRequest: boolean,
): boolean {
  return ruleset.bypassActors.some((b) => {
    if (b.bypassMode === "pull_request" && !viaPullRequest) return false;
    switch (b.actorType) {
      case "Integration":
        return actor.appId !== null && b.actorId === actor.appId;
      case "Team": {
        const team = [...core.store.teams.values()].find((t) => t.id === b.actorId);
        return actor.appId === null && !!team && ownedBy(core, [`${team.org}/${team.slug}`], actor.login);
      }
      case "RepositoryRole":
        return b.actorId === 5
          ? isAdmin(repo, actor)
          : b.actorId === 4 && actor.appId === null && hasWriteAccess(core, repo, actor.login);
      case "OrganizationAdmin":
        return isAdmin(repo, actor);
      default:
        return false;
    }
  });
}

/** Someone with write access: a member of one of the owner's teams (the simulator's collaborators). */
export function hasWriteAccess(core: SimCore, repo: Repo, login: string): boolean {
  const l = login.toLowerCase();
  if (l === repo.owner.toLowerCase()) return true;
  for (const team of core.store.teams.values()) {
    if (team.org.toLowerCase() !== repo.owner.toLowerCase()) continue;
    if ([...team.members, ...team.maintainers].some((m) => m.toLowerCase() === l)) return true;
  }
  return false;
}

/** Latest approving or change-requesting review per reviewer (stale approvals dropped when the rule says so). */
export function latestReviews(core: SimCore, repo: Repo, pr: PullRequest, dismissStale: boolean): Review[] {
  const latest = new Map<string, Review>();
  for (const r of repo.reviews) {
    if (r.pullNumber !== pr.number || (r.state !== "APPROVED" && r.state !== "CHANGES_REQUESTED")) continue;
    if (!hasWriteAccess(core, repo, r.user)) continue;
    latest.set(r.user.toLowerCase(), r);
  }
  return [...latest.values()].filter((r) => !(dismissStale && r.state === "APPROVED" && r.commitId !== pr.headSha));
}

/** Owners of the files a pull request changes, from the base branch's CODEOWNERS (last match wins). */
export function codeOwnersFor(repo: Repo, pr: PullRequest): string[][] {
  const base = repo.git.commit(repo.git.refs.get(`refs/heads/${pr.baseRef}`) ?? pr.baseSha);
  if (!base) return [];
  const path = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"].find((p) => base.files.has(p));
  if (!path) return [];
  const blob = repo.git.get(base.files.get(path)!) as { content: Buffer } | undefined;
  const rules = (blob?.content.toString("utf8") ?? "")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter(Boolean)
    .map((l) => {
      const [pattern, ...owners] = l.split(/\s+/);
      const glob = pattern!.startsWith("/") ? pattern!.slice(1) : `**/${pattern}`;
      return {
        match: picomatch(glob.endsWith("/") ? `${glob}**` : glob, { dot: true }),
        owners: owners.map((o) => o.replace(/^@/, "")),
      };
    });
  const mb = repo.git.mergeBase(pr.baseSha, pr.headSha);
  const files = repo.git
    .diff(mb ? repo.git.commit(mb)?.files : undefined, repo.git.commit(pr.headSha)!.files)
    .map((d) => d.filename);
  const sets = new Map<string, string[]>();
  for (const file of files) {
    const rule = [...rules].reverse().find((r) => r.match(file) || r.match(`/${file}`));
    if (rule && rule.owners.length > 0) sets.set(rule.owners.join(" "), rule.owners);
  }
  return [...sets.values()];
}

/** Is `login` one of `owners` (a user, or a member of an "org/team" owner)? */
function ownedBy(core: SimCore, owners: string[], login: string): boolean {
  const l = login.toLowerCase();
  return owners.some((o) => {
    if (!o.includes("/")) return o.toLowerCase() === l;
    const [org, slug] = o.split("/");
    const team = core.store.team(org!, slug!);
    return !!team && [...team.members, ...team.maintainers].some((m) => m.toLowerCase() === l);
  });
}

/** Code-owner sets that have no approval yet. */
export function missingCodeOwners(core: SimCore, repo: Repo, pr: PullRequest, dismissStale: boolean): string[][] {
  const approvers = latestReviews(core, repo, pr, dismissStale)
    .filter((r) => r.state === "APPROVED")
    .map((r) => r.user);
  return codeOwnersFor(repo, pr).filter((owners) => !approvers.some((a) => ownedBy(core, owners, a)));
}

export type CheckVerdict = "success" | "failure" | "missing";

/** A required context on a commit: the latest check run or commit status of that name. */
export function requiredCheckState(repo: Repo, sha: string, context: string): CheckVerdict {
  const run = latestRuns(repo, sha).find((r) => r.name === context);
  const status = latestStatuses(repo, sha).find((s) => s.context === context);
  if (run?.status === "completed")
    return ["success", "neutral", "skipped"].includes(run.conclusion ?? "") ? "success" : "failure";
  if (status && status.state !== "pending") return status.state === "success" ? "success" : "failure";
  return "missing";
}

function reviewViolations(core: SimCore, repo: Repo, pr: PullRequest, req: BranchRequirements): string[] {
  const out: string[] = [];
  const reviews = latestReviews(core, repo, pr, req.dismissStale);
  if (req.approvals > 0 || req.codeOwners) {
    if (reviews.some((r) => r.state === "CHANGES_REQUESTED"))
      out.push("Changes were requested by a reviewer with write access.");
    const approvals = reviews.filter((r) => r.state === "APPROVED").length;
    if (approvals < req.approvals) {
      out.push(
        req.approvals === 1
          ? "At least 1 approving review is required by reviewers with write access."
          : `At least ${req.approvals} approving reviews are required by reviewers with write access.`,
      );
    }
  }
  if (req.codeOwners) {
    for (const owners of missingCodeOwners(core, repo, pr, req.dismissStale))
      out.push(`Waiting on code owner review from ${owners.map((o) => `@${o}`).join(", ")}.`);
  }
  return out;
}

/**
 * Would moving `branch` to `sha` bring a commit GitHub did not verify onto it? New commits
 * are those not on the branch yet (for a new branch, not on the default branch).
 */
function addsUnverified(repo: Repo, branch: string, sha: string): boolean {
  const tip = repo.git.refs.get(`refs/heads/${branch}`) ?? repo.git.refs.get(`refs/heads/${repo.defaultBranch}`);
  return repo.git.log(repo.git.peel(sha), tip).some((c) => !c.verified);
}

function checkViolations(repo: Repo, sha: string, req: BranchRequirements): string[] {
  return req.checks.flatMap((c) => {
    const v = requiredCheckState(repo, sha, c);
    return v === "success"
      ? []
      : [v === "failure" ? `Required status check "${c}" is failing.` : `Required status check "${c}" is expected.`];
  });
}

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

function appSlugOf(core: SimCore, appId: number | null): string | null {
  return appId === null ? null : (core.store.app(appId)?.slug ?? null);
}

/** May this actor push to a branch under classic protection's push restrictions? */
export function classicAllowsPush(
  core: SimCore,
  repo: Repo,
  branch: string,
  actor: string,
  appId: number | null,
): boolean {
  const r = repo.protection.classic.get(branch)?.restrictions;
  if (!r) return true;
  const slug = appSlugOf(core, appId);
  if (slug && r.apps.includes(slug)) return true;
  if (r.users.some((u) => u.toLowerCase() === actor.toLowerCase())) return true;
  return r.teams.some((t) => ownedBy(core, [`${repo.owner}/${t}`], actor));
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

export type ReviewDecision = "APPROVED" | "CHANGES_REQUESTED" | "REVIEW_REQUIRED" | null;

/** GraphQL `reviewDecision`: null when the base branch requires no review. */
export function reviewDecision(core: SimCore, repo: Repo, pr: PullRequest): ReviewDecision {
  const req = requirements(repo, pr.baseRef);
  if (req.approvals === 0 && !req.codeOwners) return null;
  const reviews = latestReviews(core, repo, pr, req.dismissStale);
  if (reviews.some((r) => r.state === "CHANGES_REQUESTED")) return "CHANGES_REQUESTED";
  const approvals = reviews.filter((r) => r.state === "APPROVED").length;
  const owners = req.codeOwners ? missingCodeOwners(core, repo, pr, req.dismissStale) : [];
  return approvals >= req.approvals && owners.length === 0 ? "APPROVED" : "REVIEW_REQUIRED";
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
