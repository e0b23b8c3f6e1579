// Environments and their protection rules: creating or updating one (GitHub's limits and
// messages), who may review a job waiting on it, and a reviewer's decision on a workflow
// run's pending deployments. The deploy workflow (SimDeployer) holds and resumes the jobs.
import type { SimCore } from "../core.js";
import { ApiError, notFound, validationFailed } from "../errors.js";
import {
  environmentNamed,
  type Environment,
  type EnvironmentReviewer,
  type PendingDeployment,
} from "../store/environments.js";
import type { Repo } from "../store/types.js";
import { nodeId } from "../util/ids.js";

/** GitHub's limits: at most six reviewers; a wait timer of 0 to 43,200 minutes (30 days). */
export const MAX_REVIEWERS = 6;
export const MAX_WAIT_MINUTES = 43_200;
/** A job not approved within 30 days fails. */
export const APPROVAL_EXPIRY_MS = 30 * 24 * 60 * 60_000;

export interface EnvironmentInput {
  wait_timer?: number;
  prevent_self_review?: boolean;
  reviewers?: EnvironmentReviewer[] | null;
}

/** `PUT /repos/{o}/{r}/environments/{name}` (reviewers resolved to logins and team slugs). */
export function putEnvironment(core: SimCore, repo: Repo, name: string, input: EnvironmentInput): Environment {
  const wait = input.wait_timer ?? 0;
  if (!Number.isInteger(wait) || wait < 0 || wait > MAX_WAIT_MINUTES) {
    throw validationFailed([
      {
        resource: "Environment",
        field: "wait_timer",
        code: "invalid",
        message: `wait_timer must be an integer between 0 and ${MAX_WAIT_MINUTES}`,
      },
    ]);
  }
  const reviewers = input.reviewers ?? [];
  if (reviewers.length > MAX_REVIEWERS) {
    throw validationFailed([
      {
        resource: "Environment",
        field: "reviewers",
        code: "invalid",
        message: `reviewers can have at most ${MAX_REVIEWERS} entries`,
      },
    ]);
  }
  for (const r of reviewers) {
    const known =
      r.type === "User"
        ? core.store.accounts.has(r.name.toLowerCase())
        : core.store.team(repo.owner, r.name) !== undefined;
    if (!known) throw new ApiError(422, `Reviewer ${r.type === "Team" ? `team ${r.name}` : r.name} not found`);
  }
  const now = core.now();
  const existing = environmentNamed(repo.environments, name);
  const id = existing?.id ?? core.store.ids.take("environment");
  const env: Environment = {
    id,
    nodeId: existing?.nodeId ?? nodeId("EN", id),
    name: existing?.name ?? name,
    reviewers: reviewers.map((r) => ({ ...r })),
    waitTimer: wait,
    preventSelfReview: input.prevent_self_review ?? false,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  repo.environments.byName.set(name.toLowerCase(), env);
  return env;
}

/** A required reviewer of the environment: named, or a member of a named team. */
export function canReview(core: SimCore, repo: Repo, env: Environment, login: string): boolean {
  const l = login.toLowerCase();
  return env.reviewers.some((r) => {
    if (r.type === "User") return r.name.toLowerCase() === l;
    const team = core.store.team(repo.owner, r.name);
    return Boolean(team && [...team.members, ...team.maintainers].some((m) => m.toLowerCase() === l));
  });
}

export function environmentById(repo: Repo, id: number): Environment | undefined {
  return [...repo.environments.byName.values()].find((e) => e.id === id);
}

/** The run's jobs still waiting on their environments. */
export function pendingOf(repo: Repo, runId: number): PendingDeployment[] {
  return repo.environments.pending.filter((p) => p.runId === runId && !p.settled);
}

export interface ReviewInput {
  environment_ids?: number[];
  state?: string;
  comment?: string;
}

/**
 * `POST /repos/{o}/{r}/actions/runs/{run_id}/pending_deployments`: approves or rejects the
 * run's jobs waiting on the given environments. Only a required reviewer may, and not the
 * one who started the run where the environment prevents self-review.
 */
export function reviewPending(
  core: SimCore,
  repo: Repo,
  runId: number,
  actor: string,
  input: ReviewInput,
): PendingDeployment[] {
  if (input.state !== "approved" && input.state !== "rejected") {
    throw validationFailed([{ resource: "PendingDeployment", field: "state", code: "invalid" }]);
  }
  if (typeof input.comment !== "string")
    throw validationFailed([{ resource: "PendingDeployment", field: "comment", code: "missing_field" }]);
  const ids = input.environment_ids ?? [];
  if (ids.length === 0)
    throw validationFailed([{ resource: "PendingDeployment", field: "environment_ids", code: "missing_field" }]);
  const waiting = pendingOf(repo, runId);
  if (waiting.length === 0 && !repo.environments.pending.some((p) => p.runId === runId)) throw notFound();
  const chosen = ids.map((id) => {
    const p = waiting.find((w) => w.environmentId === id && !w.review);
    if (!p) throw new ApiError(422, `No pending deployment for environment ${id} in this run`);
    const env = environmentById(repo, id)!;
    if (!canReview(core, repo, env, actor))
      throw new ApiError(422, `${actor} is not a required reviewer of the ${env.name} environment`);
    if (env.preventSelfReview && p.triggeredBy.toLowerCase() === actor.toLowerCase())
      throw new ApiError(422, `Self-review is not allowed for the ${env.name} environment`);
    return p;
  });
  const at = core.now();
  for (const p of chosen) p.review = { state: input.state, by: actor, comment: input.comment, at };
  core.deploymentsReviewed(repo);
  return chosen;
}
