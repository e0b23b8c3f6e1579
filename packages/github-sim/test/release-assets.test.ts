import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { expectStatus, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };

describe("sim release assets (REST upload, list, get, download, edit, delete)", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
  });
  afterEach(async () => {
    await sim.close();
  });

  it("uploads raw bodies through octokit's uploadReleaseAsset and the release's upload_url", async () => {
    const { data: rel } = await octokit.rest.repos.createRelease({ ...repo, tag_name: "v1.2.0" });
    expect(rel.upload_url).toBe(`${sim.url}/repos/acme/web/releases/${rel.id}/assets{?name,label}`);
    expect(rel.assets).toEqual([]);
    await sim.settle();
    sim.deliveries.reset();
    sim.requests.reset();

    const notes = "# web 1.2.0\n\n* feat: {not json}\n";
    const up = await octokit.rest.repos.uploadReleaseAsset({
      ...repo,
      release_id: rel.id,
      name: "release-notes.md",
      label: "Notes",
      data: notes,
      baseUrl: sim.url,
      headers: { "content-type": "text/markdown" },
    });
    expect(up.status).toBe(201);
    expect(up.data).toEqual({
      url: `${sim.url}/repos/acme/web/releases/assets/${up.data.id}`,
      browser_download_url: "https://github.com/acme/web/releases/download/v1.2.0/release-notes.md",
      id: up.data.id,
      node_id: expect.stringMatching(/^RA_/),
      name: "release-notes.md",
      label: "Notes",
      state: "uploaded",
      content_type: "text/markdown",
      size: Buffer.byteLength(notes),
      digest: `sha256:${createHash("sha256").update(notes).digest("hex")}`,
      download_count: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      uploader: expect.objectContaining({ login: "release-train[bot]", type: "Bot" }),
    });
    expect(sim.releaseAsset("acme/web", "v1.2.0", "release-notes.md")?.data.toString("utf8")).toBe(notes);

    // The app's other form: a Buffer of JSON posted to the expanded upload_url.
    const summary = Buffer.from(JSON.stringify({ train: "1.2.0", repos: 3 }));
    const viaUrl = await octokit.request({
      method: "POST",
      url: rel.upload_url,
      name: "summary.json",
      data: summary,
      headers: { "content-type": "application/json" },
    });
    expect(viaUrl.status).toBe(201);
    expect(viaUrl.data).toMatchObject({
      name: "summary.json",
      label: null,
      content_type: "application/json",
      size: summary.length,
    });
    expect(JSON.parse(sim.releaseAsset("acme/web", "v1.2.0", "summary.json")!.data.toString("utf8"))).toEqual({
      train: "1.2.0",
      repos: 3,
    });

    const posts = sim.requests.list().filter((r) => r.method === "POST");
    expect(posts.map((r) => [r.route, r.kind, r.status])).toEqual([
      ["POST /repos/{owner}/{repo}/releases/{release_id}/assets", "write", 201],
      ["POST /repos/{owner}/{repo}/releases/{release_id}/assets", "write", 201],
    ]);
    await sim.settle();
    expect(sim.deliveries.length).toBe(0); // GitHub sends no webhook for assets
  });

  it("refuses a duplicate name or a missing name (422), an unknown release (404) and an archived repository (403)", async () => {
    const { data: rel } = await octokit.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0" });
    const upload = (name: string) =>
      octokit.rest.repos.uploadReleaseAsset({
        ...repo,
        release_id: rel.id,
        name,
        data: "x",
        baseUrl: sim.url,
        headers: { "content-type": "text/plain" },
      });
    await upload("a.txt");
    const dup = await expectStatus(upload("a.txt"), 422);
    expect(dup).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "ReleaseAsset", code: "already_exists", field: "name" }],
    });
    const missing = await expectStatus(
      octokit.request("POST /repos/{owner}/{repo}/releases/{release_id}/assets", {
        ...repo,
        release_id: rel.id,
        data: "x",
        headers: { "content-type": "text/plain" },
      }),
      422,
    );
    expect(missing["errors"]).toEqual([{ resource: "ReleaseAsset", code: "missing_field", field: "name" }]);
    await expectStatus(
      octokit.rest.repos.uploadReleaseAsset({ ...repo, release_id: 999, name: "b.txt", data: "x", baseUrl: sim.url }),
      404,
    );
    sim.store.requireRepo("acme/web").archived = true;
    await expectStatus(upload("c.txt"), 403);
    expect(sim.store.requireRepo("acme/web").releases[0]!.assets!.map((a) => a.name)).toEqual(["a.txt"]);
  });

  it("lists (paginated), gets, downloads, renames and deletes assets; the release JSON embeds them", async () => {
    const { data: rel } = await octokit.rest.repos.createRelease({ ...repo, tag_name: "v2.0.0" });
    for (const name of ["a.md", "b.md", "c.json"]) {
      await octokit.rest.repos.uploadReleaseAsset({
        ...repo,
        release_id: rel.id,
        name,
        data: `content of ${name}`,
        baseUrl: sim.url,
        headers: { "content-type": "text/markdown" },
      });
    }
    const page = await octokit.rest.repos.listReleaseAssets({ ...repo, release_id: rel.id, per_page: 2 });
    expect(page.data.map((a) => a.name)).toEqual(["a.md", "b.md"]);
    expect(page.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.repos.listReleaseAssets, {
      ...repo,
      release_id: rel.id,
      per_page: 2,
    });
    expect(all.map((a) => a.name)).toEqual(["a.md", "b.md", "c.json"]);

    const byId = await octokit.rest.repos.getReleaseAsset({ ...repo, asset_id: all[2]!.id });
    expect(byId.data).toMatchObject({ name: "c.json", size: Buffer.byteLength("content of c.json") });
    const raw = await octokit.request("GET /repos/{owner}/{repo}/releases/assets/{asset_id}", {
      ...repo,
      asset_id: all[2]!.id,
      headers: { accept: "application/octet-stream" },
    });
    const body = raw.data as unknown as string | ArrayBuffer; // text/* comes back as a string, other types as bytes
    expect(typeof body === "string" ? body : Buffer.from(body).toString("utf8")).toBe("content of c.json");
    expect(
      (await octokit.rest.repos.getRelease({ ...repo, release_id: rel.id })).data.assets.map((a) => a.name),
    ).toEqual(["a.md", "b.md", "c.json"]);

    const renamed = await octokit.rest.repos.updateReleaseAsset({
      ...repo,
      asset_id: all[0]!.id,
      name: "notes.md",
      label: "Release notes",
    });
    expect(renamed.data).toMatchObject({
      name: "notes.md",
      label: "Release notes",
      browser_download_url: "https://github.com/acme/web/releases/download/v2.0.0/notes.md",
    });
    const clash = await expectStatus(
      octokit.rest.repos.updateReleaseAsset({ ...repo, asset_id: all[1]!.id, name: "notes.md" }),
      422,
    );
    expect(clash["errors"]).toEqual([{ resource: "ReleaseAsset", code: "already_exists", field: "name" }]);

    expect((await octokit.rest.repos.deleteReleaseAsset({ ...repo, asset_id: all[1]!.id })).status).toBe(204);
    await expectStatus(octokit.rest.repos.getReleaseAsset({ ...repo, asset_id: all[1]!.id }), 404);
    expect(
      (await octokit.rest.repos.listReleaseAssets({ ...repo, release_id: rel.id })).data.map((a) => a.name),
    ).toEqual(["notes.md", "c.json"]);
    // Asset ids belong to their repository: another installation-visible repo does not find them.
    sim.seed.repo("acme/api");
    await expectStatus(octokit.rest.repos.getReleaseAsset({ owner: "acme", repo: "api", asset_id: all[2]!.id }), 404);
  });

  it("uploads to drafts (download path untagged-<id> until published) and keeps assets across publishing", async () => {
    const { data: draft } = await octokit.rest.repos.createRelease({ ...repo, tag_name: "v3.0.0", draft: true });
    const up = await octokit.rest.repos.uploadReleaseAsset({
      ...repo,
      release_id: draft.id,
      name: "audit.json",
      data: "{}",
      baseUrl: sim.url,
      headers: { "content-type": "application/json" },
    });
    expect(up.data.browser_download_url).toBe(
      `https://github.com/acme/web/releases/download/untagged-${draft.id}/audit.json`,
    );
    expect(sim.releaseAsset("acme/web", "v3.0.0", "audit.json")?.contentType).toBe("application/json");
    const published = await octokit.rest.repos.updateRelease({ ...repo, release_id: draft.id, draft: false });
    expect(published.data.assets).toEqual([
      expect.objectContaining({
        name: "audit.json",
        browser_download_url: "https://github.com/acme/web/releases/download/v3.0.0/audit.json",
      }),
    ]);
    expect(sim.releaseAsset("acme/web", "v3.0.0", "missing.json")).toBeUndefined();
    expect(sim.releaseAsset("acme/web", "v9.9.9", "audit.json")).toBeUndefined();
  });
});
