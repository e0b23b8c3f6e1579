// Deployment environments as GitHub stores them, with the protection rules GitHub applies
// to the workflow jobs that reference them: required reviewers (up to six users or teams,
// one approval lets the job proceed, optionally not the person who started it) and a wait
// timer (0–43,200 minutes after the job is triggered). A job waiting on them is a pending
// deployment of its workflow run.

export interface EnvironmentReviewer {
  type: "User" | "Team";
  /** A user's login, or a team's slug in the repository owner's organisation. */
  name: string;
}

export interface Environment {
  id: number;
  nodeId: string;
  name: string;
  reviewers: EnvironmentReviewer[];
  /** Minutes. */
  waitTimer: number;
  preventSelfReview: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A job of the deploy workflow run, waiting on its environment's protection rules. */
export interface PendingDeployment {
  runId: number;
  deploymentId: number;
  environmentId: number;
  /** Who triggered the run (a self-review is refused where the environment prevents it). */
  triggeredBy: string;
  waitingSince: string;
  /** Set once a reviewer decided; the wait timer still applies to an approval. */
  review: { state: "approved" | "rejected"; by: string; comment: string; at: string } | null;
  /** The job left the wait: it ran, or it failed (rejected, or not approved within 30 days). */
  settled: boolean;
}

export interface RepoEnvironments {
  byName: Map<string, Environment>;
  pending: PendingDeployment[];
}

export function emptyEnvironments(): RepoEnvironments {
  return { byName: new Map(), pending: [] };
}

/** The environment a deployment names, if it is configured (environment names are case-insensitive). */
export function environmentNamed(envs: RepoEnvironments, name: string): Environment | undefined {
  return envs.byName.get(name.toLowerCase());
}

/** Whether a job referencing the environment has to wait. */
export function isProtected(env: Environment | undefined): env is Environment {
  return Boolean(env && (env.reviewers.length > 0 || env.waitTimer > 0));
}
