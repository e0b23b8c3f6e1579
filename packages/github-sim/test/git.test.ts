import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { expectStatus, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };

describe("sim git data, contents and commits", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let head: string;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    head = sim.seed.commit("acme/web", "main", {
      message: "feat: add api\n\nDetails here.",
      files: { "src/api.ts": "export {}\n" },
      author: "alice",
    });
  });
  afterEach(async () => {
    await sim.close();
  });

  it("creates a ref (201) and refuses an existing one (422 Reference already exists)", async () => {
    const created = await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/release/1.2", sha: head });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ ref: "refs/heads/release/1.2", object: { sha: head, type: "commit" } });
    const body = await expectStatus(
      octokit.rest.git.createRef({ ...repo, ref: "refs/heads/release/1.2", sha: head }),
      422,
    );
    expect(body["message"]).toBe("Reference already exists");
    expect(body["documentation_url"]).toBeTruthy();
    const got = await octokit.rest.git.getRef({ ...repo, ref: "heads/release/1.2" });
    expect(got.data.object.sha).toBe(head);
    const matching = await octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/release/" });
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/heads/release/1.2"]);
    await expectStatus(octokit.rest.git.getRef({ ...repo, ref: "heads/nope" }), 404);
  });

  it("updates refs only as fast-forwards unless forced, and deletes them (204)", async () => {
    const base = sim.store.requireRepo("acme/web").git.commit(head)!.parents[0]!;
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/topic", sha: head });
    const body = await expectStatus(octokit.rest.git.updateRef({ ...repo, ref: "heads/topic", sha: base }), 422);
    expect(body["message"]).toBe("Update is not a fast forward");
    const forced = await octokit.rest.git.updateRef({ ...repo, ref: "heads/topic", sha: base, force: true });
    expect(forced.data.object.sha).toBe(base);
    const ff = await octokit.rest.git.updateRef({ ...repo, ref: "heads/topic", sha: head });
    expect(ff.data.object.sha).toBe(head);
    const del = await octokit.rest.git.deleteRef({ ...repo, ref: "heads/topic" });
    expect(del.status).toBe(204);
    expect((await expectStatus(octokit.rest.git.deleteRef({ ...repo, ref: "heads/topic" }), 422))["message"]).toBe(
      "Reference does not exist",
    );
  });

  it("creates annotated tag objects and reads them back", async () => {
    const tag = await octokit.rest.git.createTag({
      ...repo,
      tag: "v1.2.0",
      message: "Release 1.2.0",
      object: head,
      type: "commit",
    });
    expect(tag.status).toBe(201);
    await octokit.rest.git.createRef({ ...repo, ref: "refs/tags/v1.2.0", sha: tag.data.sha });
    const ref = await octokit.rest.git.getRef({ ...repo, ref: "tags/v1.2.0" });
    expect(ref.data.object).toMatchObject({ type: "tag", sha: tag.data.sha });
    const read = await octokit.rest.git.getTag({ ...repo, tag_sha: tag.data.sha });
    expect(read.data).toMatchObject({ tag: "v1.2.0", message: "Release 1.2.0", object: { sha: head, type: "commit" } });
    const commit = await octokit.rest.repos.getCommit({ ...repo, ref: "v1.2.0" });
    expect(commit.data.sha).toBe(head);
  });

  it("computes real git object ids", async () => {
    const blob = sim.store.requireRepo("acme/web").git.putBlob("hello\n");
    expect(blob).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });

  it("serves contents as base64 JSON, raw, directory listings and 404", async () => {
    const json = await octokit.rest.repos.getContent({ ...repo, path: "src/api.ts" });
    const file = json.data as { content: string; encoding: string; sha: string };
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(file.content, "base64").toString()).toBe("export {}\n");
    const raw = await octokit.rest.repos.getContent({ ...repo, path: "package.json", mediaType: { format: "raw" } });
    expect(JSON.parse(raw.data as unknown as string)).toMatchObject({ version: "1.0.0" });
    const old = await octokit.rest.repos.getContent({
      ...repo,
      path: "README.md",
      ref: sim.store.requireRepo("acme/web").git.commit(head)!.parents[0]!,
    });
    expect(old.status).toBe(200);
    const dir = await octokit.rest.repos.getContent({ ...repo, path: "src" });
    expect((dir.data as { name: string; type: string }[]).map((e) => [e.name, e.type])).toEqual([["api.ts", "file"]]);
    await expectStatus(octokit.rest.repos.getContent({ ...repo, path: "nope.txt" }), 404);
    await expectStatus(octokit.rest.repos.getContent({ ...repo, path: "src/api.ts", ref: "no-such-branch" }), 404);
  });

  it("writes files through the contents API with sha checks", async () => {
    const created = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: "CHANGELOG.md",
      message: "docs: changelog",
      content: Buffer.from("# 1.0\n").toString("base64"),
    });
    expect(created.status).toBe(201);
    const missingSha = await expectStatus(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: "CHANGELOG.md",
        message: "again",
        content: Buffer.from("x").toString("base64"),
      }),
      422,
    );
    expect(missingSha["message"]).toMatch(/"sha" wasn't supplied/);
    await expectStatus(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: "CHANGELOG.md",
        message: "again",
        content: "eA==",
        sha: "0".repeat(40),
      }),
      409,
    );
  });

  it("lists commits, gets one with files, and compares", async () => {
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/release/1.2", sha: head });
    const extra = sim.seed.commit("acme/web", "release/1.2", {
      message: "chore: bump",
      files: { "package.json": '{ "version": "1.2.0" }\n' },
    });
    const list = await octokit.rest.repos.listCommits({ ...repo, sha: "release/1.2", per_page: 2 });
    expect(list.data.map((c) => c.sha)).toEqual([extra, head]);
    expect(list.headers.link).toContain('rel="next"');
    const one = await octokit.rest.repos.getCommit({ ...repo, ref: extra });
    expect(one.data.files?.map((f) => [f.filename, f.status])).toEqual([["package.json", "modified"]]);
    const cmp = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...release/1.2" });
    expect(cmp.data).toMatchObject({ status: "ahead", ahead_by: 1, behind_by: 0, total_commits: 1 });
    expect(cmp.data.commits.map((c) => c.sha)).toEqual([extra]);
    expect(cmp.data.merge_base_commit.sha).toBe(head);
    const rev = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: "release/1.2...main" });
    expect(rev.data).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 1 });
    const branch = await octokit.rest.repos.getBranch({ ...repo, branch: "release/1.2" });
    expect(branch.data.commit.sha).toBe(extra);
    await expectStatus(octokit.rest.repos.getCommit({ ...repo, ref: "deadbeef" }), 422);
  });

  it("builds commits from blobs and trees (git data API)", async () => {
    const blob = await octokit.rest.git.createBlob({ ...repo, content: "new file\n" });
    const base = await octokit.rest.git.getCommit({ ...repo, commit_sha: head });
    const tree = await octokit.rest.git.createTree({
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [{ path: "docs/new.md", mode: "100644", type: "blob", sha: blob.data.sha }],
    });
    const commit = await octokit.rest.git.createCommit({
      ...repo,
      message: "docs: add",
      tree: tree.data.sha,
      parents: [head],
    });
    expect(commit.data.parents.map((p) => p.sha)).toEqual([head]);
    // GitHub signs what it builds for the app, unless the app names an author or committer of its own.
    expect(commit.data.verification).toMatchObject({ verified: true });
    const person = { name: "Bella", email: "bella@example.com", date: "2026-11-26T10:00:00Z" };
    for (const own of [{ author: person }, { committer: person }]) {
      const unsigned = await octokit.rest.git.createCommit({
        ...repo,
        message: "docs: add",
        tree: tree.data.sha,
        parents: [head],
        ...own,
      });
      expect(unsigned.data.verification).toMatchObject({ verified: false, reason: "unsigned" });
    }
    await octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: commit.data.sha });
    const content = await octokit.rest.repos.getContent({ ...repo, path: "docs/new.md", mediaType: { format: "raw" } });
    expect(content.data).toBe("new file\n");
  });
});
