import type { SimCore } from "../../core.js";
import { latestRelease } from "../../ops/deployments.js";
import { assetDownloadUrl, releaseTagSegment } from "../../ops/release-assets.js";
import type {
  Deployment,
  DeploymentStatus,
  Discussion,
  DiscussionCategory,
  Release,
  ReleaseAsset,
  Repo,
} from "../../store/types.js";
import { connection, type ConnectionArgs } from "../connection.js";
import type { View } from "./actors.js";
import { views } from "./table.js";

const DEPLOYMENT_STATE: Record<string, string> = {
  success: "ACTIVE",
  inactive: "INACTIVE",
  failure: "FAILURE",
  error: "ERROR",
  pending: "PENDING",
  queued: "QUEUED",
  in_progress: "IN_PROGRESS",
};

function deploymentStatusView(core: SimCore, repo: Repo, d: Deployment, s: DeploymentStatus): View {
  return {
    __typename: "DeploymentStatus",
    id: s.nodeId,
    state: s.state.toUpperCase(),
    description: s.description,
    environment: s.environment,
    environmentUrl: s.environmentUrl || null,
    logUrl: s.logUrl || null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    creator: () => views.actorView(core, s.creator),
    deployment: () => deploymentView(core, repo, d),
  };
}

export function deploymentView(core: SimCore, repo: Repo, d: Deployment): View {
  const latest = d.statuses[d.statuses.length - 1];
  return {
    __typename: "Deployment",
    id: d.nodeId,
    databaseId: d.id,
    environment: d.environment,
    originalEnvironment: d.originalEnvironment,
    latestEnvironment: latest?.environment ?? d.environment,
    task: d.task,
    payload: typeof d.payload === "string" ? d.payload : JSON.stringify(d.payload),
    description: d.description,
    commitOid: d.sha,
    commit: () => views.commitView(core, repo, repo.git.commit(d.sha)!),
    ref: () => {
      const q = views.qualify(repo, d.ref);
      return q ? views.refView(core, repo, q) : null;
    },
    state: latest ? (DEPLOYMENT_STATE[latest.state] ?? "PENDING") : "PENDING",
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    creator: () => views.actorView(core, d.creator),
    repository: () => views.repoView(core, repo),
    latestStatus: () => (latest ? deploymentStatusView(core, repo, d, latest) : null),
    statuses: (args: ConnectionArgs) =>
      connection([...d.statuses].reverse(), args, (s) => deploymentStatusView(core, repo, d, s)),
  };
}

export function releaseView(core: SimCore, repo: Repo, r: Release): View {
  const path = `/${repo.fullName}/releases/tag/${releaseTagSegment(r)}`;
  return {
    __typename: "Release",
    id: r.nodeId,
    databaseId: r.id,
    tagName: r.tagName,
    name: r.name,
    description: r.body,
    descriptionHTML: r.body ? `<p>${r.body.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>` : null,
    isDraft: r.draft,
    isPrerelease: r.prerelease,
    isLatest: () => latestRelease(repo) === r,
    url: `${core.urls.html}${path}`,
    resourcePath: path,
    createdAt: r.createdAt,
    updatedAt: r.publishedAt ?? r.createdAt,
    publishedAt: r.publishedAt,
    author: () => views.userView(core, r.author) ?? views.actorView(core, r.author),
    tag: () => views.refView(core, repo, `refs/tags/${r.tagName}`),
    tagCommit: () => {
      const sha = repo.git.resolveCommit(`refs/tags/${r.tagName}`);
      return sha ? views.commitView(core, repo, repo.git.commit(sha)!) : null;
    },
    repository: () => views.repoView(core, repo),
    releaseAssets: (args: ConnectionArgs & { name?: string }) =>
      connection(
        (r.assets ?? []).filter((a) => !args.name || a.name === args.name),
        args,
        (a) => releaseAssetView(core, repo, r, a),
      ),
  };
}

function releaseAssetView(core: SimCore, repo: Repo, r: Release, a: ReleaseAsset): View {
  const downloadUrl = assetDownloadUrl(core, repo, r, a);
  return {
    __typename: "ReleaseAsset",
    id: a.nodeId,
    databaseId: a.id,
    name: a.name,
    contentType: a.contentType,
    size: a.data.length,
    downloadCount: 0,
    downloadUrl,
    url: downloadUrl,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    release: () => releaseView(core, repo, r),
    uploadedBy: () => views.userView(core, a.uploader) ?? views.actorView(core, a.uploader),
  };
}

export function discussionCategoryView(c: DiscussionCategory): View {
  return {
    __typename: "DiscussionCategory",
    id: c.id,
    name: c.name,
    slug: c.slug,
    emoji: c.emoji,
    description: c.description,
    isAnswerable: c.isAnswerable,
  };
}

export function discussionView(core: SimCore, repo: Repo, d: Discussion): View {
  const cat = repo.discussionCategories.find((c) => c.id === d.categoryId);
  return {
    __typename: "Discussion",
    id: d.nodeId,
    databaseId: d.id,
    number: d.number,
    title: d.title,
    body: d.body,
    url: `${core.urls.html}/${repo.fullName}/discussions/${d.number}`,
    createdAt: d.createdAt,
    author: () => views.actorView(core, d.user),
    category: cat ? discussionCategoryView(cat) : null,
    repository: () => views.repoView(core, repo),
  };
}
