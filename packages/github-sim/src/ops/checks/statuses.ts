import type { SimCore } from "../../core.js";
import { missingField, validationFailed } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { CommitObject } from "../../store/git.js";
import type { CommitStatus, Repo, StatusState } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { advanceQueue } from "../merge-queue.js";

/** GitHub's limit on a commit status description, in characters. */
export const STATUS_DESCRIPTION_MAX = 140;

const STATUS_STATES: StatusState[] = ["error", "failure", "pending", "success"];

interface StatusInput {
  state?: string;
  context?: string;
  description?: string | null;
  target_url?: string | null;
}

export function createStatus(core: SimCore, repo: Repo, sha: string, actor: string, input: StatusInput): CommitStatus {
  validateStatus(input);
  const commit = repo.git.commit(repo.git.expandSha(sha) ?? "");
  if (!commit)
    throw validationFailed(
      [{ resource: "Status", code: "custom", field: "sha", message: `No commit found for SHA: ${sha}` }],
      `No commit found for SHA: ${sha}`,
    );
  const now = core.now();
  const id = core.store.ids.take("status");
  const status: CommitStatus = {
    id,
    nodeId: nodeId("SC", id),
    sha: commit.sha,
    context: input.context ?? "default",
    state: input.state as StatusState,
    description: input.description ?? null,
    targetUrl: input.target_url ?? null,
    creator: actor,
    createdAt: now,
    updatedAt: now,
  };
  repo.statuses.push(status);
  core.emit("status", repo, actor, statusPayload(core, repo, status, commit));
  if (repo.protection.queue.length > 0) advanceQueue(core, repo);
  return status;
}

function validateStatus(input: StatusInput): void {
  if (!input.state) throw missingField("state");
  if (!STATUS_STATES.includes(input.state as StatusState)) {
    throw validationFailed([
      { resource: "Status", code: "custom", field: "state", message: "state is not included in the list" },
    ]);
  }
  if (typeof input.description === "string" && [...input.description].length > STATUS_DESCRIPTION_MAX) {
    throw validationFailed([
      {
        resource: "Status",
        code: "custom",
        field: "description",
        message: `description is too long (maximum is ${STATUS_DESCRIPTION_MAX} characters)`,
      },
    ]);
  }
}

/** The `status` webhook's payload: the status, its commit, and the branches whose tip it is. */
function statusPayload(core: SimCore, repo: Repo, status: CommitStatus, commit: CommitObject): Record<string, unknown> {
  const branches = [...repo.git.refs]
    .filter(([ref, tip]) => ref.startsWith("refs/heads/") && tip === commit.sha)
    .map(([ref, tip]) => ({
      name: ref.slice(11),
      commit: { sha: tip, url: `${core.urls.api}/repos/${repo.fullName}/commits/${tip}` },
      protected: false,
    }));
  return {
    id: status.id,
    sha: commit.sha,
    name: repo.fullName,
    target_url: status.targetUrl,
    avatar_url: null,
    context: status.context,
    description: status.description,
    state: status.state,
    commit: S.restCommit(core, repo, commit),
    branches,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
  };
}
