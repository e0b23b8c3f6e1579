// The writes decide asks the shell to make (act.ts performs them). Types only.
import type { BlobMode } from "./observation.js";

export type ReactionContent = "+1" | "-1" | "eyes" | "confused" | "rocket";

/** An entry of a tree written on top of a base tree (`sha: null` deletes the path). */
export interface TreeEntry {
  path: string;
  mode: BlobMode;
  type: "blob";
  sha: string | null;
}

export interface FileChange {
  path: string;
  contents: string;
}

/** Writes to constellation repositories carry `repo` so a failure skips that repo's later steps. */
export type Action =
  | { kind: "comment"; key: string; body: string }
  | { kind: "rerequestCheckSuite"; repo: string; suiteId: number }
  | { kind: "react"; commentId: number; content: ReactionContent }
  | { kind: "createBranch"; repo: string; branch: string; sha: string }
  | {
      kind: "commitFiles";
      repo: string;
      branch: string;
      expectedHeadOid: string;
      headline: string;
      body: string;
      files: FileChange[];
    }
  | {
      kind: "cherryPick";
      repo: string;
      repositoryId: string;
      branch: string;
      sha: string;
      expectedHeadOid: string;
      baseTree: string;
      tree: TreeEntry[];
      message: string;
    }
  | { kind: "openPullRequest"; repo: string; head: string; base: string; title: string; body: string }
  | { kind: "addLabels"; repo: string; number: number; labels: string[] }
  | {
      kind: "setStatus";
      repo: string;
      sha: string;
      context: string;
      state: "success" | "failure";
      description: string;
      targetUrl: string;
    }
  | {
      kind: "createDeployment";
      repo: string;
      environment: string;
      task: string;
      ref: string;
      sha: string;
      purpose: string;
      payload: DeploymentPayload;
      description: string;
      production: boolean;
    }
  | { kind: "openIssue"; key: string; title: string; body: string; labels: string[] }
  | {
      kind: "mergePullRequest";
      repo: string;
      number: number;
      sha: string;
      method: "merge" | "squash" | "rebase";
      title: string;
    }
  | { kind: "enqueuePullRequest"; repo: string; number: number; pullRequestId: string; sha: string }
  | { kind: "requestReviews"; repo: string; number: number; teams: string[]; users: string[] }
  | { kind: "createTag"; repo: string; tag: string; sha: string; message: string }
  | {
      kind: "createRelease";
      repo: string;
      tag: string;
      target: string;
      name: string;
      body: string;
      draft: boolean;
      prerelease: boolean;
      latest: boolean;
    }
  | { kind: "publishRelease"; repo: string; releaseId: number; latest: boolean }
  | { kind: "uploadAsset"; repo: string; releaseId: number; name: string; contentType: string; data: string }
  | { kind: "createDiscussion"; repositoryId: string; categoryId: string; title: string; body: string }
  | { kind: "closeMilestone"; number: number }
  | { kind: "closeIssue"; number: number };

/** What every deployment the train creates carries, so it can be recognised (and never created twice). */
export interface DeploymentPayload {
  train: string;
  version: string;
  purpose: string;
  [extra: string]: string;
}
