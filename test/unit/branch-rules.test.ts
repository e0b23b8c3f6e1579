// Branch protection and rulesets in the pure core: what a default branch requires, the rules
// the train can never satisfy (P9), what GitHub says about a release PR, and 7.1's merge path.
import { describe, expect, it } from "vitest";
import { describeRules, mergeReadiness, mergeRules, ruleProblems } from "../../src/train/branch-rules.js";
import { finalize } from "../../src/train/finalize.js";
import type { Observation } from "../../src/train/model/observation.js";
import type { BranchRuleObservation, PullRequestObservation } from "../../src/train/model/repo-observation.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import { requestReviews } from "../../src/train/review-requests.js";
import { OWNER, V2, observation, playbookConfig, playbookPlan, repoObservation } from "../helpers/core.js";

const config = playbookConfig();
const plan = playbookPlan(config);
const names = plan.repos.map((r) => r.fullName);
const AT = "2026-11-27T14:00:00.000Z";
const rule = (
  type: string,
  parameters: Record<string, unknown> = {},
  extra: Partial<BranchRuleObservation> = {},
): BranchRuleObservation => ({ type, parameters, rulesetId: 7, rulesetName: "main rules", bypass: false, ...extra });
const pull = (extra: Partial<PullRequestObservation> = {}): PullRequestObservation => ({
  number: 7,
  url: "u",
  state: "OPEN",
  mergeable: "MERGEABLE",
  headOid: "head",
  mergeCommitOid: null,
  labels: [],
  id: "PR_7",
  reviewDecision: null,
  mergeStateStatus: "CLEAN",
  queue: null,
  removedFromQueue: null,
  ...extra,
});
const ok = () => "ok" as const;

describe("what a default branch requires", () => {
  it("adds classic protection, the merge queue and the rulesets the app does not bypass", () => {
    const repo = repoObservation("blackroad-os-api", {
      classicRule: {
        approvals: 1,
        codeOwners: false,
        checks: ["ci/build"],
        signatures: false,
        linearHistory: false,
        viewerCanPush: true,
      },
      mergeQueue: { method: "SQUASH" },
      rules: {
        defaultBranch: [
          rule("pull_request", { required_approving_review_count: 2, require_code_owner_review: true }),
          rule("required_status_checks", { required_status_checks: [{ context: "ci/build" }, { context: "e2e" }] }),
          rule("required_linear_history", {}, { bypass: true }),
        ],
        releaseBranch: [],
      },
    });
    const rules = mergeRules(repo);
    expect(rules).toMatchObject({
      approvals: 2,
      codeOwners: true,
      checks: ["ci/build", "e2e"],
      linearHistory: false,
      mergeQueue: { method: "SQUASH" },
    });
    expect(describeRules(rules)).toBe(
      "2 approving reviews, code-owner review, `ci/build` and `e2e` required; merge queue on (squash)",
    );
    expect(describeRules(mergeRules(repoObservation("x")))).toBe("no branch rules");
  });
});

describe("P9: rules the train can never satisfy", () => {
  it("names each rule; a ruleset the app bypasses, or a satisfiable rule, is no problem", () => {
    const repo = repoObservation("blackroad-os-api", {
      classicRule: {
        approvals: 1,
        codeOwners: false,
        checks: [],
        signatures: false,
        linearHistory: true,
        viewerCanPush: false,
      },
      rules: {
        defaultBranch: [rule("update"), rule("required_signatures")],
        releaseBranch: [rule("creation", {}, { rulesetName: "releases" }), rule("update", {}, { bypass: true })],
      },
    });
    expect(ruleProblems(config, repo, "release/v2.0.0")).toEqual([
      "ruleset “releases” restricts creating `release/v2.0.0` and release-train may not bypass it (1.1 creates the branch)",
      "ruleset “main rules” restricts updates to `main` and release-train may not bypass it (7.1 merges the release PR)",
      "branch protection restricts who can push to `main` and release-train is not among them (7.1 merges the release PR): add the app to the push allowances",
      "`main` requires linear history, which a merge commit breaks: set `mergeMethod: squash` or `rebase`",
    ]);
    const fine = repoObservation("blackroad-os-web", {
      rules: {
        defaultBranch: [rule("pull_request", { required_approving_review_count: 1 }), rule("required_signatures")],
        releaseBranch: [rule("required_signatures")],
      },
    });
    expect(ruleProblems(config, fine, "release/v2.0.0")).toEqual([]);
    // Linear history is satisfiable with squash merges, or when the merge queue merges.
    const linear = repoObservation("blackroad-os-core", {
      rules: { defaultBranch: [rule("required_linear_history")], releaseBranch: [] },
    });
    expect(ruleProblems({ ...config, mergeMethod: "squash" }, linear, "release/v2.0.0")).toEqual([]);
    expect(ruleProblems(config, { ...linear, mergeQueue: { method: "SQUASH" } }, "release/v2.0.0")).toEqual([]);
  });
});

