import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { expectStatus, refusal, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };
const PR_STATE = `query($owner: String!, $name: String!, $n: Int!) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef { refUpdateRule { requiredApprovingReviewCount requiredStatusCheckContexts requiresCodeOwnerReviews viewerCanPush } }
    mergeQueue { configuration { mergeMethod } entries(first: 10) { nodes { state position pullRequest { number } } } }
    pullRequest(number: $n) {
      id state mergeable mergeStateStatus reviewDecision isInMergeQueue headRefOid
      mergeQueueEntry { state enqueuer { login } }
      timelineItems(itemTypes: [REMOVED_FROM_MERGE_QUEUE_EVENT], last: 5) { nodes { ... on RemovedFromMergeQueueEvent { reason createdAt } } }
    }
  }
}`;

interface PrState {
  repository: {
    defaultBranchRef: { refUpdateRule: Record<string, unknown> | null };
    mergeQueue: {
      configuration: { mergeMethod: string };
      entries: { nodes: Array<{ state: string; position: number; pullRequest: { number: number } }> };
    } | null;
    pullRequest: {
      id: string;
      state: string;
      mergeable: string;
      mergeStateStatus: string;
      reviewDecision: string | null;
      isInMergeQueue: boolean;
      headRefOid: string;
      mergeQueueEntry: { state: string; enqueuer: { login: string } } | null;
      timelineItems: { nodes: Array<{ reason: string; createdAt: string }> };
    };
  };
}

