// End to end: trains on default branches that GitHub protects — required reviews, required
// status checks, a merge queue, rules the train cannot satisfy.
import { afterEach, describe, expect, it } from "vitest";
import { ORG, PLAYBOOK_REPOS, REQUIRED_CHECK } from "../../src/demo/constellation.js";
import {
  reportReleaseChecks,
  reviewReleasePrs,
  SIGNOFF_LEADS,
  startDemoWorld,
  trackingBody,
  type DemoWorld,
} from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { appWrites, LEVEL, ORCH, toBaked, toPhase1 } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
const API = `${ORG}/blackroad-os-api`;
const stepLine = (body: string, id: string) => body.split("\n").find((l) => l.includes(`**${id}**`)) ?? "";
const lastComment = (w: DemoWorld, issue: number) =>
  w.sim.store.commentsOf(w.sim.store.requireRepo(ORCH), issue).at(-1)!.body;
const releasePr = (w: DemoWorld, full: string) =>
  [...w.sim.store.requireRepo(full).pulls.values()].find((p) => p.headRef === "release/v2.0.0")!;
const ruleRow = (body: string, name: string) => body.split("\n").find((l) => l.startsWith(`| ${name} |`)) ?? "";

/** Sign-offs and the review meeting, as the leads and Rita give them. */
async function signOff(w: DemoWorld, issue: number): Promise<void> {
  for (const lead of Object.values(SIGNOFF_LEADS)) w.sim.as(lead).comment(ORCH, issue, "/signoff");
  w.sim.as("rita").comment(ORCH, issue, "/check 2.3");
  await w.settle();
}

/** `/approve` is refused while GitHub's rules want `missing` on the API's release PR, and taken once `reviewer` approved it. */
async function approveOnceReviewed(
  w: DemoWorld,
  issue: number,
  pr: number,
  missing: string,
  reviewer: string,
): Promise<void> {
  w.sim.as("olga").comment(ORCH, issue, "/approve");
  await w.settle();
  expect(lastComment(w, issue)).toContain(`GitHub's branch rules: blackroad-os-api#${pr} ${missing}`);
  expect(decodeState(trackingBody(w, issue))?.approval).toBeUndefined();
  w.sim.as(reviewer).review(API, pr, "APPROVED");
  await w.settle();
  expect(ruleRow(trackingBody(w, issue), "blackroad-os-api")).toContain(`#${pr} ✅ GitHub would merge it`);
  w.sim.as("olga").comment(ORCH, issue, "/approve");
  await w.settle();
  expect(decodeState(trackingBody(w, issue))?.approval?.by).toBe("olga");
}

