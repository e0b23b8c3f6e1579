import type { SimCore } from "../core.js";
import { ApiError, missingField, validationFailed } from "../errors.js";
import * as S from "../serialize/index.js";
import { latestRuns, latestStatuses } from "../store/queries.js";
import type { Deployment, DeploymentState, DeploymentStatus, Release, Repo } from "../store/types.js";
import { nodeId } from "../util/ids.js";
import { setRef } from "./git.js";

const DEPLOYMENT_STATES: DeploymentState[] = [
  "error",
  "failure",
  "inactive",
  "in_progress",
  "queued",
  "pending",
  "success",
];

export interface CreateDeploymentInput {
  ref?: string;
  task?: string;
  auto_merge?: boolean;
  required_contexts?: string[];
  payload?: unknown;
  environment?: string;
  description?: string | null;
  transient_environment?: boolean;
  production_environment?: boolean;
}

function normalisePayload(payload: unknown): unknown {
  if (payload === undefined || payload === null || payload === "") return {};
  if (typeof payload === "string") {
    try {
      const parsed: unknown = JSON.parse(payload);
      if (parsed && typeof parsed === "object") return parsed;
    } catch {
      /* keep the string */
    }
  }
  return payload;
}

/** Contexts (statuses and check runs) on a commit with their success. */
function contextStates(repo: Repo, sha: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of latestStatuses(repo, sha)) out.set(s.context, s.state);
  for (const r of latestRuns(repo, sha)) {
    const ok =
      r.status === "completed" &&
      (r.conclusion === "success" || r.conclusion === "neutral" || r.conclusion === "skipped");
    out.set(r.name, ok ? "success" : r.status === "completed" ? (r.conclusion ?? "failure") : "pending");
  }
  return out;
}

export function createDeployment(core: SimCore, repo: Repo, actor: string, input: CreateDeploymentInput): Deployment {
  if (!input.ref) throw missingField("ref");
  const sha = repo.git.resolveCommit(input.ref);
  if (!sha) throw new ApiError(422, `No ref found for: ${input.ref}`);
  const states = contextStates(repo, sha);
  const required = input.required_contexts ?? [...states.keys()];
  const failing = required
    .map((context) => ({ context, state: states.get(context) ?? "missing" }))
    .filter((c) => c.state !== "success");
  if (failing.length) {
    throw new ApiError(409, `Conflict: Commit status checks failed for ${input.ref}.`, {
      errors: [{ contexts: failing, resource: "Deployment", field: "required_contexts", code: "invalid" }],
    });
  }
  const now = core.now();
  const id = core.store.ids.take("deployment");
  const environment = input.environment ?? "production";
  const d: Deployment = {
    id,
    nodeId: nodeId("DE", id),
    sha,
    ref: input.ref,
    task: input.task ?? "deploy",
    payload: normalisePayload(input.payload),
    environment,
    originalEnvironment: environment,
    description: input.description ?? null,
    creator: actor,
    transientEnvironment: input.transient_environment ?? false,
    productionEnvironment: input.production_environment ?? environment === "production",
    autoMerge: input.auto_merge ?? true,
    requiredContexts: input.required_contexts ?? null,
    createdAt: now,
    updatedAt: now,
    statuses: [],
  };
  repo.deployments.push(d);
  core.emit("deployment", repo, actor, {
    action: "created",
    deployment: S.deployment(core, repo, d),
    workflow: null,
    workflow_run: null,
  });
  core.deploymentCreated(repo, d);
  return d;
}

export interface DeploymentStatusInput {
  state?: string;
  description?: string;
  environment?: string;
  target_url?: string;
  log_url?: string;
  environment_url?: string;
  auto_inactive?: boolean;
}

/** `byGitHub`: GitHub's own status (`waiting`, a job held by its environment), which no client may write. */
export function createDeploymentStatus(
  core: SimCore,
  repo: Repo,
  d: Deployment,
  actor: string,
  input: DeploymentStatusInput,
  byGitHub = false,
): DeploymentStatus {
  if (!input.state) throw missingField("state");
  if (!(byGitHub && input.state === "waiting") && !DEPLOYMENT_STATES.includes(input.state as DeploymentState)) {
    throw new ApiError(
      422,
      `Invalid request.\n\n${JSON.stringify(input.state)} is not a member of ${JSON.stringify(DEPLOYMENT_STATES)}.`,
    );
  }
  const now = core.now();
  const status = pushStatus(core, d, actor, input.state as DeploymentState, input, now);
  if (input.environment) d.environment = input.environment;
  core.emit("deployment_status", repo, actor, {
    action: "created",
    deployment_status: S.deploymentStatus(core, repo, d, status),
    deployment: S.deployment(core, repo, d),
    check_run: null,
    workflow: null,
    workflow_run: null,
  });
  if (status.state === "success" && input.auto_inactive !== false) {
    for (const other of repo.deployments) {
      if (other === d || other.environment !== d.environment || other.transientEnvironment) continue;
      const latest = other.statuses[other.statuses.length - 1];
      if (latest?.state === "success") pushStatus(core, other, actor, "inactive", {}, now);
    }
  }
  return status;
}

