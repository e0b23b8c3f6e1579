import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { setup, type Octokit } from "./helpers.js";

/** The app's Phase 7 read, verbatim. */
const FINAL = /* GraphQL */ `
query Final($owner: String!, $repo: String!, $tag: String!, $o0: String!, $n0: String!) {
  orchestration: repository(owner: $owner, name: $repo) {
    id
    defaultBranchRef { name target { oid } }
    summary: object(expression: "HEAD:status/summary.json") { ... on Blob { text } }
    release(tagName: $tag) { databaseId url isDraft tagName releaseAssets(first: 10) { nodes { name } } }
    discussionCategories(first: 25) { nodes { id name } }
    discussions(first: 20, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { title url body } }
  }
  r0: repository(owner: $o0, name: $n0) {
    release(tagName: $tag) { databaseId url isDraft }
    changelog: object(expression: "v2.0.0:CHANGELOG.md") { ... on Blob { text } }
  }
}
`;

const COMMIT = /* GraphQL */ `
  mutation Commit($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } ref { name } } }`;
const DISCUSS = /* GraphQL */ `
  mutation Discuss($input: CreateDiscussionInput!) { createDiscussion(input: $input) { discussion { url } } }`;

const vars = { owner: "acme", repo: "trains", tag: "v2.0.0", o0: "acme", n0: "api" };

