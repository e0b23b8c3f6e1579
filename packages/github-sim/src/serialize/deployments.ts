import { createHash } from "node:crypto";
import type { SimCore } from "../core.js";
import { assetDownloadUrl, releaseTagSegment } from "../ops/release-assets.js";
import type { Deployment, DeploymentStatus, Release, ReleaseAsset, Repo } from "../store/types.js";
import { user } from "./accounts.js";
import { performedViaApp } from "./issues.js";

export function deployment(core: SimCore, repo: Repo, d: Deployment): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/deployments/${d.id}`,
    id: d.id,
    node_id: d.nodeId,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: user(core, d.creator),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${api}/deployments/${d.id}/statuses`,
    repository_url: api,
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
    performed_via_github_app: performedViaApp(core, d.creator),
  };
}

export function deploymentStatus(
  core: SimCore,
  repo: Repo,
  d: Deployment,
  s: DeploymentStatus,
): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: s.nodeId,
    state: s.state,
    creator: user(core, s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    deployment_url: `${api}/deployments/${d.id}`,
    repository_url: api,
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
    performed_via_github_app: performedViaApp(core, s.creator),
  };
}

export function release(core: SimCore, repo: Repo, r: Release): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  const tagPath = `tag/${releaseTagSegment(r)}`;
  return {
    url: `${api}/releases/${r.id}`,
    assets_url: `${api}/releases/${r.id}/assets`,
    upload_url: `${core.urls.api}/repos/${repo.fullName}/releases/${r.id}/assets{?name,label}`,
    html_url: `${core.urls.html}/${repo.fullName}/releases/${tagPath}`,
    id: r.id,
    author: user(core, r.author),
    node_id: r.nodeId,
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    draft: r.draft,
    immutable: false,
    prerelease: r.prerelease,
    created_at: r.createdAt,
    updated_at: r.publishedAt ?? r.createdAt,
    published_at: r.publishedAt,
    assets: (r.assets ?? []).map((a) => releaseAsset(core, repo, r, a)),
    tarball_url: r.draft ? null : `${api}/tarball/${r.tagName}`,
    zipball_url: r.draft ? null : `${api}/zipball/${r.tagName}`,
    body: r.body,
  };
}

export function releaseAsset(core: SimCore, repo: Repo, r: Release, a: ReleaseAsset): Record<string, unknown> {
  return {
    url: `${core.urls.api}/repos/${repo.fullName}/releases/assets/${a.id}`,
    browser_download_url: assetDownloadUrl(core, repo, r, a),
    id: a.id,
    node_id: a.nodeId,
    name: a.name,
    label: a.label,
    state: "uploaded",
    content_type: a.contentType,
    size: a.data.length,
    digest: `sha256:${createHash("sha256").update(a.data).digest("hex")}`,
    download_count: 0,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    uploader: user(core, a.uploader),
  };
}
