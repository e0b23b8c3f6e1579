import type { SimCore } from "../../core.js";
import { checkBodyLength, validationFailed } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { Issue, PullRequest, Repo } from "../../store/types.js";
import { updateIssue } from "../issues/update.js";
import { requirePull } from "../require-pull.js";

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
