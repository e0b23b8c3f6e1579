// What a person or a deploy system does to deployments: reviewing a waiting job, reporting a status.
import type { SimCore } from "../core.js";
import { ApiError } from "../errors.js";
import { createDeploymentStatus, type DeploymentStatusInput } from "../ops/deployments.js";
import { reviewPending } from "../ops/environments.js";
import type { Repo } from "../store/types.js";

/** Approves or rejects the job waiting on the deployment's environment (a required reviewer only). */
export function reviewDeployment(
  core: SimCore,
  repo: Repo,
  login: string,
  deploymentId: number,
  review: { state: "approved" | "rejected"; comment: string },
): void {
  const pending = repo.environments.pending.find((p) => p.deploymentId === deploymentId && !p.settled);
  if (!pending) throw new ApiError(422, `Deployment ${deploymentId} is not waiting for review`);
  reviewPending(core, repo, pending.runId, login, {
    environment_ids: [pending.environmentId],
    state: review.state,
    comment: review.comment,
  });
}

export function addDeploymentStatus(
  core: SimCore,
  repo: Repo,
  login: string,
  deploymentId: number,
  status: DeploymentStatusInput,
): number {
  const d = repo.deployments.find((x) => x.id === deploymentId);
  if (!d) throw new ApiError(404, "Not Found");
  return createDeploymentStatus(core, repo, d, login, status).id;
}
