// What GitHub's branch protection and rulesets ask of a release: what each default branch
// requires to merge, the rules release-train can never satisfy (precondition P9), and what
// GitHub says about each release PR now (gates 2.1 and 2.5, step 7.1). Pure.
import type { TrainConfig } from "../config/schema.js";
import type { BranchRuleObservation, PullRequestObservation, RepoObservation } from "./model/repo-observation.js";

export interface MergeRules {
  approvals: number;
  codeOwners: boolean;
  checks: string[];
  signatures: boolean;
  linearHistory: boolean;
  mergeQueue: { method: "MERGE" | "SQUASH" | "REBASE" } | null;
  /** Merge methods a ruleset allows (null: any). */
  mergeMethods: string[] | null;
}

const applying = (rules: BranchRuleObservation[] | undefined) => (rules ?? []).filter((r) => !r.bypass);

/** The default branch's requirements, from classic protection, its merge queue and the rulesets the app does not bypass. */
export function mergeRules(observed: RepoObservation): MergeRules {
  const classic = observed.classicRule ?? null;
  const out: MergeRules = {
    approvals: classic?.approvals ?? 0,
    codeOwners: classic?.codeOwners ?? false,
    checks: [...(classic?.checks ?? [])],
    signatures: classic?.signatures ?? false,
    linearHistory: classic?.linearHistory ?? false,
    mergeQueue: observed.mergeQueue ?? null,
    mergeMethods: null,
  };
  for (const rule of applying(observed.rules?.defaultBranch)) {
    const p = rule.parameters;
    if (rule.type === "pull_request") {
      out.approvals = Math.max(out.approvals, Number(p["required_approving_review_count"] ?? 0));
      out.codeOwners ||= Boolean(p["require_code_owner_review"]);
      if (Array.isArray(p["allowed_merge_methods"]))
        out.mergeMethods = (p["allowed_merge_methods"] as unknown[]).map(String);
    } else if (rule.type === "required_status_checks") {
      out.checks.push(
        ...((p["required_status_checks"] as Array<{ context: string }> | undefined) ?? []).map((c) => c.context),
      );
    } else if (rule.type === "required_signatures") out.signatures = true;
    else if (rule.type === "required_linear_history") out.linearHistory = true;
    else if (rule.type === "merge_queue" && !out.mergeQueue)
      out.mergeQueue = { method: String(p["merge_method"] ?? "MERGE").toUpperCase() as "MERGE" };
  }
  out.checks = [...new Set(out.checks)];
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "1 approving review and `ci/build` required; merge queue on" — or "no branch rules". */
export function describeRules(r: MergeRules): string {
  const required = [
    ...(r.approvals > 0 ? [plural(r.approvals, "approving review")] : []),
    ...(r.codeOwners ? ["code-owner review"] : []),
    ...r.checks.map((c) => `\`${c}\``),
    ...(r.signatures ? ["signed commits"] : []),
    ...(r.linearHistory ? ["linear history"] : []),
  ];
  const parts = [
    ...(required.length > 0
      ? [
          `${required.length === 1 ? required[0] : `${required.slice(0, -1).join(", ")} and ${required.at(-1)}`} required`,
        ]
      : []),
    ...(r.mergeQueue ? [`merge queue on (${r.mergeQueue.method.toLowerCase()})`] : []),
  ];
  return parts.length > 0 ? parts.join("; ") : "no branch rules";
}

const rulesetName = (r: BranchRuleObservation) => `ruleset “${r.rulesetName}”`;

/** Rules release-train can never satisfy, each named; empty when the train can release this repository. */
export function ruleProblems(config: TrainConfig, observed: RepoObservation, releaseBranch: string): string[] {
  const problems: string[] = [];
  const defaultBranch = observed.defaultBranch ?? "the default branch";
  for (const rule of applying(observed.rules?.releaseBranch)) {
    const where = `\`${releaseBranch}\``;
    if (rule.type === "creation")
      problems.push(
        `${rulesetName(rule)} restricts creating ${where} and release-train may not bypass it (1.1 creates the branch)`,
      );
    if (rule.type === "update")
      problems.push(
        `${rulesetName(rule)} restricts updates to ${where} and release-train may not bypass it (1.4 commits the version bump)`,
      );
    if (rule.type === "pull_request")
      problems.push(
        `${rulesetName(rule)} requires a pull request for every change to ${where} (1.4 commits the version bump directly)`,
      );
    if (rule.type === "required_status_checks")
      problems.push(
        `${rulesetName(rule)} requires status checks before ${where} can be updated (1.4 commits the version bump directly)`,
      );
    if (rule.type === "merge_queue")
      problems.push(
        `${rulesetName(rule)} requires the merge queue for ${where} (1.4 commits the version bump directly)`,
      );
  }
  for (const rule of applying(observed.rules?.defaultBranch)) {
    if (rule.type === "update")
      problems.push(
        `${rulesetName(rule)} restricts updates to \`${defaultBranch}\` and release-train may not bypass it (7.1 merges the release PR)`,
      );
  }
  if (observed.classicRule && !observed.classicRule.viewerCanPush) {
    problems.push(
      `branch protection restricts who can push to \`${defaultBranch}\` and release-train is not among them (7.1 merges the release PR): add the app to the push allowances`,
    );
  }
  const rules = mergeRules(observed);
  const method = rules.mergeQueue ? null : config.mergeMethod;
  if (method === "merge" && rules.linearHistory)
    problems.push(
      `\`${defaultBranch}\` requires linear history, which a merge commit breaks: set \`mergeMethod: squash\` or \`rebase\``,
    );
  if (method && rules.mergeMethods && !rules.mergeMethods.includes(method))
    problems.push(
      `\`${defaultBranch}\` allows only ${rules.mergeMethods.join(", ")} merges: set \`mergeMethod\` to one of them`,
    );
  return problems;
}

export interface Readiness {
  /** GitHub would merge (or queue) it now. */
  ready: boolean;
  /** GitHub has not decided yet (mergeability being computed): wait, it is no failure. */
  unknown: boolean;
  /** What is missing, for the tracking issue; null when ready. */
  missing: string | null;
}

/** What GitHub says about merging a release PR now (reviewDecision, mergeStateStatus), in words. */
export function mergeReadiness(
  observed: RepoObservation,
  pr: PullRequestObservation,
  checkState: (name: string) => "ok" | "failed" | "waiting",
): Readiness {
  if (pr.state !== "OPEN") return { ready: true, unknown: false, missing: null };
  const rules = mergeRules(observed);
  if (pr.mergeable === "CONFLICTING" || pr.mergeStateStatus === "DIRTY")
    return { ready: false, unknown: false, missing: "has merge conflicts with its default branch" };
  const needs: string[] = [];
  if (pr.reviewDecision === "CHANGES_REQUESTED") {
    const by = (pr.reviews ?? []).filter((r) => r.state === "CHANGES_REQUESTED").map((r) => `@${r.author}`);
    needs.push(`changes requested${by.length > 0 ? ` by ${by.join(", ")}` : ""}`);
  } else if (pr.reviewDecision === "REVIEW_REQUIRED") {
    needs.push(
      `${rules.approvals > 0 ? plural(rules.approvals, "approving review") : "an approving review"}${rules.codeOwners ? " (code owners)" : ""}`,
    );
  }
  const red = rules.checks.filter((c) => checkState(c) === "failed").map((c) => `\`${c}\` failing`);
  const waiting = rules.checks.filter((c) => checkState(c) === "waiting").map((c) => `\`${c}\` expected`);
  needs.push(...red, ...waiting);
  if (pr.mergeStateStatus === "BLOCKED" && needs.length === 0) {
    needs.push(
      rules.signatures
        ? "signed commits, or another branch rule (GitHub reports it blocked)"
        : "a required status check or another branch rule (GitHub reports it blocked)",
    );
  }
  if (pr.mergeStateStatus === "BEHIND")
    needs.push(
      `an update from its default branch (required checks must run on the latest ${observed.defaultBranch ?? "base"})`,
    );
  if (needs.length > 0) return { ready: false, unknown: false, missing: `needs ${needs.join(", ")}` };
  if (pr.mergeable === "UNKNOWN" || pr.mergeStateStatus === "UNKNOWN")
    return { ready: false, unknown: true, missing: "GitHub is still computing whether it can merge" };
  return { ready: true, unknown: false, missing: null };
}

export interface BranchRuleRow {
  name: string;
  /** What the default branch requires to merge ("" when nothing is known or required). */
  requires: string;
  /** Rules release-train can never satisfy. */
  problems: string[];
  /** The release PR as GitHub sees it now: what is missing, the merge queue, or ready. */
  pr: string | null;
}

/** One row per repository that has branch rules or a release PR GitHub would not merge yet. */
export function branchRuleRows(
  config: TrainConfig,
  repos: Array<{ fullName: string; name: string }>,
  observed: Record<string, RepoObservation>,
  readiness: Record<string, Readiness>,
  releaseBranch: string,
  requested: Record<string, string>,
): BranchRuleRow[] {
  const rows: BranchRuleRow[] = [];
  for (const repo of repos) {
    const o = observed[repo.fullName];
    if (!o?.found) continue;
    const rules = describeRules(mergeRules(o));
    const requires = rules === "no branch rules" ? "" : rules;
    const problems = o.rules ? ruleProblems(config, o, releaseBranch) : [];
    const pr = o.pullRequest;
    let prText: string | null = null;
    if (pr?.state === "OPEN") {
      const ready = readiness[repo.fullName];
      if (pr.queue)
        prText = `#${pr.number} in the merge queue (${pr.queue.state.toLowerCase().replace(/_/g, " ")}) since ${pr.queue.enqueuedAt.slice(0, 16).replace("T", " ")} UTC`;
      else if (ready && !ready.ready)
        prText = `#${pr.number} ${ready.missing}${requested[repo.fullName] ? ` — review requested ${requested[repo.fullName]!.slice(0, 16).replace("T", " ")} UTC` : ""}`;
      else if (requires) prText = `#${pr.number} ✅ GitHub would merge it`;
    }
    if (requires || problems.length > 0 || prText) rows.push({ name: repo.name, requires, problems, pr: prText });
  }
  return rows;
}