describe("branch protection end to end", () => {
  it("a required approving review: requested once from the team, shown missing, /approve refused until given, then merged at 7.1 with no hold", async () => {
    // The demo constellation protects every default branch: one approving review and `integration-tests`.
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toPhase1(world);
    let body = trackingBody(world, issue);
    expect(stepLine(body, "P9")).toMatch(/^- \[x\]/);
    const pr = releasePr(world, API);
    // The bot asked each release PR's team for the review, once: the API's from backend.
    expect(world.sim.store.requireRepo(API).protection.reviewRequests).toEqual([
      { pullNumber: pr.number, reviewer: `${ORG}/backend`, team: true },
    ]);
    const requests = () =>
      world.sim.requests.list().filter((r) => r.method === "POST" && r.path.endsWith("/requested_reviewers"));
    expect(
      requests()
        .map((r) => r.path)
        .sort(),
    ).toEqual(
      world.repos.map((full) => `/repos/${full}/pulls/${releasePr(world, full).number}/requested_reviewers`).sort(),
    );
    expect(ruleRow(body, "blackroad-os-api")).toContain("1 approving review and `integration-tests` required");
    expect(ruleRow(body, "blackroad-os-api")).toContain(
      `#${pr.number} needs 1 approving review, \`integration-tests\` expected — review requested`,
    );

    reportReleaseChecks(world);
    // Every lead but the API's reviews.
    reviewReleasePrs(
      world,
      world.repos.filter((full) => full !== API),
    );
    await world.settle();
    await signOff(world, issue);
    await approveOnceReviewed(world, issue, pr.number, "needs 1 approving review", "bella");
    expect(requests()).toHaveLength(world.repos.length);

    await toBaked(world, issue);
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();
    body = trackingBody(world, issue);
    expect(releasePr(world, API).merged).toBe(true);
    expect(stepLine(body, "7.1")).toMatch(/^- \[x\] .* · 11\/11/);
    expect(
      world.sim.store.commentsOf(world.sim.store.requireRepo(ORCH), issue).some((c) => c.body.includes("is on hold")),
    ).toBe(false);
    expect(decodeState(body)?.audit.some((a) => a.text.startsWith("held the train"))).toBe(false);
  }, 120_000);

  it("code-owner review: GitHub asks the code owners, the bot asks the team once, and only an owner's approval lets 2.5 pass", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    world.sim.seed.commit(API, "main", {
      message: "chore: security owns the API",
      files: { ".github/CODEOWNERS": "* @blackroad-os/security\n" },
    });
    world.sim.seed.protectBranch(API, "main", {
      required_status_checks: { strict: false, contexts: [REQUIRED_CHECK] },
      enforce_admins: true,
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        require_code_owner_reviews: true,
        dismiss_stale_reviews: true,
      },
    });
    const issue = await toPhase1(world);
    const pr = releasePr(world, API);
    // GitHub requested the code owners when the release PR opened; the bot asked the API's team, once.
    expect(world.sim.store.requireRepo(API).protection.reviewRequests).toEqual([
      { pullNumber: pr.number, reviewer: `${ORG}/security`, team: true },
      { pullNumber: pr.number, reviewer: `${ORG}/backend`, team: true },
    ]);
    expect(ruleRow(trackingBody(world, issue), "blackroad-os-api")).toContain(
      "1 approving review, code-owner review and `integration-tests` required",
    );

    reportReleaseChecks(world);
    // The API's lead approves, but is no code owner.
    reviewReleasePrs(world);
    await world.settle();
    await signOff(world, issue);
    expect(ruleRow(trackingBody(world, issue), "blackroad-os-api")).toContain(
      `#${pr.number} needs 1 approving review (code owners)`,
    );
    await approveOnceReviewed(world, issue, pr.number, "needs 1 approving review (code owners)", "sam");
    const requests = world.sim.requests
      .list()
      .filter((r) => r.method === "POST" && r.path === `/repos/${API}/pulls/${pr.number}/requested_reviewers`);
    expect(requests).toHaveLength(1);
  }, 120_000);

  it("a required status check that is red on a release PR fails 2.1 and blocks 2.5", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    world.sim.seed.ruleset(API, {
      name: "main checks",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [
        {
          type: "required_status_checks",
          parameters: {
            required_status_checks: [{ context: "ci/build" }],
            strict_required_status_checks_policy: false,
          },
        },
      ],
    });
    const issue = await toPhase1(world);
    reportReleaseChecks(world);
    const head = world.sim.store.requireRepo(API).git.resolveCommit("release/v2.0.0")!;
    world.sim.as("ci-runner").setStatus(API, head, "ci/build", "failure");
    reviewReleasePrs(world);
    await world.settle();
    await signOff(world, issue);
    let body = trackingBody(world, issue);
    expect(stepLine(body, "2.1")).toContain("failing: blackroad-os-api (ci/build)");
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();
    expect(lastComment(world, issue)).toContain("2.1 integration tests: failing in blackroad-os-api (ci/build)");
    expect(decodeState(trackingBody(world, issue))?.approval).toBeUndefined();

    world.sim.as("ci-runner").setStatus(API, head, "ci/build", "success");
    await world.settle();
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();
    body = trackingBody(world, issue);
    expect(stepLine(body, "2.1")).toMatch(/^- \[x\]/);
    expect(decodeState(body)?.approval?.by).toBe("olga");
  }, 120_000);

  it("a merge queue: the release PR is enqueued in release order and merged by the queue; a removal holds the train and /retry finishes it", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    // CI on the merge groups is played by hand here.
    world.sim.mergeGroupCi.disable();
    world.sim.seed.ruleset(API, {
      name: "queue",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [
        { type: "merge_queue", parameters: { merge_method: "MERGE" } },
        {
          type: "required_status_checks",
          parameters: {
            required_status_checks: [{ context: "integration-tests" }],
            strict_required_status_checks_policy: false,
          },
        },
      ],
    });
    const issue = await toPhase1(world);
    reportReleaseChecks(world);
    reviewReleasePrs(world);
    await world.settle();
    await signOff(world, issue);
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();
    expect(ruleRow(trackingBody(world, issue), "blackroad-os-api")).toContain("merge queue on (merge)");
    await toBaked(world, issue);
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();

    const repo = world.sim.store.requireRepo(API);
    const pr = releasePr(world, API);
    // Levels 1 and 2 merged, the API waits in the queue with the rest of its level and later ones behind it.
    expect(repo.protection.queue.map((e) => e.pullNumber)).toEqual([pr.number]);
    expect(pr.merged).toBe(false);
    expect(releasePr(world, `${ORG}/blackroad-os-api-gateway`).merged).toBe(true);
    expect(releasePr(world, `${ORG}/blackroad-os-web`).merged).toBe(false);
    let body = trackingBody(world, issue);
    expect(stepLine(body, "7.1")).toContain(`in the merge queue: blackroad-os-api#${pr.number} (awaiting checks)`);
    const enqueues = () =>
      world.sim.requests.list().filter((r) => r.graphql?.operationName === "ReleaseEnqueue" && r.status === 200);
    expect(enqueues()).toHaveLength(1);
    expect(
      world.sim.requests.list().some((r) => r.method === "PUT" && r.path === `/repos/${API}/pulls/${pr.number}/merge`),
    ).toBe(false);

    // CI fails the merge group: GitHub removes the PR, the train holds with GitHub's reason.
    const group = repo.protection.queue[0]!;
    world.sim.as("ci-runner").completeCheckRun(API, group.groupSha, "integration-tests", "failure");
    await world.settle();
    body = trackingBody(world, issue);
    expect(body).toContain(
      `⏸️ On hold: blackroad-os-api#${pr.number} was removed from the merge queue: The required status check "integration-tests" failed on the merge group`,
    );
    expect(releasePr(world, API).merged).toBe(false);
    expect(enqueues()).toHaveLength(1);

    world.sim.as("rita").comment(ORCH, issue, "/retry");
    await world.settle();
    expect(enqueues()).toHaveLength(2);
    const again = repo.protection.queue[0]!;
    expect(again.pullNumber).toBe(pr.number);
    world.sim.as("ci-runner").completeCheckRun(API, again.groupSha, "integration-tests", "success");
    await world.settle();
    body = trackingBody(world, issue);
    expect(releasePr(world, API).merged).toBe(true);
    expect(releasePr(world, API).mergeCommitSha).toBe(again.groupSha);
    expect(repo.git.resolveCommit("v2.0.0")).toBe(again.groupSha);
    expect(body).not.toContain("On hold");
    expect(stepLine(body, "7.1")).toMatch(/^- \[x\] .* · 11\/11/);
    // Every merge in release order: the API's level merged only after the gateway's.
    const mergedAt = PLAYBOOK_REPOS.map((name) => ({
      level: LEVEL[name]!,
      at: releasePr(world, `${ORG}/${name}`).mergedAt!,
    }));
    for (const later of mergedAt)
      for (const earlier of mergedAt) if (earlier.level < later.level) expect(earlier.at <= later.at).toBe(true);
  }, 150_000);

  it("a rule the train can never satisfy stops it at the preconditions, naming the rule, before any write to the constellation", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    world.sim.seed.ruleset(API, {
      name: "release branches",
      conditions: { ref_name: { include: ["refs/heads/release/**"], exclude: [] } },
      rules: [{ type: "creation" }],
    });
    const since = world.sim.requests.length;
    const issue = await toPhase1(world);
    const body = trackingBody(world, issue);
    expect(stepLine(body, "P9")).toContain("**failed**");
    expect(stepLine(body, "P9")).toContain(
      "blackroad-os-api: ruleset “release branches” restricts creating `release/v2.0.0` and release-train may not bypass it",
    );
    expect(body).toContain("⛔ Blocked: a precondition failed");
    const constellationWrites = appWrites(world, since).filter(
      (r) => !r.path.includes(`/repos/${ORCH}/`) && !r.path.startsWith("/graphql"),
    );
    expect(constellationWrites).toEqual([]);
    for (const full of world.repos)
      expect(world.sim.store.requireRepo(full).git.refs.has("refs/heads/release/v2.0.0"), full).toBe(false);
    // The rules are read with one request per branch, plus each ruleset with a rule that could stop
    // the train (to know whether the app bypasses it): the constellation's merge queue and this one.
    const ruleReads = world.sim.requests
      .list()
      .slice(since)
      .filter((r) => r.path.startsWith(`/repos/${API}/rule`));
    const rulesets = world.sim.store.requireRepo(API).protection.rulesets.map((r) => `/repos/${API}/rulesets/${r.id}`);
    expect(rulesets).toHaveLength(2);
    expect(ruleReads.map((r) => r.path).sort()).toEqual(
      [`/repos/${API}/rules/branches/main`, `/repos/${API}/rules/branches/release%2Fv2.0.0`, ...rulesets].sort(),
    );
  }, 90_000);
});
