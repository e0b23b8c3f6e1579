import { ApiError, notFound } from "../errors.js";
import { created, noContent, ok, type RouteContext } from "../http/context.js";
import { direction, paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { branchOf, createPull, mergePull, updatePull } from "../ops/pulls.js";
import { requirePull } from "../ops/require-pull.js";
import * as S from "../serialize/index.js";
import type { Repo } from "../store/types.js";
import { registerReviewRoutes } from "./reviews.js";

function listPulls(ctx: RouteContext, repo: Repo) {
  const state = ctx.query.get("state") ?? "open";
  const head = ctx.query.get("head");
  const base = ctx.query.get("base");
  const sort = ctx.query.get("sort") ?? "created";
  const dir = direction(ctx, "desc");
  let headOwner: string | undefined;
  let headBranch: string | undefined;
  if (head) {
    const i = head.indexOf(":");
    headOwner = i === -1 ? undefined : head.slice(0, i).toLowerCase();
    headBranch = i === -1 ? head : head.slice(i + 1);
  }
  return [...repo.pulls.values()]
    .map((pr) => ({ pr, issue: repo.issues.get(pr.number)! }))
    .filter(({ issue }) => state === "all" || issue.state === state)
    .filter(
      ({ pr }) => !headBranch || (pr.headRef === headBranch && (!headOwner || headOwner === repo.owner.toLowerCase())),
    )
    .filter(({ pr }) => !base || pr.baseRef === base)
    .sort((a, b) => {
      const ka = sort === "updated" ? a.issue.updatedAt : a.issue.createdAt;
      const kb = sort === "updated" ? b.issue.updatedAt : b.issue.createdAt;
      return ka === kb ? (a.pr.number - b.pr.number) * dir : ka < kb ? -dir : dir;
    });
}
/** Pull requests: listing (filtered and sorted), opening, reading and editing. */
function registerPullRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/pulls", (ctx) => {
    const repo = ctx.repo();
    const page = paginate(ctx, listPulls(ctx, repo));
    return ok(
      page.items.map(({ pr, issue }) => S.pull(ctx.core, repo, issue, pr)),
      page.headers,
    );
  });

  r.post("/repos/{owner}/{repo}/pulls", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const head = ctx.body["head"];
    if (
      typeof head === "string" &&
      head.includes(":") &&
      head.slice(0, head.indexOf(":")).toLowerCase() !== repo.owner.toLowerCase()
    ) {
      throw new ApiError(422, "Validation Failed", {
        errors: [{ resource: "PullRequest", field: "head", code: "invalid" }],
      });
    }
    const { issue, pr } = createPull(ctx.core, repo, ctx.actor, ctx.body);
    return created(S.pull(ctx.core, repo, issue, pr, { full: true }));
  });

  r.get("/repos/{owner}/{repo}/pulls/{pull_number}", (ctx) => {
    const repo = ctx.repo();
    const { issue, pr } = requirePull(repo, ctx.intParam("pull_number"));
    return ok(S.pull(ctx.core, repo, issue, pr, { full: true, read: true }));
  });

  r.patch("/repos/{owner}/{repo}/pulls/{pull_number}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const b = ctx.body;
    const { issue, pr } = updatePull(ctx.core, repo, ctx.intParam("pull_number"), ctx.actor, {
      ...(b["title"] !== undefined ? { title: String(b["title"]) } : {}),
      ...(b["body"] !== undefined ? { body: b["body"] } : {}),
      ...(b["state"] !== undefined ? { state: b["state"] } : {}),
      ...(b["base"] !== undefined ? { base: branchOf(repo, String(b["base"])) } : {}),
    });
    return ok(S.pull(ctx.core, repo, issue, pr, { full: true }));
  });
}

/** Whether a pull request is merged, and merging it. */
function registerMergeRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/pulls/{pull_number}/merge", (ctx) => {
    const repo = ctx.repo();
    const { pr } = requirePull(repo, ctx.intParam("pull_number"));
    if (!pr.merged) throw notFound();
    return noContent();
  });

  r.put("/repos/{owner}/{repo}/pulls/{pull_number}/merge", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const c = mergePull(ctx.core, repo, ctx.intParam("pull_number"), ctx.actor, ctx.body, ctx.appId);
    return ok({ sha: c.sha, merged: true, message: "Pull Request successfully merged" });
  });
}

/** The commits and changed files of a pull request. */
function registerPullChangeRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/pulls/{pull_number}/commits", (ctx) => {
    const repo = ctx.repo();
    const { pr } = requirePull(repo, ctx.intParam("pull_number"));
    const base = pr.merged ? (repo.git.commit(pr.mergeCommitSha ?? "")?.parents[0] ?? pr.baseSha) : pr.baseSha;
    const commits = repo.git.log(pr.headSha, base).reverse();
    const page = paginate(ctx, commits);
    return ok(
      page.items.map((c) => S.restCommit(ctx.core, repo, c)),
      page.headers,
    );
  });

  r.get("/repos/{owner}/{repo}/pulls/{pull_number}/files", (ctx) => {
    const repo = ctx.repo();
    const { pr } = requirePull(repo, ctx.intParam("pull_number"));
    const mb = repo.git.mergeBase(pr.baseSha, pr.headSha);
    const files = repo.git.diff(mb ? repo.git.commit(mb)?.files : undefined, repo.git.commit(pr.headSha)!.files);
    const page = paginate(ctx, files);
    return ok(
      page.items.map((d) => S.fileChange(ctx.core, repo, d, pr.headSha)),
      page.headers,
    );
  });
}

/** Pull requests, merging and reviews. */
export function registerPulls(r: Router): void {
  registerPullRoutes(r);
  registerMergeRoutes(r);
  registerPullChangeRoutes(r);
  registerReviewRoutes(r);
}