function pushStatus(
  core: SimCore,
  d: Deployment,
  actor: string,
  state: DeploymentState,
  input: DeploymentStatusInput,
  now: string,
): DeploymentStatus {
  const id = core.store.ids.take("deploymentStatus");
  const status: DeploymentStatus = {
    id,
    nodeId: nodeId("DES", id),
    deploymentId: d.id,
    state,
    creator: actor,
    description: input.description ?? "",
    environment: input.environment ?? d.environment,
    targetUrl: input.target_url ?? input.log_url ?? "",
    logUrl: input.log_url ?? input.target_url ?? "",
    environmentUrl: input.environment_url ?? "",
    createdAt: now,
    updatedAt: now,
  };
  d.statuses.push(status);
  d.updatedAt = now;
  return status;
}

export interface ReleaseInput {
  tag_name?: string;
  target_commitish?: string;
  name?: string | null;
  body?: string | null;
  draft?: boolean;
  prerelease?: boolean;
  make_latest?: "true" | "false" | "legacy";
  generate_release_notes?: boolean;
}

function ensureTag(core: SimCore, repo: Repo, r: Release, actor: string): void {
  const ref = `refs/tags/${r.tagName}`;
  if (repo.git.refs.has(ref)) return;
  const sha = repo.git.resolveCommit(r.targetCommitish);
  if (!sha) throw validationFailed([{ resource: "Release", code: "invalid", field: "target_commitish" }]);
  setRef(core, repo, ref, sha, actor);
}

function emitPublished(core: SimCore, repo: Repo, r: Release, actor: string): void {
  core.emit("release", repo, actor, { action: "published", release: S.release(core, repo, r) });
  if (!r.prerelease) core.emit("release", repo, actor, { action: "released", release: S.release(core, repo, r) });
}

export function createRelease(core: SimCore, repo: Repo, actor: string, input: ReleaseInput): Release {
  if (!input.tag_name) throw missingField("tag_name");
  if (repo.releases.some((r) => r.tagName === input.tag_name)) {
    throw validationFailed([{ resource: "Release", code: "already_exists", field: "tag_name" }]);
  }
  const target = input.target_commitish ?? repo.defaultBranch;
  if (!repo.git.refs.has(`refs/tags/${input.tag_name}`) && !repo.git.resolveCommit(target)) {
    throw validationFailed([{ resource: "Release", code: "invalid", field: "target_commitish" }]);
  }
  const now = core.now();
  const id = core.store.ids.take("release");
  const previous = [...repo.releases].reverse().find((r) => !r.draft);
  const body =
    input.body ??
    (input.generate_release_notes
      ? `**Full Changelog**: ${core.urls.html}/${repo.fullName}/${previous ? `compare/${previous.tagName}...${input.tag_name}` : `commits/${input.tag_name}`}`
      : null);
  const r: Release = {
    id,
    nodeId: nodeId("RE", id),
    tagName: input.tag_name,
    targetCommitish: target,
    name: input.name ?? null,
    body,
    draft: input.draft ?? false,
    prerelease: input.prerelease ?? false,
    author: actor,
    createdAt: now,
    publishedAt: input.draft ? null : now,
    makeLatest: input.make_latest ?? "true",
  };
  if (!r.draft) ensureTag(core, repo, r, actor);
  repo.releases.push(r);
  core.emit("release", repo, actor, { action: "created", release: S.release(core, repo, r) });
  if (!r.draft) emitPublished(core, repo, r, actor);
  return r;
}

export function updateRelease(core: SimCore, repo: Repo, r: Release, actor: string, input: ReleaseInput): Release {
  if (input.tag_name !== undefined && input.tag_name !== r.tagName) {
    if (repo.releases.some((o) => o !== r && o.tagName === input.tag_name)) {
      throw validationFailed([{ resource: "Release", code: "already_exists", field: "tag_name" }]);
    }
  }
  const changes: Record<string, { from: unknown }> = {};
  if (input.name !== undefined && input.name !== r.name) {
    changes["name"] = { from: r.name };
    r.name = input.name;
  }
  if (input.body !== undefined && input.body !== r.body) {
    changes["body"] = { from: r.body };
    r.body = input.body;
  }
  if (input.tag_name !== undefined && input.tag_name !== r.tagName) {
    changes["tag_name"] = { from: r.tagName };
    r.tagName = input.tag_name;
  }
  if (input.target_commitish !== undefined) r.targetCommitish = input.target_commitish;
  if (input.prerelease !== undefined) r.prerelease = input.prerelease;
  if (input.make_latest !== undefined) r.makeLatest = input.make_latest;
  const publishing = input.draft === false && r.draft;
  if (input.draft === true) r.draft = true;
  if (Object.keys(changes).length)
    core.emit("release", repo, actor, { action: "edited", changes, release: S.release(core, repo, r) });
  if (publishing) {
    r.draft = false;
    ensureTag(core, repo, r, actor);
    r.publishedAt = core.now();
    emitPublished(core, repo, r, actor);
  }
  return r;
}

/** GitHub's "latest" release: newest published, non-prerelease release not opted out. */
export function latestRelease(repo: Repo): Release | undefined {
  return [...repo.releases]
    .filter((r) => !r.draft && !r.prerelease && r.makeLatest !== "false")
    .sort((a, b) => (a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1))[0];
}
