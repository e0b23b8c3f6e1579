// Release assets (raw uploads) and the GraphQL reads of a train's Phase 7.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../../src/sim/index.js";
import { expectStatus, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };

describe("sim release assets and Phase 7 reads", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
  });
  afterEach(async () => {
    await sim.close();
  });

  it("uploads an asset raw to the release's upload URL, lists it, and refuses a second of the same name", async () => {
    const { data: release } = await octokit.rest.repos.createRelease({ ...repo, tag_name: "v2.0.0", name: "v2.0.0" });
    expect(release.upload_url).toBe(`${sim.url}/repos/acme/web/releases/${release.id}/assets{?name,label}`);
    const text = "# Audit log\n\n- one\n";
    const uploaded = await octokit.rest.repos.uploadReleaseAsset({ ...repo, release_id: release.id, name: "audit-log.md", data: text, baseUrl: sim.url, headers: { "content-type": "text/markdown" } });
    expect(uploaded.status).toBe(201);
    expect(uploaded.data).toMatchObject({ name: "audit-log.md", content_type: "text/markdown", size: Buffer.byteLength(text), state: "uploaded" });
    expect(sim.store.requireRepo("acme/web").releases[0]!.assets![0]!.data.toString("utf8")).toBe(text);

    const list = await octokit.rest.repos.listReleaseAssets({ ...repo, release_id: release.id });
    expect(list.data.map((a) => a.name)).toEqual(["audit-log.md"]);
    const again = await octokit.rest.repos.getRelease({ ...repo, release_id: release.id });
    expect(again.data.assets.map((a) => a.name)).toEqual(["audit-log.md"]);
    const duplicate = await expectStatus(octokit.rest.repos.uploadReleaseAsset({ ...repo, release_id: release.id, name: "audit-log.md", data: "x", baseUrl: sim.url }), 422);
    expect(duplicate.errors).toEqual([{ resource: "ReleaseAsset", code: "already_exists", field: "name" }]);
    await expectStatus(octokit.request("POST /repos/{owner}/{repo}/releases/{release_id}/assets", { ...repo, release_id: release.id, data: "x", headers: { "content-type": "text/plain" } }), 422);
    expect(sim.requests.list().filter((r) => r.path.endsWith("/assets") && r.method === "POST").every((r) => r.kind === "write")).toBe(true);
  });

  it("creates discussions and lists them newest first in GraphQL", async () => {
    const categoryId = sim.seed.discussionCategory("acme/web", "Announcements");
    const { repository: target } = await octokit.graphql<{ repository: { id: string } }>(`query($owner: String!, $repo: String!) { repository(owner: $owner, name: $repo) { id } }`, repo);
    for (const title of ["first", "second"]) {
      await octokit.graphql(`mutation($input: CreateDiscussionInput!) { createDiscussion(input: $input) { discussion { url } } }`, { input: { repositoryId: target.id, categoryId, title, body: `${title} body` } });
    }
    const { repository } = await octokit.graphql<{ repository: { discussionCategories: { nodes: Array<{ id: string; name: string }> }; discussions: { nodes: Array<{ title: string; body: string }> } } }>(
      `query($owner: String!, $repo: String!) { repository(owner: $owner, name: $repo) {
        discussionCategories(first: 25) { nodes { id name } }
        discussions(first: 20, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { title body } }
      } }`,
      repo,
    );
    expect(repository.discussionCategories.nodes).toEqual([{ id: categoryId, name: "Announcements" }]);
    expect(repository.discussions.nodes).toEqual([{ title: "second", body: "second body" }, { title: "first", body: "first body" }]);
  });

  it("answers releaseAssets and drafts by tag name in GraphQL", async () => {
    const { data: release } = await octokit.rest.repos.createRelease({ ...repo, tag_name: "v2.0.0", draft: true });
    await octokit.rest.repos.uploadReleaseAsset({ ...repo, release_id: release.id, name: "summary.json", data: "{}", baseUrl: sim.url, headers: { "content-type": "application/json" } });
    const { repository } = await octokit.graphql<{ repository: { release: { databaseId: number; isDraft: boolean; releaseAssets: { nodes: Array<{ name: string; size: number }> } } } }>(
      `query($owner: String!, $repo: String!) { repository(owner: $owner, name: $repo) { release(tagName: "v2.0.0") { databaseId isDraft releaseAssets(first: 10) { nodes { name size } } } } }`,
      repo,
    );
    expect(repository.release).toEqual({ databaseId: release.id, isDraft: true, releaseAssets: { nodes: [{ name: "summary.json", size: 2 }] } });
  });
});
