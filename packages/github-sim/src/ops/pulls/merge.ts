import type { SimCore } from "../../core.js";
import { ApiError } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { CommitObject } from "../../store/git.js";
import { mergeability } from "../../store/queries.js";
import type { Issue, PullRequest, Repo } from "../../store/types.js";
import { buildCommit, setRef, webFlow } from "../git.js";
import { assertMergeAllowed } from "../protection/merge.js";
import { requirePull } from "../require-pull.js";

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
