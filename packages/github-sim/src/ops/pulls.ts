import type { SimCore } from "../core.js";
import { ApiError, checkBodyLength, missingField, validationFailed } from "../errors.js";
import * as S from "../serialize/index.js";
import type { CommitObject } from "../store/git.js";
import { mergeability } from "../store/queries.js";
import type { Issue, PullRequest, Repo, Review, ReviewState } from "../store/types.js";
import { nodeId } from "../util/ids.js";
import { buildCommit, setRef, webFlow } from "./git.js";
import { updateIssue } from "./issues.js";
import { assertMergeAllowed } from "./protection.js";
import { requirePull } from "./require-pull.js";
import { fulfilRequest, requestCodeOwners } from "./review-requests.js";

/** Strips an "owner:" prefix from a head/base spec. */
export function branchOf(_repo: Repo, spec: string): string {
  const i = spec.indexOf(":");
  if (i === -1) return spec;
  return spec.slice(i + 1);
}

export interface CreatePullInput {
  title?: string;
  body?: string | null;
  head?: string;
  base?: string;
  draft?: boolean;
  maintainer_can_modify?: boolean;
}

export function createPull(
  core: SimCore,
  repo: Repo,
  actor: string,
  input: CreatePullInput,
): { issue: Issue; pr: PullRequest } {
  if (!input.head) throw missingField("head");
  if (!input.base) throw missingField("base");
  if (!input.title) throw missingField("title");
  checkBodyLength(input.body, "PullRequest");
  const head = branchOf(repo, input.head);
  const base = branchOf(repo, input.base);
  const headSha = repo.git.refs.get(`refs/heads/${head}`);
  const baseSha = repo.git.refs.get(`refs/heads/${base}`);
  if (!headSha) throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
  if (!baseSha) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
  for (const pr of repo.pulls.values()) {
    const i = repo.issues.get(pr.number);
    if (i?.state === "open" && pr.headRef === head && pr.baseRef === base) {
      throw validationFailed([
        {
          resource: "PullRequest",
          code: "custom",
          message: `A pull request already exists for ${repo.owner}:${head}.`,
        },
      ]);
    }
  }
  if (repo.git.log(headSha, baseSha).length === 0) {
    throw validationFailed([
      { resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${head}` },
    ]);
  }
  const now = core.now();
  const issueId = core.store.ids.take("issue");
  const id = core.store.ids.take("pull");
  const issue: Issue = {
    id: issueId,
    nodeId: nodeId("I", issueId),
    number: repo.nextNumber++,
    title: input.title,
    body: input.body ?? null,
    user: actor,
    state: "open",
    stateReason: null,
    labels: [],
    milestone: null,
    assignees: [],
    locked: false,
    isPull: true,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    lastEditedAt: null,
    lastEditedBy: null,
    reactions: [],
    edits: [],
    timeline: [],
  };
  const pr: PullRequest = {
    id,
    nodeId: nodeId("PR", id),
    number: issue.number,
    headRef: head,
    headSha,
    baseRef: base,
    baseSha,
    draft: input.draft ?? false,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    mergeableOverride: null,
    maintainerCanModify: input.maintainer_can_modify ?? true,
  };
  repo.issues.set(issue.number, issue);
  repo.pulls.set(pr.number, pr);
  core.emit("pull_request", repo, actor, {
    action: "opened",
    number: pr.number,
    pull_request: S.pull(core, repo, issue, pr, { full: true }),
  });
  if (!pr.draft) requestCodeOwners(core, repo, issue, pr);
  return { issue, pr };
}

export function updatePull(
  core: SimCore,
  repo: Repo,
  number: number,
  actor: string,
  input: { title?: string; body?: string | null; state?: "open" | "closed"; base?: string },
): { issue: Issue; pr: PullRequest } {
  const { issue, pr } = requirePull(repo, number);
  checkBodyLength(input.body, "PullRequest");
  if (input.base !== undefined && input.base !== pr.baseRef) {
    const sha = repo.git.refs.get(`refs/heads/${input.base}`);
    if (!sha) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
    const from = pr.baseRef;
    pr.baseRef = input.base;
    pr.baseSha = sha;
    core.emit("pull_request", repo, actor, {
      action: "edited",
      number,
      changes: { base: { ref: { from }, sha: { from: sha } } },
      pull_request: S.pull(core, repo, issue, pr, { full: true }),
    });
  }
  if (input.state === "open" && pr.merged)
    throw validationFailed([
      {
        resource: "PullRequest",
        code: "custom",
        field: "state",
        message: "state cannot be changed. The pull request has been merged.",
      },
    ]);
  updateIssue(core, repo, issue, actor, {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.body !== undefined ? { body: input.body } : {}),
    ...(input.state !== undefined ? { state: input.state } : {}),
  });
  return { issue, pr };
}

export interface MergeInput {
  sha?: string;
  merge_method?: "merge" | "squash" | "rebase";
  commit_title?: string;
  commit_message?: string;
}

export function mergePull(
  core: SimCore,
  repo: Repo,
  number: number,
  actor: string,
  input: MergeInput,
  appId: number | null = null,
): CommitObject {
  const { issue, pr } = requirePull(repo, number);
  if (issue.state !== "open" || pr.merged) throw new ApiError(405, "Pull Request is not mergeable");
  if (input.sha !== undefined && input.sha !== pr.headSha) {
    throw new ApiError(409, "Head branch was modified. Review and try the merge again.");
  }
  const method = input.merge_method ?? "merge";
  if (!["merge", "squash", "rebase"].includes(method)) {
    throw new ApiError(
      422,
      `Invalid request.\n\n${JSON.stringify(method)} is not a member of ["merge", "squash", "rebase"].`,
    );
  }
  const m = mergeability(repo, pr);
  if (!m.mergeable) throw new ApiError(405, "Pull Request is not mergeable");
  assertMergeAllowed(core, repo, pr, actor, appId, method);
  const baseRef = `refs/heads/${pr.baseRef}`;
  const baseTip = repo.git.refs.get(baseRef);
  if (!baseTip) throw new ApiError(422, "Base branch was deleted");
  const result = buildMergeCommit(core, repo, issue, pr, baseTip, method, actor, input);
  setRef(core, repo, baseRef, result.sha, actor);
  markMerged(core, repo, issue, pr, result.sha, baseTip, actor);
  return result;
}

/** The commit a merge of `pr` onto `baseTip` makes with `method` (405 on conflicts). */
export function buildMergeCommit(
  core: SimCore,
  repo: Repo,
  issue: Issue,
  pr: PullRequest,
  baseTip: string,
  method: "merge" | "squash" | "rebase",
  actor: string,
  input: Pick<MergeInput, "commit_title" | "commit_message"> = {},
): CommitObject {
  const number = pr.number;
  const merged = repo.git.merge(baseTip, pr.headSha);
  if ("conflicts" in merged) throw new ApiError(405, "Pull Request is not mergeable");
  const now = core.now();
  const author = core.store.person(actor, now);
  const committer = webFlow(now);
  if (method === "merge") {
    const title = input.commit_title ?? `Merge pull request #${number} from ${repo.owner}/${pr.headRef}`;
    const message = `${title}\n\n${input.commit_message ?? issue.title}`;
    return repo.git.createCommit({
      files: merged.files,
      parents: [baseTip, pr.headSha],
      message,
      author,
      committer,
      verified: true,
    });
  }
  if (method === "squash") {
    const commits = repo.git.log(pr.headSha, baseTip).reverse();
    const title = input.commit_title ?? `${issue.title} (#${number})`;
    const body = input.commit_message ?? commits.map((c) => `* ${c.message}`).join("\n\n");
    return repo.git.createCommit({
      files: merged.files,
      parents: [baseTip],
      message: body ? `${title}\n\n${body}` : title,
      author,
      committer,
      verified: true,
    });
  }
  let tip = baseTip;
  const commits = repo.git.log(pr.headSha, baseTip).reverse();
  let last: CommitObject | undefined;
  for (const c of commits) {
    const parent = c.parents[0] ? repo.git.commit(c.parents[0]) : undefined;
    const changes: Record<string, string | Buffer | null> = {};
    for (const d of repo.git.diff(parent?.files, c.files)) {
      if (d.status === "removed") changes[d.filename] = null;
      else changes[d.filename] = (repo.git.get(d.sha!) as { content: Buffer }).content;
    }
    last = buildCommit(repo, tip, { message: c.message, files: changes, author: c.author, committer, verified: true });
    tip = last.sha;
  }
  if (!last) throw new ApiError(422, "No commits to rebase");
  return last;
}

/** Records a merge (by the API or the merge queue) and emits `pull_request.closed`. */
export function markMerged(
  core: SimCore,
  repo: Repo,
  issue: Issue,
  pr: PullRequest,
  mergeSha: string,
  baseTip: string,
  actor: string,
): void {
  const now = core.now();
  pr.merged = true;
  pr.mergedAt = now;
  pr.mergedBy = actor;
  pr.mergeCommitSha = mergeSha;
  pr.baseSha = baseTip;
  issue.state = "closed";
  issue.closedAt = now;
  issue.closedBy = actor;
  issue.updatedAt = now;
  core.emit("pull_request", repo, actor, {
    action: "closed",
    number: pr.number,
    pull_request: S.pull(core, repo, issue, pr, { full: true }),
  });
}

export function submitReview(
  core: SimCore,
  repo: Repo,
  number: number,
  actor: string,
  input: { state: ReviewState; body?: string; commitId?: string },
): Review {
  const { issue, pr } = requirePull(repo, number);
  if (
    actor.toLowerCase() === issue.user.toLowerCase() &&
    (input.state === "APPROVED" || input.state === "CHANGES_REQUESTED")
  ) {
    throw new ApiError(422, "Unprocessable Entity", {
      errors: [`Can not ${input.state === "APPROVED" ? "approve" : "request changes on"} your own pull request`],
    });
  }
  const id = core.store.ids.take("review");
  const review: Review = {
    id,
    nodeId: nodeId("PRR", id),
    pullNumber: number,
    user: actor,
    body: input.body ?? "",
    state: input.state,
    commitId: input.commitId ?? pr.headSha,
    submittedAt: core.now(),
  };
  repo.reviews.push(review);
  fulfilRequest(repo, number, actor);
  const wire = S.review(core, repo, review);
  core.emit("pull_request_review", repo, actor, {
    action: "submitted",
    review: { ...wire, state: review.state.toLowerCase() },
    pull_request: S.pull(core, repo, issue, pr),
  });
  return review;
}
