// Branch protection and repository rulesets as GitHub stores them, and what they add up
// to for one branch. Classic protection applies to a branch by name; a ruleset to the
// branches its conditions include (`~DEFAULT_BRANCH`, `~ALL`, fnmatch patterns).
import picomatch from "picomatch";

/** `PUT /repos/{o}/{r}/branches/{b}/protection`, as stored. */
export interface ClassicProtection {
  branch: string;
  requiredStatusChecks: { strict: boolean; contexts: string[] } | null;
  enforceAdmins: boolean;
  requiredPullRequestReviews: {
    requiredApprovingReviewCount: number;
    requireCodeOwnerReviews: boolean;
    dismissStaleReviews: boolean;
    requireLastPushApproval: boolean;
  } | null;
  /** Who may push (and merge): null = anyone with write access. */
  restrictions: { users: string[]; teams: string[]; apps: string[] } | null;
  requiredLinearHistory: boolean;
  requiredSignatures: boolean;
  allowForcePushes: boolean;
  allowDeletions: boolean;
  blockCreations: boolean;
}

export type RuleType =
  | "creation"
  | "update"
  | "deletion"
  | "non_fast_forward"
  | "required_linear_history"
  | "required_signatures"
  | "pull_request"
  | "required_status_checks"
  | "merge_queue";

/** A ruleset rule in GitHub's REST shape. */
export interface RulesetRule {
  type: RuleType;
  parameters?: Record<string, unknown>;
}

/**
 * A ruleset's bypass actor as GitHub stores it: an app (`Integration`, by app id), a team
 * (by team id), a repository role (4 = write, 5 = admin) or the organisation's admins
 * (`OrganizationAdmin`, id 1). `pull_request` mode bypasses only through a pull request.
 */
export interface BypassActor {
  actorId: number | null;
  actorType: "Integration" | "Team" | "RepositoryRole" | "OrganizationAdmin" | "DeployKey";
  bypassMode: "always" | "pull_request";
}

export interface Ruleset {
  id: number;
  name: string;
  target: "branch";
  enforcement: "active" | "evaluate" | "disabled";
  include: string[];
  exclude: string[];
  rules: RulesetRule[];
  /** Who may bypass the ruleset (REST `bypass_actors`). */
  bypassActors: BypassActor[];
  createdAt: string;
  updatedAt: string;
}

export type MergeQueueMethod = "MERGE" | "SQUASH" | "REBASE";

export interface MergeQueueEntry {
  id: number;
  nodeId: string;
  pullNumber: number;
  /** Head of the pull request when it was queued. */
  headSha: string;
  /** The merge group commit the queue tests (base + earlier entries + this PR). */
  groupSha: string;
  groupRef: string;
  baseSha: string;
  enqueuer: string;
  enqueuedAt: string;
}

export interface MergeQueueRemoval {
  id: number;
  nodeId: string;
  pullNumber: number;
  reason: string;
  enqueuer: string;
  headSha: string;
  at: string;
}

export interface ReviewRequest {
  pullNumber: number;
  /** A login, or "org/slug" for a team. */
  reviewer: string;
  team: boolean;
}

export interface RepoProtection {
  classic: Map<string, ClassicProtection>;
  rulesets: Ruleset[];
  queue: MergeQueueEntry[];
  removals: MergeQueueRemoval[];
  reviewRequests: ReviewRequest[];
  /** The repository's administrators: they bypass classic protection unless it enforces admins. */
  admins: Set<string>;
}

export const emptyProtection = (): RepoProtection => ({
  classic: new Map(),
  rulesets: [],
  queue: [],
  removals: [],
  reviewRequests: [],
  admins: new Set(),
});

/** Where a requirement comes from, for GitHub's messages. */
export type RuleSource = "classic" | "ruleset";

/** Everything that applies to updating one branch, merged across classic protection and active rulesets. */
export interface BranchRequirements {
  approvals: number;
  codeOwners: boolean;
  dismissStale: boolean;
  checks: string[];
  strict: boolean;
  signatures: boolean;
  linearHistory: boolean;
  mergeQueue: { method: MergeQueueMethod } | null;
  /** Merge methods a `pull_request` rule allows (null = any). */
  mergeMethods: string[] | null;
  /** Ruleset rules that forbid creating / updating the branch (unless bypassed). */
  creationBlocked: Ruleset[];
  updateBlocked: Ruleset[];
  /** Rulesets that require changes to go through a pull request. */
  pullRequestRulesets: Ruleset[];
  nonFastForward: boolean;
  classic: ClassicProtection | null;
  sources: Set<RuleSource>;
}