describe("sim branch protection, rulesets and the merge queue", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let number: number;

  const state = async () =>
    (await octokit.graphql<PrState>(PR_STATE, { owner: "acme", name: "web", n: number })).repository;
  const main = () => sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main");

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    sim.seed.team("acme", "web-team", { maintainers: ["wanda"], members: ["walt"] });
    sim.seed.branch("acme/web", "release/1.2");
    sim.seed.commit("acme/web", "release/1.2", {
      message: "chore(release): 1.2.0",
      files: { "package.json": '{ "version": "1.2.0" }\n' },
    });
    number = (await octokit.rest.pulls.create({ ...repo, head: "release/1.2", base: "main", title: "release: v1.2.0" }))
      .data.number;
  });
  afterEach(async () => {
    await sim.close();
  });

  it("classic protection: GET/PUT round trip, 404 'Branch not protected', and the merge refused with GitHub's 405 until approved and green", async () => {
    await expectStatus(octokit.rest.repos.getBranchProtection({ ...repo, branch: "main" }), 404).then((b) =>
      expect(b["message"]).toBe("Branch not protected"),
    );
    await octokit.rest.repos.updateBranchProtection({
      ...repo,
      branch: "main",
      required_status_checks: { strict: false, contexts: ["ci/build"] },
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 },
      restrictions: null,
    });
    const read = await octokit.rest.repos.getBranchProtection({ ...repo, branch: "main" });
    expect(read.data).toMatchObject({
      required_status_checks: { contexts: ["ci/build"], strict: false },
      required_pull_request_reviews: { required_approving_review_count: 1 },
      enforce_admins: { enabled: true },
    });
    expect(read.data.restrictions).toBeUndefined();

    let s = await state();
    expect(s.pullRequest).toMatchObject({ mergeStateStatus: "UNKNOWN", mergeable: "UNKNOWN" }); // computed after the first read
    s = await state();
    expect(s.defaultBranchRef.refUpdateRule).toEqual({
      requiredApprovingReviewCount: 1,
      requiredStatusCheckContexts: ["ci/build"],
      requiresCodeOwnerReviews: false,
      viewerCanPush: true,
    });
    expect(s.pullRequest).toMatchObject({
      reviewDecision: "REVIEW_REQUIRED",
      mergeStateStatus: "BLOCKED",
      mergeable: "MERGEABLE",
    });
    const before = main();
    const refused = await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405);
    expect(refused["message"]).toBe("At least 1 approving review is required by reviewers with write access.");

    // The author cannot approve; someone without write access does not count.
    sim.as("stranger").review("acme/web", number, "APPROVED");
    expect((await state()).pullRequest.reviewDecision).toBe("REVIEW_REQUIRED");
    sim.as("wanda").review("acme/web", number, "APPROVED");
    s = await state();
    expect(s.pullRequest).toMatchObject({ reviewDecision: "APPROVED", mergeStateStatus: "BLOCKED" });
    const check = await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405);
    expect(check["message"]).toBe('Required status check "ci/build" is expected.');
    sim.as("ci").setStatus("acme/web", s.pullRequest.headRefOid, "ci/build", "failure");
    expect((await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405))["message"]).toBe(
      'Required status check "ci/build" is failing.',
    );
    expect(main()).toBe(before);
    sim.as("ci").setStatus("acme/web", s.pullRequest.headRefOid, "ci/build", "success");
    expect((await state()).pullRequest.mergeStateStatus).toBe("CLEAN");
    const merged = await octokit.rest.pulls.merge({ ...repo, pull_number: number, sha: s.pullRequest.headRefOid });
    expect(main()).toBe(merged.data.sha);
  });

  it("a repository admin merges past classic protection that does not enforce admins; enforce_admins holds them, rulesets hold them unless they bypass, and the app never bypasses", async () => {
    sim.seed.repoAdmin("acme/web", "ada");
    // Even listed among the admins, the app's bot is no person with admin rights.
    sim.seed.repoAdmin("acme/web", sim.app.botLogin);
    const rules = {
      required_status_checks: { strict: false, contexts: ["ci/build"] },
      required_pull_request_reviews: { required_approving_review_count: 1 },
    };
    const REVIEW = "At least 1 approving review is required by reviewers with write access.";
    const before = main();
    sim.seed.protectBranch("acme/web", "main", { ...rules, enforce_admins: true });
    expect(refusal(() => sim.as("ada").mergePullRequest("acme/web", number))).toEqual({ status: 405, message: REVIEW });
    expect(refusal(() => sim.as("wanda").mergePullRequest("acme/web", number))).toEqual({
      status: 405,
      message: REVIEW,
    });
    expect((await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405))["message"]).toBe(
      REVIEW,
    );

    sim.seed.protectBranch("acme/web", "main", { ...rules, enforce_admins: false });
    expect(refusal(() => sim.as("wanda").mergePullRequest("acme/web", number))).toEqual({
      status: 405,
      message: REVIEW,
    });
    expect((await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405))["message"]).toBe(
      REVIEW,
    );
    // A ruleset binds the admin although classic protection does not, until the admin role may bypass it.
    const id = sim.seed.ruleset("acme/web", {
      name: "main",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [{ type: "pull_request", parameters: { required_approving_review_count: 1 } }],
    });
    expect(refusal(() => sim.as("ada").mergePullRequest("acme/web", number))).toEqual({
      status: 405,
      message: `Repository rule violations found\n\n${REVIEW}\n\n`,
    });
    expect(main()).toBe(before);
    await octokit.request("PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}", {
      ...repo,
      ruleset_id: id,
      bypass_actors: [{ actor_id: 5, actor_type: "RepositoryRole", bypass_mode: "pull_request" }],
    });
    expect((await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405))["message"]).toBe(
      REVIEW,
    );
    const sha = sim.as("ada").mergePullRequest("acme/web", number);
    expect(main()).toBe(sha);
    expect(sim.store.requireRepo("acme/web").pulls.get(number)).toMatchObject({
      merged: true,
      mergedBy: "ada",
      mergeCommitSha: sha,
    });
  });

  it("linear history and a ruleset's allowed merge methods: a merge commit is refused, a squash or rebase merge lands", async () => {
    sim.seed.protectBranch("acme/web", "main", { required_linear_history: true });
    sim.seed.ruleset("acme/web", {
      name: "methods",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [
        {
          type: "pull_request",
          parameters: { required_approving_review_count: 0, allowed_merge_methods: ["squash", "merge"] },
        },
      ],
    });
    const before = main();
    expect(
      (await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number, merge_method: "merge" }), 405))[
        "message"
      ],
    ).toBe("Merge commits are not allowed on this branch.");
    sim.seed.protectBranch("acme/web", "main", {});
    expect(
      (await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number, merge_method: "rebase" }), 405))[
        "message"
      ],
    ).toBe(
      "Repository rule violations found\n\nMerge method rebase is not allowed on this branch. Allowed: squash, merge.\n\n",
    );
    expect(main()).toBe(before);
    const squashed = await octokit.rest.pulls.merge({ ...repo, pull_number: number, merge_method: "squash" });
    expect(sim.store.requireRepo("acme/web").git.commit(squashed.data.sha)?.parents).toEqual([before]);
  });

  it("GraphQL mergePullRequest refuses what pulls.merge refuses, with the same message, and merges once the rules are met", async () => {
    const MERGE = `mutation($input: MergePullRequestInput!) { mergePullRequest(input: $input) { pullRequest { state mergeCommit { oid } } } }`;
    // GitHub's GraphQL error carries the REST message; its error type is the simulator's mapping.
    const graphqlError = async (input: Record<string, unknown>) =>
      octokit.graphql(MERGE, { input }).then(
        () => null,
        (e: { errors?: Array<{ type: string; message: string }> }) => e.errors?.[0],
      );
    sim.seed.repoAdmin("acme/web", sim.app.botLogin);
    sim.seed.protectBranch("acme/web", "main", {
      required_pull_request_reviews: { required_approving_review_count: 1 },
      enforce_admins: false,
    });
    const s = await state();
    const before = main();
    expect(await graphqlError({ pullRequestId: s.pullRequest.id })).toMatchObject({
      type: "UNPROCESSABLE",
      message: "At least 1 approving review is required by reviewers with write access.",
      path: ["mergePullRequest"],
    });
    sim.as("wanda").review("acme/web", number, "APPROVED");
    expect(await graphqlError({ pullRequestId: s.pullRequest.id, expectedHeadOid: "0".repeat(40) })).toMatchObject({
      type: "STALE_DATA",
      message: "Head branch was modified. Review and try the merge again.",
    });
    expect(main()).toBe(before);
    const merged = await octokit.graphql<{
      mergePullRequest: { pullRequest: { state: string; mergeCommit: { oid: string } } };
    }>(MERGE, {
      input: { pullRequestId: s.pullRequest.id, expectedHeadOid: s.pullRequest.headRefOid, mergeMethod: "SQUASH" },
    });
    expect(merged.mergePullRequest.pullRequest.state).toBe("MERGED");
    expect(main()).toBe(merged.mergePullRequest.pullRequest.mergeCommit.oid);
    expect(sim.store.requireRepo("acme/web").git.commit(main()!)?.parents).toEqual([before]);
  });

  it("required signatures: unverified commits are refused on a push and by a merge commit or rebase, with GitHub's text; the app's verified commits and a squash merge land", async () => {
    const UNSIGNED = "Commits must have verified signatures.";
    sim.seed.protectBranch("acme/web", "main", {});
    const url = `${sim.url}/repos/acme/web/branches/main/protection/required_signatures`;
    expect(
      (
        await octokit.request("POST /repos/{owner}/{repo}/branches/{branch}/protection/required_signatures", {
          ...repo,
          branch: "main",
        })
      ).data,
    ).toEqual({ url, enabled: true });
    expect(
      (await octokit.rest.repos.getBranchProtection({ ...repo, branch: "main" })).data.required_signatures?.enabled,
    ).toBe(true);
    const before = main();
    const push = () =>
      sim.as("walt").pushCommit("acme/web", "main", { message: "chore: unsigned", files: { "x.txt": "x\n" } });
    expect(refusal(push)).toEqual({
      status: 422,
      message: `Protected branch update failed for refs/heads/main.\n\n${UNSIGNED}`,
    });
    // The release PR's commit is a person's, unsigned: GitHub reports it blocked, and only a squash (a new commit GitHub signs) may merge it.
    await state(); // the first read starts GitHub's computation of mergeability
    expect((await state()).pullRequest.mergeStateStatus).toBe("BLOCKED");
    for (const method of ["merge", "rebase"] as const) {
      expect(
        (await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number, merge_method: method }), 405))[
          "message"
        ],
      ).toBe(UNSIGNED);
    }
    expect(main()).toBe(before);
    // Commits GitHub makes for the app are signed: the contents API's, and the squash merge.
    const readme = sim.store.requireRepo("acme/web").git.commit(before!)!.files.get("README.md")!;
    const written = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: "README.md",
      message: "docs",
      content: Buffer.from("# web\n\nsigned\n").toString("base64"),
      sha: readme,
      branch: "main",
    });
    expect(main()).toBe(written.data.commit.sha);
    const squashed = await octokit.rest.pulls.merge({ ...repo, pull_number: number, merge_method: "squash" });
    expect(main()).toBe(squashed.data.sha);
    expect(sim.store.requireRepo("acme/web").git.commit(squashed.data.sha)?.verified).toBe(true);
    await octokit.request("DELETE /repos/{owner}/{repo}/branches/{branch}/protection/required_signatures", {
      ...repo,
      branch: "main",
    });
    const pushed = push();
    expect(main()).toBe(pushed);

    // A ruleset's rule: a person's unsigned push to a release branch is refused, the app's verified commit lands.
    sim.seed.ruleset("acme/web", {
      name: "signed releases",
      conditions: { ref_name: { include: ["refs/heads/release/**"], exclude: [] } },
      rules: [{ type: "required_signatures" }],
    });
    expect(
      refusal(() =>
        sim.as("walt").pushCommit("acme/web", "release/1.2", { message: "fix: unsigned", files: { "y.txt": "y\n" } }),
      ),
    ).toEqual({ status: 422, message: `Repository rule violations found\n\n${UNSIGNED}\n\n` });
    const head = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/release/1.2")!;
    const commit = await octokit.graphql<{ createCommitOnBranch: { commit: { oid: string } } }>(
      `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
      {
        input: {
          branch: { repositoryNameWithOwner: "acme/web", branchName: "release/1.2" },
          expectedHeadOid: head,
          message: { headline: "chore: bump" },
          fileChanges: { additions: [{ path: "VERSION", contents: Buffer.from("1.2.1\n").toString("base64") }] },
        },
      },
    );
    expect(sim.store.requireRepo("acme/web").git.refs.get("refs/heads/release/1.2")).toBe(
      commit.createCommitOnBranch.commit.oid,
    );
  });

  it("a change request blocks until that reviewer approves; reviewDecision is null without a review rule", async () => {
    expect((await state()).pullRequest.reviewDecision).toBeNull();
    sim.seed.ruleset("acme/web", {
      name: "main",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [{ type: "pull_request", parameters: { required_approving_review_count: 1 } }],
    });
    sim.as("walt").review("acme/web", number, "CHANGES_REQUESTED");
    sim.as("wanda").review("acme/web", number, "APPROVED");
    expect((await state()).pullRequest.reviewDecision).toBe("CHANGES_REQUESTED");
    const body = await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405);
    expect(body["message"]).toBe(
      "Repository rule violations found\n\nChanges were requested by a reviewer with write access.\n\n",
    );
    sim.as("walt").review("acme/web", number, "APPROVED");
    expect((await state()).pullRequest.reviewDecision).toBe("APPROVED");
    await octokit.rest.pulls.merge({ ...repo, pull_number: number });
  });

  it("code-owner review: only an owner's approval satisfies it", async () => {
    sim.seed.commit("acme/web", "main", {
      message: "chore: owners",
      files: { ".github/CODEOWNERS": "* @acme/web-team\n" },
    });
    sim.seed.protectBranch("acme/web", "main", {
      required_pull_request_reviews: { required_approving_review_count: 1, require_code_owner_reviews: true },
    });
    sim.seed.team("acme", "other-team", { maintainers: ["otto"] });
    sim.as("otto").review("acme/web", number, "APPROVED");
    expect((await state()).pullRequest.reviewDecision).toBe("REVIEW_REQUIRED");
    expect((await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405))["message"]).toBe(
      "Waiting on code owner review from @acme/web-team.",
    );
    sim.as("walt").review("acme/web", number, "APPROVED");
    expect((await state()).pullRequest.reviewDecision).toBe("APPROVED");
  });

  it("GitHub asks the code owners of the changed files for a review when a pull request is opened: teams and people with write access, not the author, not for a draft", async () => {
    sim.seed.commit("acme/web", "main", {
      message: "chore: owners",
      files: { ".github/CODEOWNERS": "* @acme/web-team\n*.md @walt @wanda @stranger\n/src/ @acme/nobody\n" },
    });
    const open = (branch: string, files: Record<string, string>, draft = false) => {
      sim.as("walt").createBranch("acme/web", branch);
      sim.as("walt").pushCommit("acme/web", branch, { message: `feat: ${branch}`, files });
      return sim.as("walt").createPullRequest("acme/web", { head: branch, title: branch, draft });
    };
    const requested = async (pull: number) => {
      const r = await octokit.rest.pulls.listRequestedReviewers({ ...repo, pull_number: pull });
      return { users: r.data.users.map((u) => u.login), teams: r.data.teams.map((t) => t.slug) };
    };
    const docs = open("docs", { "NOTES.md": "notes\n" });
    // The last matching line owns NOTES.md: walt is its author, a stranger has no write access.
    expect(await requested(docs)).toEqual({ users: ["wanda"], teams: [] });
    const code = open("code", { "src/app.ts": "export {};\n", "web.json": "{}\n" });
    // src/ belongs to a team that does not exist; web.json to the web team.
    expect(await requested(code)).toEqual({ users: [], teams: ["web-team"] });
    const draft = open("draft", { "web.json": "{}\n" }, true);
    expect(await requested(draft)).toEqual({ users: [], teams: [] });
    const events = sim.deliveries
      .list({ event: "pull_request", action: "review_requested" })
      .map((d) => d.payload as { number: number; sender: { login: string } });
    expect(events.map((p) => [p.number, p.sender.login])).toEqual([
      [docs, "walt"],
      [code, "walt"],
    ]);
  });

  it("rules for a branch (it need not exist) in GitHub's shape, and rulesets with current_user_can_bypass", async () => {
    const id = sim.seed.ruleset("acme/web", {
      name: "releases",
      conditions: { ref_name: { include: ["refs/heads/release/**"], exclude: [] } },
      rules: [{ type: "creation" }, { type: "required_signatures" }],
    });
    const rules = await octokit.request("GET /repos/{owner}/{repo}/rules/branches/{branch}", {
      ...repo,
      branch: "release/v9.9.9",
    });
    expect(rules.data).toEqual([
      { type: "creation", ruleset_source_type: "Repository", ruleset_source: "acme/web", ruleset_id: id },
      { type: "required_signatures", ruleset_source_type: "Repository", ruleset_source: "acme/web", ruleset_id: id },
    ]);
    expect(
      (await octokit.request("GET /repos/{owner}/{repo}/rules/branches/{branch}", { ...repo, branch: "main" })).data,
    ).toEqual([]);
    const ruleset = await octokit.request("GET /repos/{owner}/{repo}/rulesets/{ruleset_id}", {
      ...repo,
      ruleset_id: id,
    });
    expect(ruleset.data).toMatchObject({ name: "releases", enforcement: "active", current_user_can_bypass: "never" });

    // Creating a matching branch is refused (422, GitHub's text); the app listed as a bypass actor may.
    const sha = main()!;
    const refused = await expectStatus(
      octokit.rest.git.createRef({ ...repo, ref: "refs/heads/release/v9.9.9", sha }),
      422,
    );
    expect(refused["message"]).toBe(
      "Repository rule violations found\n\nCannot create ref due to creations being restricted.\n\n",
    );
    expect(sim.store.requireRepo("acme/web").git.refs.has("refs/heads/release/v9.9.9")).toBe(false);
    await octokit.request("PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}", {
      ...repo,
      ruleset_id: id,
      bypass_actors: [{ actor_id: sim.app.id, actor_type: "Integration", bypass_mode: "always" }],
    });
    expect(
      (await octokit.request("GET /repos/{owner}/{repo}/rulesets/{ruleset_id}", { ...repo, ruleset_id: id })).data
        .current_user_can_bypass,
    ).toBe("always");
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/release/v9.9.9", sha });
  });

  it("push restrictions: a classic rule that leaves the app out refuses its pushes and merges", async () => {
    sim.seed.protectBranch("acme/web", "release/1.2", { restrictions: { users: ["wanda"], teams: [], apps: [] } });
    const head = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/release/1.2")!;
    const refused = await expectStatus(
      octokit
        .graphql(
          `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
          {
            input: {
              branch: { repositoryNameWithOwner: "acme/web", branchName: "release/1.2" },
              expectedHeadOid: head,
              message: { headline: "chore: bump" },
              fileChanges: { additions: [{ path: "VERSION", contents: Buffer.from("1.2.0\n").toString("base64") }] },
            },
          },
        )
        .catch((e: { errors?: Array<{ message: string }> }) => {
          throw Object.assign(new Error("graphql"), {
            status: 422,
            response: { data: { message: e.errors?.[0]?.message } },
          });
        }),
      422,
    );
    expect(refused["message"]).toBe(
      "Protected branch update failed for refs/heads/release/1.2.\n\nYou're not authorized to push to this branch.",
    );
    expect(sim.store.requireRepo("acme/web").git.refs.get("refs/heads/release/1.2")).toBe(head);
    // The same restriction on main: readers see that the app may not push, and its merge is refused.
    sim.seed.protectBranch("acme/web", "main", { restrictions: { users: [], teams: ["web-team"], apps: [] } });
    expect((await state()).defaultBranchRef.refUpdateRule).toMatchObject({ viewerCanPush: false });
    expect((await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405))["message"]).toBe(
      "You're not authorized to push to this branch.",
    );
    sim.as("walt").mergePullRequest("acme/web", number);
    expect(sim.store.requireRepo("acme/web").pulls.get(number)?.merged).toBe(true);
  });

  it("merge queue: pulls.merge is refused, enqueuePullRequest queues, the merge group's required check merges it", async () => {
    sim.seed.ruleset("acme/web", {
      name: "queue",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [
        { type: "merge_queue", parameters: { merge_method: "MERGE" } },
        {
          type: "required_status_checks",
          parameters: {
            required_status_checks: [{ context: "ci/build" }],
            strict_required_status_checks_policy: false,
          },
        },
      ],
    });
    let s = await state();
    sim.as("ci").setStatus("acme/web", s.pullRequest.headRefOid, "ci/build", "success");
    const refused = await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: number }), 405);
    expect(refused["message"]).toBe(
      "Repository rule violations found\n\nChanges must be made through the merge queue\n\n",
    );

    const ENQUEUE = `mutation($input: EnqueuePullRequestInput!) { enqueuePullRequest(input: $input) { mergeQueueEntry { state position } } }`;
    await expect(
      octokit.graphql(ENQUEUE, { input: { pullRequestId: s.pullRequest.id, expectedHeadOid: "0".repeat(40) } }),
    ).rejects.toThrow(/does not match/);
    const queued = await octokit.graphql<{ enqueuePullRequest: { mergeQueueEntry: { state: string } } }>(ENQUEUE, {
      input: { pullRequestId: s.pullRequest.id, expectedHeadOid: s.pullRequest.headRefOid },
    });
    expect(queued.enqueuePullRequest.mergeQueueEntry.state).toBe("AWAITING_CHECKS");
    s = await state();
    expect(s.mergeQueue?.entries.nodes).toEqual([{ state: "AWAITING_CHECKS", position: 0, pullRequest: { number } }]);
    expect(s.pullRequest).toMatchObject({
      isInMergeQueue: true,
      state: "OPEN",
      mergeQueueEntry: { enqueuer: { login: sim.app.slug } },
    });
    const r = sim.store.requireRepo("acme/web");
    const group = r.protection.queue[0]!;
    expect(r.git.refs.get(group.groupRef)).toBe(group.groupSha);
    expect(group.groupRef).toBe(`refs/heads/gh-readonly-queue/main/pr-${number}-${s.pullRequest.headRefOid}`);

    // CI fails the merge group: the queue removes the PR with a reason, main is untouched.
    const before = main();
    sim.as("ci").setStatus("acme/web", group.groupSha, "ci/build", "failure");
    s = await state();
    expect(s.pullRequest).toMatchObject({ isInMergeQueue: false, state: "OPEN", mergeQueueEntry: null });
    expect(s.pullRequest.timelineItems.nodes.map((n) => n.reason)).toEqual([
      'The required status check "ci/build" failed on the merge group',
    ]);
    expect(main()).toBe(before);

    // Queued again, the group passes and the queue merges it into main.
    await octokit.graphql(ENQUEUE, {
      input: { pullRequestId: s.pullRequest.id, expectedHeadOid: s.pullRequest.headRefOid },
    });
    const again = r.protection.queue[0]!;
    sim.as("ci").setStatus("acme/web", again.groupSha, "ci/build", "success");
    s = await state();
    expect(s.pullRequest).toMatchObject({ state: "MERGED", isInMergeQueue: false });
    expect(main()).toBe(again.groupSha);
    expect(r.git.refs.has(again.groupRef)).toBe(false);
  });

  it("review requests: collaborators and teams only, shown on the PR, fulfilled by the review", async () => {
    const body = await expectStatus(
      octokit.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["stranger"] }),
      422,
    );
    expect(body["message"]).toBe(
      "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/web repository.",
    );
    await octokit.rest.pulls.requestReviewers({
      ...repo,
      pull_number: number,
      reviewers: ["wanda"],
      team_reviewers: ["web-team"],
    });
    let requested = await octokit.rest.pulls.listRequestedReviewers({ ...repo, pull_number: number });
    expect(requested.data.users.map((u) => u.login)).toEqual(["wanda"]);
    expect(requested.data.teams.map((t) => t.slug)).toEqual(["web-team"]);
    sim.as("wanda").review("acme/web", number, "APPROVED");
    requested = await octokit.rest.pulls.listRequestedReviewers({ ...repo, pull_number: number });
    expect(requested.data.users).toEqual([]);
  });
});
