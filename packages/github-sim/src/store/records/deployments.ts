// Deployments with their statuses, and releases with their assets.

/** `waiting` is GitHub's own: a job held by its environment's protection rules (never accepted from a client). */
export type DeploymentState =
  | "error"
  | "failure"
  | "inactive"
  | "in_progress"
  | "queued"
  | "pending"
  | "success"
  | "waiting";

export interface DeploymentStatus {
  id: number;
  nodeId: string;
  deploymentId: number;
  state: DeploymentState;
  creator: string;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface Deployment {
  id: number;
  nodeId: string;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: string;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  autoMerge: boolean;
  requiredContexts: string[] | null;
  createdAt: string;
  updatedAt: string;
  statuses: DeploymentStatus[];
}

export interface Release {
  id: number;
  nodeId: string;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: string;
  createdAt: string;
  publishedAt: string | null;
  makeLatest: "true" | "false" | "legacy";
  assets?: ReleaseAsset[];
}

/** A file attached to a release (uploaded raw, not JSON). */
export interface ReleaseAsset {
  id: number;
  nodeId: string;
  name: string;
  label: string | null;
  contentType: string;
  data: Buffer;
  uploader: string;
  createdAt: string;
  updatedAt: string;
}