describe("sim Phase 7 reads and writes (release finalization)", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    sim.seed.repo("acme/trains", { files: { "README.md": "# trains\n" } });
    sim.seed.discussionCategory("acme/trains", "General");
    sim.seed.discussionCategory("acme/trains", "Announcements");
    sim.seed.repo("acme/api", { files: { "CHANGELOG.md": "# 2.0.0\n\n* feat: v2\n" } });
  });
  afterEach(async () => {
    await sim.close();
  });

  /** The app's tagging: an annotated tag object plus its ref, then a draft release on it; main moves on afterwards. */
  async function tagAndDraft(): Promise<number> {
    const api = { owner: "acme", repo: "api" };
    const head = sim.store.requireRepo("acme/api").git.refs.get("refs/heads/main")!;
    const tag = await octokit.rest.git.createTag({
      ...api,
      tag: "v2.0.0",
      message: "api 2.0.0",
      object: head,
      type: "commit",
    });
    await octokit.rest.git.createRef({ ...api, ref: "refs/tags/v2.0.0", sha: tag.data.sha });
    sim.seed.commit("acme/api", "main", {
      message: "chore: after the release",
      files: { "CHANGELOG.md": "# unreleased\n" },
    });
    const { data } = await octokit.rest.repos.createRelease({
      ...api,
      tag_name: "v2.0.0",
      name: "api 2.0.0",
      body: "notes",
      draft: true,
    });
    return data.id;
  }

  it("answers the whole query: missing summary and release as null, drafts by tag, the changelog at an annotated tag", async () => {
    const draftId = await tagAndDraft();
    const data = await octokit.graphql<any>(FINAL, vars);
    const orch = data.orchestration;
    expect(orch.id).toBe(sim.store.requireRepo("acme/trains").nodeId);
    expect(orch.defaultBranchRef).toEqual({
      name: "main",
      target: { oid: sim.store.requireRepo("acme/trains").git.refs.get("refs/heads/main") },
    });
    expect(orch.summary).toBeNull();
    expect(orch.release).toBeNull();
    expect(orch.discussionCategories.nodes.map((c: any) => c.name)).toEqual(["General", "Announcements"]);
    expect(orch.discussions.nodes).toEqual([]);
    // Drafts are visible to the installation (push access), with GitHub's placeholder URL.
    expect(data.r0.release).toEqual({
      databaseId: draftId,
      url: `https://github.com/acme/api/releases/tag/untagged-${draftId}`,
      isDraft: true,
    });
    expect(data.r0.changelog).toEqual({ text: "# 2.0.0\n\n* feat: v2\n" });

    await octokit.rest.repos.updateRelease({ owner: "acme", repo: "api", release_id: draftId, draft: false });
    const after = await octokit.graphql<any>(FINAL, vars);
    expect(after.r0.release).toEqual({
      databaseId: draftId,
      url: "https://github.com/acme/api/releases/tag/v2.0.0",
      isDraft: false,
    });
  });

  it("sees the summary committed with createCommitOnBranch, the discussion created and the orchestration release's assets", async () => {
    await tagAndDraft();
    const before = await octokit.graphql<any>(FINAL, vars);
    const summary = JSON.stringify({ train: "2.0.0", state: "done" }, null, 2);
    const commit = await octokit.graphql<any>(COMMIT, {
      input: {
        branch: { repositoryNameWithOwner: "acme/trains", branchName: before.orchestration.defaultBranchRef.name },
        expectedHeadOid: before.orchestration.defaultBranchRef.target.oid,
        message: { headline: "status: train 2.0.0 summary" },
        fileChanges: {
          additions: [{ path: "status/summary.json", contents: Buffer.from(summary).toString("base64") }],
        },
      },
    });
    expect(commit.createCommitOnBranch.ref).toEqual({ name: "main" });

    const announcements = before.orchestration.discussionCategories.nodes.find((c: any) => c.name === "Announcements");
    for (const title of ["Train 1.9.0 shipped", "Train 2.0.0 shipped"]) {
      const d = await octokit.graphql<any>(DISCUSS, {
        input: { repositoryId: before.orchestration.id, categoryId: announcements.id, title, body: `${title}.` },
      });
      expect(d.createDiscussion.discussion.url).toMatch(/^https:\/\/github\.com\/acme\/trains\/discussions\/\d+$/);
    }

    const { data: rel } = await octokit.rest.repos.createRelease({ owner: "acme", repo: "trains", tag_name: "v2.0.0" });
    await octokit.rest.repos.uploadReleaseAsset({
      owner: "acme",
      repo: "trains",
      release_id: rel.id,
      name: "summary.json",
      data: summary,
      baseUrl: sim.url,
      headers: { "content-type": "application/json" },
    });

    const data = await octokit.graphql<any>(FINAL, vars);
    const orch = data.orchestration;
    expect(orch.defaultBranchRef.target.oid).toBe(commit.createCommitOnBranch.commit.oid);
    expect(orch.summary).toEqual({ text: summary });
    expect(orch.release).toEqual({
      databaseId: rel.id,
      url: "https://github.com/acme/trains/releases/tag/v2.0.0",
      isDraft: false,
      tagName: "v2.0.0",
      releaseAssets: { nodes: [{ name: "summary.json" }] },
    });
    expect(orch.discussions.nodes.map((d: any) => [d.title, d.body])).toEqual([
      ["Train 2.0.0 shipped", "Train 2.0.0 shipped."],
      ["Train 1.9.0 shipped", "Train 1.9.0 shipped."],
    ]);
    await sim.settle();
    expect(sim.deliveries.names()).toEqual(expect.arrayContaining(["push", "discussion.created"]));
  });

  it("answers the Release fields and releaseAssets(name:) selection", async () => {
    const draftId = await tagAndDraft();
    const notes = "## api 2.0.0\n";
    await octokit.rest.repos.uploadReleaseAsset({
      owner: "acme",
      repo: "api",
      release_id: draftId,
      name: "notes.md",
      data: notes,
      baseUrl: sim.url,
      headers: { "content-type": "text/markdown" },
    });
    await octokit.rest.repos.uploadReleaseAsset({
      owner: "acme",
      repo: "api",
      release_id: draftId,
      name: "audit.json",
      data: "{}",
      baseUrl: sim.url,
      headers: { "content-type": "application/json" },
    });
    const data = await octokit.graphql<any>(
      `query($tag: String!) { repository(owner: "acme", name: "api") { release(tagName: $tag) {
        databaseId url isDraft tagName description
        all: releaseAssets(first: 10) { totalCount nodes { name } }
        notes: releaseAssets(first: 1, name: "notes.md") { nodes { name size contentType downloadUrl } }
      } } }`,
      { tag: "v2.0.0" },
    );
    expect(data.repository.release).toEqual({
      databaseId: draftId,
      url: `https://github.com/acme/api/releases/tag/untagged-${draftId}`,
      isDraft: true,
      tagName: "v2.0.0",
      description: "notes",
      all: { totalCount: 2, nodes: [{ name: "notes.md" }, { name: "audit.json" }] },
      notes: {
        nodes: [
          {
            name: "notes.md",
            size: Buffer.byteLength(notes),
            contentType: "text/markdown",
            downloadUrl: `https://github.com/acme/api/releases/download/untagged-${draftId}/notes.md`,
          },
        ],
      },
    });
    const missing = await octokit.graphql<any>(
      `{ repository(owner: "acme", name: "api") { release(tagName: "v9.9.9") { id } } }`,
    );
    expect(missing.repository.release).toBeNull();
  });
});
