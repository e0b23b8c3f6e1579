import { ApiError, notFound } from "../errors.js";
import { ok } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { resolveOr404 } from "../ops/git.js";
import * as S from "../serialize/index.js";
import { pullsForCommit } from "../store/queries.js";

/** Commit history, single commits and comparisons. */
export function registerCommits(r: Router): void {
  r.get("/repos/{owner}/{repo}/commits", (ctx) => {
    const repo = ctx.repo();
    if (repo.git.refs.size === 0) throw new ApiError(409, "Git Repository is empty.");
    const start = ctx.query.get("sha") || repo.defaultBranch;
    const head = repo.git.resolveCommit(start);
    if (!head) throw notFound();
    const path = ctx.query.get("path");
    const since = ctx.query.get("since");
    const until = ctx.query.get("until");
    const author = ctx.query.get("author")?.toLowerCase();
    let commits = repo.git.log(head);
    if (since) commits = commits.filter((c) => c.committer.date >= new Date(since).toISOString().replace(".000Z", "Z"));
    if (until) commits = commits.filter((c) => c.committer.date <= new Date(until).toISOString().replace(".000Z", "Z"));
    if (author)
      commits = commits.filter(
        (c) => c.author.login?.toLowerCase() === author || c.author.email.toLowerCase() === author,
      );
    if (path) {
      commits = commits.filter((c) => {
        const parent = c.parents[0] ? repo.git.commit(c.parents[0]) : undefined;
        return repo.git
          .diff(parent?.files, c.files)
          .some((d) => d.filename === path || d.filename.startsWith(`${path.replace(/\/$/, "")}/`));
      });
    }
    const page = paginate(ctx, commits);
    return ok(
      page.items.map((c) => S.restCommit(ctx.core, repo, c)),
      page.headers,
    );
  });

  r.get("/repos/{owner}/{repo}/compare/{basehead*}", (ctx) => {
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
    const status =
      ahead.length === 0 && behind.length === 0
        ? "identical"
        : behind.length === 0
          ? "ahead"
          : ahead.length === 0
            ? "behind"
            : "diverged";
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
  });

  r.get("/repos/{owner}/{repo}/commits/{commit_sha*}/pulls", (ctx) => {
    const repo = ctx.repo();
    const c = resolveOr404(repo, ctx.param("commit_sha"));
    return ok(pullsForCommit(repo, c.sha).map((pr) => S.pull(ctx.core, repo, repo.issues.get(pr.number)!, pr)));
  });
}

/** "owner:branch" in compare specs refers to a branch of that owner's fork; forks are not simulated. */
function branchOf(spec: string): string {
  const i = spec.indexOf(":");
  return i === -1 ? spec : spec.slice(i + 1);
}

/** Registered last: GET /repos/{owner}/{repo}/commits/{ref} would otherwise shadow the /commits/{ref}/… routes. */
export function registerCommitGet(r: Router): void {
  r.get("/repos/{owner}/{repo}/commits/{ref*}", (ctx) => {
    const repo = ctx.repo();
    const sha = repo.git.resolveCommit(ctx.param("ref"));
    const c = sha ? repo.git.commit(sha) : undefined;
    if (!c) throw new ApiError(422, `No commit found for SHA: ${ctx.param("ref")}`);
    return ok(S.restCommit(ctx.core, repo, c, { files: true }));
  });
}
