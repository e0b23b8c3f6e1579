// GitHub deployments as the train sees them: the ones it created (recognised by their
// payload), their latest status, and the action that creates one. Pure.
import type { Observation } from "../model/observation.js";
import type { DeploymentObservation } from "../model/repo-observation.js";
import type { Action } from "../model/actions.js";
import { trainId } from "../model/observation.js";

/** Why the train created a deployment; part of its identity, so each is created once. */
export type Purpose =
  | "staging"
  | "canary"
  | "production"
  | "maintenance-on"
  | "maintenance-off"
  | "rollback"
  | "rollback-maintenance-on"
  | "rollback-maintenance-off";

export interface DeploymentSpec {
  repo: string;
  environment: string;
  task: string;
  /** What to deploy: a commit SHA, or the previous release tag for a rollback. */
  ref: string;
  sha: string;
  purpose: Purpose;
}

export type Progress = "none" | "running" | "success" | "failed";

export function progressOf(d: DeploymentObservation | undefined): Progress {
  if (!d) return "none";
  // GitHub marks a successful deployment inactive once a newer one in its environment succeeds.
  if (d.state === "success" || d.state === "inactive") return "success";
  if (d.state === "failure" || d.state === "error") return "failed";
  return "running";
}

/** The deployment this train created for the spec, if any: the guard against duplicates. */
export function findDeployment(observation: Observation, spec: DeploymentSpec): DeploymentObservation | undefined {
  const id = trainId(observation.train);
  return observation.repos[spec.repo]?.deployments.find(
    (d) =>
      d.train === id &&
      d.purpose === spec.purpose &&
      d.environment === spec.environment &&
      d.task === spec.task &&
      d.sha === spec.sha,
  );
}

export function createDeployment(
  observation: Observation,
  version: string,
  spec: DeploymentSpec,
  production: boolean,
): Action {
  const name = spec.repo.split("/")[1];
  return {
    kind: "createDeployment",
    repo: spec.repo,
    environment: spec.environment,
    task: spec.task,
    ref: spec.ref,
    sha: spec.sha,
    purpose: spec.purpose,
    production,
    payload: { train: trainId(observation.train), version, purpose: spec.purpose },
    description:
      `release-train ${spec.purpose}: ${name} ${spec.ref.length === 40 ? spec.ref.slice(0, 7) : spec.ref} to ${spec.environment}`.slice(
        0,
        140,
      ),
  };
}

/** Every deployment of this train in a repository. */
export function trainDeployments(observation: Observation, repo: string): DeploymentObservation[] {
  const id = trainId(observation.train);
  return (observation.repos[repo]?.deployments ?? []).filter((d) => d.train === id);
}