describe("what GitHub says about a release PR", () => {
  const api = repoObservation("blackroad-os-api", {
    classicRule: {
      approvals: 1,
      codeOwners: false,
      checks: ["ci/build"],
      signatures: false,
      linearHistory: false,
      viewerCanPush: true,
    },
  });

  it("a missing review, changes requested and required checks, in words", () => {
    expect(mergeReadiness(api, pull({ reviewDecision: "REVIEW_REQUIRED", mergeStateStatus: "BLOCKED" }), ok)).toEqual({
      ready: false,
      unknown: false,
      missing: "needs 1 approving review",
    });
    const changes = pull({
      reviewDecision: "CHANGES_REQUESTED",
      mergeStateStatus: "BLOCKED",
      reviews: [{ author: "bella", state: "CHANGES_REQUESTED", commitOid: "head", at: AT }],
    });
    expect(mergeReadiness(api, changes, ok).missing).toBe("needs changes requested by @bella");
    expect(
      mergeReadiness(api, pull({ reviewDecision: "APPROVED", mergeStateStatus: "BLOCKED" }), () => "failed").missing,
    ).toBe("needs `ci/build` failing");
    expect(mergeReadiness(api, pull({ reviewDecision: "APPROVED" }), ok)).toEqual({
      ready: true,
      unknown: false,
      missing: null,
    });
  });

  it("a review rule the app may bypass still waits for the review GitHub reports missing: the train relies on no bypass", () => {
    const bypassed = repoObservation("blackroad-os-web", {
      rules: {
        defaultBranch: [rule("pull_request", { required_approving_review_count: 1 }, { bypass: true })],
        releaseBranch: [],
      },
    });
    expect(describeRules(mergeRules(bypassed))).toBe("no branch rules");
    expect(
      mergeReadiness(bypassed, pull({ reviewDecision: "REVIEW_REQUIRED", mergeStateStatus: "BLOCKED" }), ok),
    ).toEqual({ ready: false, unknown: false, missing: "needs an approving review" });
  });

  it("a PR GitHub reports blocked for no reason it names: signed commits where the branch requires them, else some other rule", () => {
    const signed = repoObservation("blackroad-os-web", {
      rules: { defaultBranch: [rule("required_signatures")], releaseBranch: [] },
    });
    expect(mergeReadiness(signed, pull({ mergeStateStatus: "BLOCKED" }), ok).missing).toBe(
      "needs signed commits, or another branch rule (GitHub reports it blocked)",
    );
    expect(mergeReadiness(api, pull({ reviewDecision: "APPROVED", mergeStateStatus: "BLOCKED" }), ok).missing).toBe(
      "needs a required status check or another branch rule (GitHub reports it blocked)",
    );
  });

  it("UNKNOWN mergeability is waited out, never a failure", () => {
    expect(
      mergeReadiness(api, pull({ mergeable: "UNKNOWN", mergeStateStatus: "UNKNOWN", reviewDecision: "APPROVED" }), ok),
    ).toEqual({ ready: false, unknown: true, missing: "GitHub is still computing whether it can merge" });
  });
});

function state(extra: Partial<TrainState> = {}): TrainState {
  return {
    v: 1,
    version: "2.0.0",
    startedAt: "2026-11-27T09:00:00.000Z",
    ticks: {},
    acked: {},
    audit: [],
    reached: {},
    signoffs: {},
    approval: {
      by: "olga",
      at: "2026-11-27T12:00:00.000Z",
      via: "comment:2",
      heads: Object.fromEntries(names.map((n) => [n, `${n}-head`])),
    },
    compliance: {},
    accepted: {},
    intro: "",
    ...extra,
  };
}

function open(mutate: (o: Observation) => void = () => {}): Observation {
  const o = observation();
  for (const name of names) o.repos[name]!.pullRequest = pull({ headOid: `${name}-head`, id: `PR_${name}` });
  mutate(o);
  return o;
}

