// Deployment environments with their protection rules, releases and deployments, seeded.
import type { SimCore } from "../core.js";
import {
  createDeployment,
  createDeploymentStatus,
  createRelease,
  type CreateDeploymentInput,
  type ReleaseInput,
} from "../ops/deployments.js";
import { putEnvironment } from "../ops/environments.js";

export interface SeedEnvironmentRules {
  reviewers?: Array<{ user: string } | { team: string }>;
  waitTimer?: number;
  preventSelfReview?: boolean;
}

export type SeedReleaseInput = ReleaseInput & { tag_name: string; author?: string };

export type SeedDeploymentInput = CreateDeploymentInput & { ref: string; creator?: string; statuses?: string[] };

export function seedEnvironment(
  core: SimCore,
  repoName: string,
  name: string,
  rules: SeedEnvironmentRules = {},
): number {
  const reviewers = (rules.reviewers ?? []).map((r) =>
    "user" in r ? { type: "User" as const, name: r.user } : { type: "Team" as const, name: r.team },
  );
  return putEnvironment(core, core.store.requireRepo(repoName), name, {
    reviewers,
    wait_timer: rules.waitTimer ?? 0,
    prevent_self_review: rules.preventSelfReview ?? false,
  }).id;
}

export function seedRelease(core: SimCore, repoName: string, input: SeedReleaseInput): number {
  const repo = core.store.requireRepo(repoName);
  return core.silently(() => createRelease(core, repo, input.author ?? repo.owner, input).id);
}

export function seedDeployment(core: SimCore, repoName: string, input: SeedDeploymentInput): number {
  const repo = core.store.requireRepo(repoName);
  const creator = input.creator ?? repo.owner;
  return core.silently(() => {
    const d = createDeployment(core, repo, creator, { required_contexts: [], ...input });
    for (const state of input.statuses ?? []) createDeploymentStatus(core, repo, d, creator, { state });
    return d.id;
  });
}
