// Writes on GitHub releases: the release notes (as drafts or published), publishing a
// draft, and the archive's assets.
import type { Octokit } from "../octokit.js";
import { repoParams } from "../repo-params.js";
import type { ActionOf } from "./action-of.js";
import { alreadyExists } from "./already-exists.js";

/** Release assets go to GitHub's uploads host (on GitHub Enterprise Server: /api/uploads). */
function uploadsUrl(octokit: Octokit): string {
  const api = octokit.request.endpoint.DEFAULTS.baseUrl;
  if (api === "https://api.github.com") return "https://uploads.github.com";
  return api.endsWith("/api/v3") ? api.replace(/\/api\/v3$/, "/api/uploads") : api;
}

export async function createRelease(octokit: Octokit, action: ActionOf<"createRelease">): Promise<void> {
  try {
    await octokit.rest.repos.createRelease({
      ...repoParams(action.repo),
      tag_name: action.tag,
      target_commitish: action.target,
      name: action.name,
      body: action.body.slice(0, 120_000),
      draft: action.draft,
      prerelease: action.prerelease,
      make_latest: action.latest ? "true" : "false",
    });
  } catch (error) {
    // Guard: one release per tag; GitHub refuses a second with 422 already_exists.
    if (!alreadyExists(error, "already_exists")) throw error;
  }
}

export async function publishRelease(octokit: Octokit, action: ActionOf<"publishRelease">): Promise<void> {
  await octokit.rest.repos.updateRelease({
    ...repoParams(action.repo),
    release_id: action.releaseId,
    draft: false,
    make_latest: action.latest ? "true" : "false",
  });
}

export async function uploadAsset(octokit: Octokit, action: ActionOf<"uploadAsset">): Promise<void> {
  try {
    await octokit.rest.repos.uploadReleaseAsset({
      ...repoParams(action.repo),
      release_id: action.releaseId,
      name: action.name,
      data: action.data,
      baseUrl: uploadsUrl(octokit),
      headers: { "content-type": action.contentType },
    });
  } catch (error) {
    // Guard: an asset of that name on the release is already there.
    if (!alreadyExists(error, "already_exists")) throw error;
  }
}
