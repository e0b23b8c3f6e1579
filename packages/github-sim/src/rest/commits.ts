import { ApiError, notFound } from "../errors.js";
import { ok, type RouteContext, type SimResponse } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { resolveOr404 } from "../ops/git.js";
import * as S from "../serialize/index.js";
import { pullsForCommit } from "../store/queries.js";
import { compareCommits } from "./compare.js";

/** `GET /repos/{owner}/{repo}/commits`: history from a ref, filtered by date, author and path. */
function listCommits(ctx: RouteContext): SimResponse {
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
}

/** Commit history, single commits and comparisons. */
export function registerCommits(r: Router): void {
  r.get("/repos/{owner}/{repo}/commits", listCommits);
  r.get("/repos/{owner}/{repo}/compare/{basehead*}", compareCommits);
  r.get("/repos/{owner}/{repo}/commits/{commit_sha*}/pulls", (ctx) => {
    const repo = ctx.repo();
    const c = resolveOr404(repo, ctx.param("commit_sha"));
    return ok(pullsForCommit(repo, c.sha).map((pr) => S.pull(ctx.core, repo, repo.issues.get(pr.number)!, pr)));
  });
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
