import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { expectStatus, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };

describe("sim pull requests", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let releaseHead: string;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    sim.seed.branch("acme/web", "release/1.2");
    releaseHead = sim.seed.commit("acme/web", "release/1.2", {
      message: "chore(release): 1.2.0",
      files: { "package.json": '{ "version": "1.2.0" }\n' },
    });
  });
  afterEach(async () => {
    await sim.close();
  });

  it("creates (201), refuses duplicates and empty ranges (422 with GitHub's messages)", async () => {
    const pr = await octokit.rest.pulls.create({
      ...repo,
      head: "acme:release/1.2",
      base: "main",
      title: "Release 1.2.0",
    });
    expect(pr.status).toBe(201);
    expect(pr.data).toMatchObject({
      number: 1,
      state: "open",
      head: { ref: "release/1.2", sha: releaseHead },
      base: { ref: "main" },
      mergeable: null,
      commits: 1,
    });
    const dup = await expectStatus(
      octokit.rest.pulls.create({ ...repo, head: "release/1.2", base: "main", title: "again" }),
      422,
    );
    expect(dup).toMatchObject({
      message: "Validation Failed",
      errors: [
        { resource: "PullRequest", code: "custom", message: "A pull request already exists for acme:release/1.2." },
      ],
    });
    sim.seed.branch("acme/web", "release/empty");
    const empty = await expectStatus(
      octokit.rest.pulls.create({ ...repo, head: "release/empty", base: "main", title: "nothing" }),
      422,
    );
    expect(empty["errors"][0].message).toBe("No commits between main and release/empty");
    const found = await octokit.rest.pulls.list({ ...repo, head: "acme:release/1.2", state: "open" });
    expect(found.data.map((p) => p.number)).toEqual([1]);
    expect((await octokit.rest.pulls.list({ ...repo, head: "acme:release/9.9" })).data).toEqual([]);
  });

  it("refuses to merge with a stale head sha (409) and leaves everything unchanged", async () => {
    const pr = await octokit.rest.pulls.create({ ...repo, head: "release/1.2", base: "main", title: "Release 1.2.0" });
    const mainBefore = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main");
    sim.seed.commit("acme/web", "release/1.2", { message: "fix: late change", files: { "x.txt": "x" } });
    const body = await expectStatus(
      octokit.rest.pulls.merge({ ...repo, pull_number: pr.data.number, sha: releaseHead }),
      409,
    );
    expect(body["message"]).toBe("Head branch was modified. Review and try the merge again.");
    expect(sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")).toBe(mainBefore);
    expect((await octokit.rest.pulls.get({ ...repo, pull_number: 1 })).data.state).toBe("open");
  });

  it("merges into a real two-parent commit, moves the base ref and emits closed+push", async () => {
    const pr = await octokit.rest.pulls.create({ ...repo, head: "release/1.2", base: "main", title: "Release 1.2.0" });
    sim.seed.commit("acme/web", "main", { message: "docs: unrelated", files: { "docs.md": "d" } });
    const mainBefore = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
    sim.deliveries.reset();
    const merged = await octokit.rest.pulls.merge({ ...repo, pull_number: pr.data.number, sha: releaseHead });
    expect(merged.data).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
    const commit = await octokit.rest.git.getCommit({ ...repo, commit_sha: merged.data.sha });
    expect(commit.data.parents.map((p) => p.sha)).toEqual([mainBefore, releaseHead]);
    expect(commit.data.message).toBe("Merge pull request #1 from acme/release/1.2\n\nRelease 1.2.0");
    expect(commit.data.verification.verified).toBe(true);
    const main = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
    expect(main.data.object.sha).toBe(merged.data.sha);
    const after = await octokit.rest.pulls.get({ ...repo, pull_number: 1 });
    expect(after.data).toMatchObject({ state: "closed", merged: true, merge_commit_sha: merged.data.sha });
    const file = await octokit.rest.repos.getContent({ ...repo, path: "docs.md", mediaType: { format: "raw" } });
    expect(file.data).toBe("d");
    await sim.settle();
    const closed = sim.deliveries.last({ event: "pull_request", action: "closed" })!;
    expect(closed.payload["pull_request"]).toMatchObject({
      merged: true,
      merge_commit_sha: merged.data.sha,
      merged_by: { login: "release-train[bot]", type: "Bot" },
    });
    const push = sim.deliveries.last({ event: "push" })!;
    expect(push.payload).toMatchObject({ ref: "refs/heads/main", before: mainBefore, after: merged.data.sha });
  });

  it("answers 405 for a pull request marked conflicting and detects real conflicts", async () => {
    const pr = await octokit.rest.pulls.create({ ...repo, head: "release/1.2", base: "main", title: "Release 1.2.0" });
    sim.seed.mergeable("acme/web", pr.data.number, false);
    // GitHub computes mergeability after the first read: null, then the answer
    expect((await octokit.rest.pulls.get({ ...repo, pull_number: 1 })).data.mergeable).toBeNull();
    expect((await octokit.rest.pulls.get({ ...repo, pull_number: 1 })).data.mergeable).toBe(false);
    const body = await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: 1 }), 405);
    expect(body["message"]).toBe("Pull Request is not mergeable");
    sim.seed.mergeable("acme/web", pr.data.number, null);
    sim.seed.commit("acme/web", "main", { message: "conflict", files: { "package.json": '{ "version": "9.9.9" }\n' } });
    const gql = () =>
      octokit.graphql<{ repository: { pullRequest: { mergeable: string } } }>(
        `{ repository(owner:"acme", name:"web") { pullRequest(number: 1) { mergeable } } }`,
      );
    expect((await gql()).repository.pullRequest.mergeable).toBe("UNKNOWN");
    expect((await gql()).repository.pullRequest.mergeable).toBe("CONFLICTING");
    await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: 1 }), 405);
  });

  it("squash-merges and lists commits, files and reviews", async () => {
    await octokit.rest.pulls.create({ ...repo, head: "release/1.2", base: "main", title: "Release 1.2.0" });
    sim.as("carol").review("acme/web", 1, "APPROVED", "ship it");
    const commits = await octokit.rest.pulls.listCommits({ ...repo, pull_number: 1 });
    expect(commits.data.map((c) => c.sha)).toEqual([releaseHead]);
    const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 1 });
    expect(files.data.map((f) => f.filename)).toEqual(["package.json"]);
    const reviews = await octokit.rest.pulls.listReviews({ ...repo, pull_number: 1 });
    expect(reviews.data[0]).toMatchObject({ state: "APPROVED", user: { login: "carol" }, commit_id: releaseHead });
    const merged = await octokit.rest.pulls.merge({ ...repo, pull_number: 1, merge_method: "squash" });
    const c = await octokit.rest.git.getCommit({ ...repo, commit_sha: merged.data.sha });
    expect(c.data.parents).toHaveLength(1);
    expect(c.data.message.split("\n")[0]).toBe("Release 1.2.0 (#1)");
  });

  it("emits pull_request.synchronize when the head branch moves", async () => {
    await octokit.rest.pulls.create({ ...repo, head: "release/1.2", base: "main", title: "Release 1.2.0" });
    await sim.settle();
    const sha = sim
      .as("alice")
      .pushCommit("acme/web", "release/1.2", { message: "fix: more", files: { "y.txt": "y" } });
    await sim.settle();
    const sync = sim.deliveries.last({ event: "pull_request", action: "synchronize" })!;
    expect(sync.payload).toMatchObject({ before: releaseHead, after: sha, sender: { login: "alice" } });
    expect((await octokit.rest.pulls.get({ ...repo, pull_number: 1 })).data.head.sha).toBe(sha);
  });
});