export function rulesetApplies(ruleset: Ruleset, branch: string, defaultBranch: string): boolean {
  if (ruleset.enforcement !== "active") return false;
  const match = (p: string) =>
    p === "~ALL" ||
    (p === "~DEFAULT_BRANCH" ? branch === defaultBranch : picomatch.isMatch(branch, p.replace(/^refs\/heads\//, "")));
  return ruleset.include.some(match) && !ruleset.exclude.some(match);
}

/** Active ruleset rules for a branch, with the ruleset each came from (as `GET /rules/branches/{branch}`). */
export function rulesFor(
  p: RepoProtection,
  branch: string,
  defaultBranch: string,
): Array<{ rule: RulesetRule; ruleset: Ruleset }> {
  return p.rulesets
    .filter((r) => rulesetApplies(r, branch, defaultBranch))
    .flatMap((ruleset) => ruleset.rules.map((rule) => ({ rule, ruleset })));
}

export function requirementsFor(p: RepoProtection, branch: string, defaultBranch: string): BranchRequirements {
  const classic = p.classic.get(branch) ?? null;
  const req = noRequirements(classic);
  if (classic) addClassicProtection(req, classic);
  for (const { rule, ruleset } of rulesFor(p, branch, defaultBranch)) {
    req.sources.add("ruleset");
    addRulesetRule(req, rule, ruleset);
  }
  req.checks = [...new Set(req.checks)];
  return req;
}

function noRequirements(classic: ClassicProtection | null): BranchRequirements {
  return {
    approvals: 0,
    codeOwners: false,
    dismissStale: false,
    checks: [],
    strict: false,
    signatures: false,
    linearHistory: false,
    mergeQueue: null,
    mergeMethods: null,
    creationBlocked: [],
    updateBlocked: [],
    pullRequestRulesets: [],
    nonFastForward: false,
    classic,
    sources: new Set(),
  };
}

function addClassicProtection(req: BranchRequirements, classic: ClassicProtection): void {
  req.sources.add("classic");
  const reviews = classic.requiredPullRequestReviews;
  if (reviews) {
    req.approvals = Math.max(req.approvals, reviews.requiredApprovingReviewCount);
    req.codeOwners ||= reviews.requireCodeOwnerReviews;
    req.dismissStale ||= reviews.dismissStaleReviews;
  }
  if (classic.requiredStatusChecks) {
    req.checks.push(...classic.requiredStatusChecks.contexts);
    req.strict ||= classic.requiredStatusChecks.strict;
  }
  req.signatures ||= classic.requiredSignatures;
  req.linearHistory ||= classic.requiredLinearHistory;
}

function addRulesetRule(req: BranchRequirements, rule: RulesetRule, ruleset: Ruleset): void {
  const params = rule.parameters ?? {};
  switch (rule.type) {
    case "creation":
      req.creationBlocked.push(ruleset);
      break;
    case "update":
      req.updateBlocked.push(ruleset);
      break;
    case "pull_request":
      addPullRequestRule(req, params, ruleset);
      break;
    case "required_status_checks": {
      const checks = (params["required_status_checks"] as Array<{ context: string }> | undefined) ?? [];
      req.checks.push(...checks.map((c) => c.context));
      req.strict ||= Boolean(params["strict_required_status_checks_policy"]);
      break;
    }
    case "required_signatures":
      req.signatures = true;
      break;
    case "required_linear_history":
      req.linearHistory = true;
      break;
    case "non_fast_forward":
      req.nonFastForward = true;
      break;
    case "merge_queue":
      req.mergeQueue = { method: String(params["merge_method"] ?? "MERGE").toUpperCase() as MergeQueueMethod };
      break;
    default:
      break;
  }
}

function addPullRequestRule(req: BranchRequirements, params: Record<string, unknown>, ruleset: Ruleset): void {
  req.pullRequestRulesets.push(ruleset);
  req.approvals = Math.max(req.approvals, Number(params["required_approving_review_count"] ?? 0));
  req.codeOwners ||= Boolean(params["require_code_owner_review"]);
  req.dismissStale ||= Boolean(params["dismiss_stale_reviews_on_push"]);
  const methods = params["allowed_merge_methods"];
  if (Array.isArray(methods))
    req.mergeMethods = (req.mergeMethods ?? methods.map(String)).filter((m) => methods.includes(m));
}
