import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { expectStatus, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };

describe("sim issues, comments, labels, milestones, reactions", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
  });
  afterEach(async () => {
    await sim.close();
  });

  it("paginates comments with Link headers (per_page default 30, max 100)", async () => {
    const n = sim.seed.issue("acme/web", { title: "Release train 1.2", author: "alice" });
    for (let i = 0; i < 35; i++) sim.seed.comment("acme/web", n, `comment ${i}`, "bob");
    const first = await octokit.rest.issues.listComments({ ...repo, issue_number: n });
    expect(first.data).toHaveLength(30);
    const link = first.headers.link!;
    expect(link).toContain(`<${sim.url}/repos/acme/web/issues/${n}/comments?per_page=30&page=2>; rel="next"`);
    expect(link).toContain('page=2>; rel="last"');
    const page = await octokit.rest.issues.listComments({ ...repo, issue_number: n, per_page: 10, page: 2 });
    expect(page.data.map((c) => c.body)).toEqual(Array.from({ length: 10 }, (_, i) => `comment ${i + 10}`));
    expect(page.headers.link).toMatch(/rel="prev".*rel="next".*rel="last".*rel="first"/);
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: n, per_page: 100 });
    expect(all).toHaveLength(35);
    const capped = await octokit.rest.issues.listComments({ ...repo, issue_number: n, per_page: 500 });
    expect(capped.data).toHaveLength(35);
    expect(capped.headers.link).toBeUndefined();
  });

  it("filters comments by since", async () => {
    const n = sim.seed.issue("acme/web", { title: "t" });
    sim.seed.comment("acme/web", n, "old");
    sim.clock.advance(60_000);
    const cutoff = sim.clock.iso();
    sim.seed.comment("acme/web", n, "new");
    const res = await octokit.rest.issues.listComments({ ...repo, issue_number: n, since: cutoff });
    expect(res.data.map((c) => c.body)).toEqual(["new"]);
  });

  it("creates, edits and closes issues; requires a title", async () => {
    const body = await expectStatus(octokit.rest.issues.create({ ...repo, title: "" }), 422);
    expect(body["message"]).toContain('"title" wasn\'t supplied');
    const ms = await octokit.rest.issues.createMilestone({ ...repo, title: "1.2.0" });
    const created = await octokit.rest.issues.create({
      ...repo,
      title: "Release 1.2.0",
      body: "plan",
      labels: ["release-train"],
      milestone: ms.data.number,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      state: "open",
      labels: [{ name: "release-train" }],
      milestone: { title: "1.2.0", open_issues: 1 },
    });
    const edited = await octokit.rest.issues.update({ ...repo, issue_number: 1, body: "plan v2", state: "closed" });
    expect(edited.data).toMatchObject({ body: "plan v2", state: "closed", state_reason: "completed" });
    const open = await octokit.rest.issues.listForRepo({ ...repo });
    expect(open.data).toHaveLength(0);
    const all = await octokit.rest.issues.listForRepo({ ...repo, state: "all", labels: "release-train" });
    expect(all.data.map((i) => i.number)).toEqual([1]);
    await expectStatus(octokit.rest.issues.get({ ...repo, issue_number: 99 }), 404);
  });

  it("deletes an issue: 410 Gone over REST, NOT_FOUND over GraphQL, its number not reused", async () => {
    const n = sim.seed.issue("acme/web", { title: "Release 1.2.0" });
    sim.as("alice").deleteIssue("acme/web", n);
    const gone = await expectStatus(octokit.rest.issues.get({ ...repo, issue_number: n }), 410);
    expect(gone["message"]).toBe("This issue was deleted");
    const query = 'query($n: Int!) { repository(owner: "acme", name: "web") { issue(number: $n) { title } } }';
    const error = await octokit.graphql(query, { n }).catch((e: { errors: unknown[]; data: unknown }) => e);
    expect(error).toMatchObject({
      errors: [{ type: "NOT_FOUND", path: ["repository", "issue"] }],
      data: { repository: { issue: null } },
    });
    expect((await octokit.rest.issues.create({ ...repo, title: "next" })).data.number).toBe(n + 1);
  });

  it("edits and deletes comments", async () => {
    const n = sim.seed.issue("acme/web", { title: "t" });
    const c = await octokit.rest.issues.createComment({ ...repo, issue_number: n, body: "status: pending" });
    expect(c.status).toBe(201);
    const e = await octokit.rest.issues.updateComment({ ...repo, comment_id: c.data.id, body: "status: done" });
    expect(e.data.body).toBe("status: done");
    expect((await octokit.rest.issues.getComment({ ...repo, comment_id: c.data.id })).data.body).toBe("status: done");
    expect((await octokit.rest.issues.deleteComment({ ...repo, comment_id: c.data.id })).status).toBe(204);
    await expectStatus(octokit.rest.issues.getComment({ ...repo, comment_id: c.data.id }), 404);
  });

  it("manages labels on issues (404 when removing an absent one)", async () => {
    const n = sim.seed.issue("acme/web", { title: "t" });
    const dup = await octokit.rest.issues.createLabel({ ...repo, name: "frozen", color: "ff0000" });
    expect(dup.status).toBe(201);
    const exists = await expectStatus(octokit.rest.issues.createLabel({ ...repo, name: "Frozen" }), 422);
    expect(exists["errors"]).toEqual([{ resource: "Label", code: "already_exists", field: "name" }]);
    const added = await octokit.rest.issues.addLabels({ ...repo, issue_number: n, labels: ["frozen", "train:1.2"] });
    expect(added.data.map((l) => l.name)).toEqual(["frozen", "train:1.2"]);
    const removed = await octokit.rest.issues.removeLabel({ ...repo, issue_number: n, name: "frozen" });
    expect(removed.data.map((l) => l.name)).toEqual(["train:1.2"]);
    const body = await expectStatus(octokit.rest.issues.removeLabel({ ...repo, issue_number: n, name: "frozen" }), 404);
    expect(body["message"]).toBe("Label does not exist");
  });

  it("creates and closes milestones", async () => {
    const m = await octokit.rest.issues.createMilestone({ ...repo, title: "2.0.0" });
    expect(m.status).toBe(201);
    await expectStatus(octokit.rest.issues.createMilestone({ ...repo, title: "2.0.0" }), 422);
    const closed = await octokit.rest.issues.updateMilestone({
      ...repo,
      milestone_number: m.data.number,
      state: "closed",
    });
    expect(closed.data.state).toBe("closed");
    expect((await octokit.rest.issues.listMilestones({ ...repo })).data).toHaveLength(0);
    expect((await octokit.rest.issues.listMilestones({ ...repo, state: "all" })).data).toHaveLength(1);
    await sim.settle();
    expect(sim.deliveries.names()).toEqual(["milestone.created", "milestone.closed"]);
  });

  it("adds reactions: 201 when new, 200 when the same user already reacted", async () => {
    const n = sim.seed.issue("acme/web", { title: "t" });
    const id = sim.seed.comment("acme/web", n, "/train start", "alice");
    const first = await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: id, content: "eyes" });
    expect(first.status).toBe(201);
    const again = await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: id, content: "eyes" });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(first.data.id);
    sim.as("bob").react("acme/web", id, "+1");
    const list = await octokit.rest.reactions.listForIssueComment({ ...repo, comment_id: id });
    expect(list.data.map((r) => [r.user?.login, r.content])).toEqual([
      ["release-train[bot]", "eyes"],
      ["bob", "+1"],
    ]);
    const comment = await octokit.rest.issues.getComment({ ...repo, comment_id: id });
    expect(comment.data.reactions).toMatchObject({ total_count: 2, eyes: 1, "+1": 1 });
    await expectStatus(
      octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: id, content: "party" as "eyes" }),
      422,
    );
    const onIssue = await octokit.rest.reactions.createForIssue({ ...repo, issue_number: n, content: "rocket" });
    expect(onIssue.status).toBe(201);
  });

  it("answers team memberships and members by role", async () => {
    sim.seed.team("acme", "release-managers", { maintainers: ["alice"], members: ["bob"] });
    const alice = await octokit.rest.teams.getMembershipForUserInOrg({
      org: "acme",
      team_slug: "release-managers",
      username: "alice",
    });
    expect(alice.data).toMatchObject({ role: "maintainer", state: "active" });
    const bob = await octokit.rest.teams.getMembershipForUserInOrg({
      org: "acme",
      team_slug: "release-managers",
      username: "bob",
    });
    expect(bob.data.role).toBe("member");
    await expectStatus(
      octokit.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "release-managers", username: "mallory" }),
      404,
    );
    const maintainers = await octokit.rest.teams.listMembersInOrg({
      org: "acme",
      team_slug: "release-managers",
      role: "maintainer",
    });
    expect(maintainers.data.map((u) => u.login)).toEqual(["alice"]);
    const all = await octokit.rest.teams.listMembersInOrg({ org: "acme", team_slug: "release-managers" });
    expect(all.data.map((u) => u.login).sort()).toEqual(["alice", "bob"]);
  });

  it("refuses an issue, pull request or comment body over 65,536 characters with GitHub's 422, counting characters, not UTF-16 units", async () => {
    const tooLong = "x".repeat(65_537);
    const error = (resource: string) => ({
      status: 422,
      response: {
        data: {
          message: "Validation Failed",
          errors: [
            { resource, code: "custom", field: "body", message: "body is too long (maximum is 65536 characters)" },
          ],
        },
      },
    });
    await expect(octokit.rest.issues.create({ ...repo, title: "long", body: tooLong })).rejects.toMatchObject(
      error("Issue"),
    );
    const { data: issue } = await octokit.rest.issues.create({
      ...repo,
      title: "at the limit",
      body: "x".repeat(65_536),
    });
    await expect(
      octokit.rest.issues.update({ ...repo, issue_number: issue.number, title: "renamed", body: tooLong }),
    ).rejects.toMatchObject(error("Issue"));
    // Nothing of the refused update was applied.
    expect(sim.store.requireRepo("acme/web").issues.get(issue.number)).toMatchObject({ title: "at the limit" });
    // 65,536 emoji are 131,072 UTF-16 units and still within the limit.
    await octokit.rest.issues.update({ ...repo, issue_number: issue.number, body: "🚂".repeat(65_536) });
    await expect(
      octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: tooLong }),
    ).rejects.toMatchObject(error("IssueComment"));
    const { data: comment } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: "short",
    });
    await expect(
      octokit.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: tooLong }),
    ).rejects.toMatchObject(error("IssueComment"));
    sim.seed.branch("acme/web", "feature");
    sim.seed.commit("acme/web", "feature", { message: "a", files: { "a.txt": "a" } });
    await expect(
      octokit.rest.pulls.create({ ...repo, head: "feature", base: "main", title: "long", body: tooLong }),
    ).rejects.toMatchObject(error("PullRequest"));
    const { data: pull } = await octokit.rest.pulls.create({ ...repo, head: "feature", base: "main", title: "short" });
    await expect(octokit.rest.pulls.update({ ...repo, pull_number: pull.number, body: tooLong })).rejects.toMatchObject(
      error("PullRequest"),
    );
  });
});
