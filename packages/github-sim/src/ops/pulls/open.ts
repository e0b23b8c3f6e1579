import type { SimCore } from "../../core.js";
import { checkBodyLength, missingField, validationFailed } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { Issue, PullRequest, Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { newIssue } from "../issues/create.js";
import { requestCodeOwners } from "../review-requests.js";

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

/** The branches a new pull request is between. */
interface PullBranches {
  head: string;
  headSha: string;
  base: string;
  baseSha: string;
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
  const branches = pullBranches(repo, input.head, input.base);
  const now = core.now();
  const issueId = core.store.ids.take("issue");
  const id = core.store.ids.take("pull");
  // The issue side of the pull request.
  const issue = newIssue(repo, issueId, now, {
    title: input.title,
    body: input.body ?? null,
    user: actor,
    labels: [],
    milestone: null,
    assignees: [],
    isPull: true,
  });
  const pr = pullRecord(id, issue.number, branches, input);
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

/** The head and base branches, refused (422) when missing, already paired by an open PR, or with nothing between them. */
function pullBranches(repo: Repo, headSpec: string, baseSpec: string): PullBranches {
  const head = branchOf(repo, headSpec);
  const base = branchOf(repo, baseSpec);
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
  return { head, headSha, base, baseSha };
}

function pullRecord(id: number, number: number, branches: PullBranches, input: CreatePullInput): PullRequest {
  return {
    id,
    nodeId: nodeId("PR", id),
    number,
    headRef: branches.head,
    headSha: branches.headSha,
    baseRef: branches.base,
    baseSha: branches.baseSha,
    draft: input.draft ?? false,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    mergeableOverride: null,
    maintainerCanModify: input.maintainer_can_modify ?? true,
  };
}
