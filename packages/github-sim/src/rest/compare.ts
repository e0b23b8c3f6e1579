import { notFound } from "../errors.js";
import { ok, type RouteContext, type SimResponse } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import * as S from "../serialize/index.js";

/** "owner:branch" in compare specs refers to a branch of that owner's fork; forks are not simulated. */
function branchOf(spec: string): string {
  const i = spec.indexOf(":");
  return i === -1 ? spec : spec.slice(i + 1);
}

function compareStatus(ahead: number, behind: number): string {
  return ahead === 0 && behind === 0 ? "identical" : behind === 0 ? "ahead" : ahead === 0 ? "behind" : "diverged";
}

/** `GET /repos/{owner}/{repo}/compare/{base}...{head}`. */
export function compareCommits(ctx: RouteContext): SimResponse {
  const repo = ctx.repo();
  const spec = ctx.param("basehead");
  const sep = spec.indexOf("...");
  if (sep === -1) throw notFound();
  const baseName = spec.slice(0, sep);
  const headName = spec.slice(sep + 3);
  const base = repo.git.resolveCommit(branchOf(baseName));
  const head = repo.git.resolveCommit(branchOf(headName));
  if (!base || !head) throw notFound();
  const mergeBase = repo.git.mergeBase(base, head);
  const ahead = repo.git.log(head, base);
  const behind = repo.git.log(base, head);
  const status = compareStatus(ahead.length, behind.length);
  const baseCommit = repo.git.commit(base)!;
  const mbCommit = mergeBase ? repo.git.commit(mergeBase) : undefined;
  const headCommit = repo.git.commit(head)!;
  const files = repo.git.diff(mbCommit?.files, headCommit.files).map((d) => S.fileChange(ctx.core, repo, d, head));
  const commits = [...ahead].reverse();
  const perPage = ctx.query.get("per_page");
  const shown =
    perPage || ctx.query.get("page") ? paginate(ctx, commits) : { items: commits.slice(0, 250), headers: {} };
  const html = `${ctx.core.urls.html}/${repo.fullName}/compare/${baseName}...${headName}`;
  return ok(
    {
      url: `${ctx.core.urls.api}/repos/${repo.fullName}/compare/${baseName}...${headName}`,
      html_url: html,
      permalink_url: `${ctx.core.urls.html}/${repo.fullName}/compare/${repo.owner}:${base.slice(0, 7)}...${repo.owner}:${head.slice(0, 7)}`,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: S.restCommit(ctx.core, repo, baseCommit),
      merge_base_commit: mbCommit ? S.restCommit(ctx.core, repo, mbCommit) : null,
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: shown.items.map((c) => S.restCommit(ctx.core, repo, c)),
      files,
    },
    shown.headers,
  );
}