describe("7.1 merges the way the branch wants it", () => {
  const infra = `${OWNER}/blackroad-os-infra`;
  const run = (o: Observation, s = state()) =>
    finalize({ config, plan, version: V2, observation: o, state: s, verified: true });

  it("with a merge queue the PR is enqueued, guarded by the approved head; while queued it waits", () => {
    const queued = (o: Observation) => (o.repos[infra]!.mergeQueue = { method: "MERGE" });
    expect(run(open(queued)).actions).toEqual([
      { kind: "enqueuePullRequest", repo: infra, number: 7, pullRequestId: `PR_${infra}`, sha: `${infra}-head` },
    ]);
    const waiting = run(
      open((o) => {
        queued(o);
        o.repos[infra]!.pullRequest!.queue = { state: "AWAITING_CHECKS", enqueuedAt: AT };
      }),
    );
    expect(waiting.actions).toEqual([]);
    expect(waiting.blockers).toEqual({});
    expect(waiting.steps["7.1"]!.detail).toBe("in the merge queue: blackroad-os-infra#7 (awaiting checks)");
  });

  it("a removal from the queue after the approval holds with GitHub's reason; after /retry it is enqueued again", () => {
    const removed = (o: Observation) => {
      o.repos[infra]!.mergeQueue = { method: "MERGE" };
      o.repos[infra]!.pullRequest!.removedFromQueue = { reason: "checks failed", at: "2026-11-27T13:00:00.000Z" };
    };
    const held = run(open(removed));
    expect(held.blockers).toEqual({
      [`merge:${infra}`]:
        "blackroad-os-infra#7 was removed from the merge queue: checks failed — fix it, then `/retry`",
    });
    expect(held.actions).toEqual([]);
    expect(run(open(removed), state({ retriedAt: "2026-11-27T13:30:00.000Z" })).actions.map((a) => a.kind)).toEqual([
      "enqueuePullRequest",
    ]);
  });

  it("waits out UNKNOWN mergeability and asks to look again; a PR GitHub would not merge holds with what is missing", () => {
    const unknown = run(open((o) => (o.repos[infra]!.pullRequest!.mergeable = "UNKNOWN")));
    expect(unknown.actions).toEqual([]);
    expect(unknown.blockers).toEqual({});
    expect(unknown.waitingForGitHub).toBe(true);
    const blocked = run(
      open((o) =>
        Object.assign(o.repos[infra]!.pullRequest!, { reviewDecision: "REVIEW_REQUIRED", mergeStateStatus: "BLOCKED" }),
      ),
    );
    expect(blocked.blockers).toEqual({
      [`merge:${infra}`]: "GitHub would not merge blackroad-os-infra#7: it needs an approving review — then `/retry`",
    });
  });
});

describe("review requests", () => {
  it("asks the repository's GitHub team once, where GitHub requires a review", () => {
    const s = state({ approval: undefined });
    delete s.approval;
    const o = open((x) => (x.repos[infra()]!.pullRequest!.reviewDecision = "REVIEW_REQUIRED"));
    expect(requestReviews(config, plan, o, s, AT)).toEqual({
      actions: [{ kind: "requestReviews", repo: infra(), number: 7, teams: ["infra"], users: [] }],
      more: false,
    });
    expect(s.reviewsRequested).toEqual({ [infra()]: AT });
    expect(requestReviews(config, plan, o, s, AT)).toEqual({ actions: [], more: false });
  });

  it("asks at most `limit` per reconcile and says more are left; the next asks the rest", () => {
    const s = state({ approval: undefined });
    delete s.approval;
    const api = `${OWNER}/blackroad-os-api`;
    const o = open((x) => {
      x.repos[infra()]!.pullRequest!.reviewDecision = "REVIEW_REQUIRED";
      x.repos[api]!.pullRequest!.reviewDecision = "REVIEW_REQUIRED";
    });
    const first = requestReviews(config, plan, o, s, AT, 1);
    expect(first.actions).toHaveLength(1);
    expect(first.more).toBe(true);
    expect(Object.keys(s.reviewsRequested ?? {})).toEqual(first.actions.map((a) => ("repo" in a ? a.repo : "")));
    const second = requestReviews(config, plan, o, s, AT, 1);
    expect(second.more).toBe(false);
    expect([...first.actions, ...second.actions].map((a) => ("repo" in a ? a.repo : "")).sort()).toEqual(
      [api, infra()].sort(),
    );
    expect(requestReviews(config, plan, o, s, AT, 1)).toEqual({ actions: [], more: false });
  });
  const infra = () => `${OWNER}/blackroad-os-infra`;
});
