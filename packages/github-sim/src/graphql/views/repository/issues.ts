// Repository fields for its issues and pull requests (issue, issues, issueOrPullRequest, pullRequest, pullRequests).
import type { SimCore } from "../../../core.js";
import type { Issue, Repo } from "../../../store/types.js";
import { connection, type ConnectionArgs } from "../../connection.js";
import { GqlError } from "../../errors.js";
import type { View } from "../actors.js";
import { views } from "../table.js";
import type { Order } from "./order.js";

type IssuesArgs = ConnectionArgs & {
  states?: string[];
  labels?: string[];
  orderBy?: Order;
  filterBy?: {
    createdBy?: string;
    labels?: string[];
    milestoneNumber?: string;
    since?: string;
    states?: string[];
  };
};

type PullRequestsArgs = ConnectionArgs & {
  headRefName?: string;
  baseRefName?: string;
  states?: string[];
  labels?: string[];
  orderBy?: Order;
};

export function issueFields(core: SimCore, repo: Repo): View {
  return {
    issue: (args: { number: number }) => {
      const i = repo.issues.get(args.number);
      if (!i || i.isPull)
        throw new GqlError("NOT_FOUND", `Could not resolve to an Issue with the number of ${args.number}.`);
      return views.issueView(core, repo, i);
    },
    issues: (args: IssuesArgs) =>
      connection(sortIssues(core, repo, listIssues(repo, args), args.orderBy), args, (i) =>
        views.issueView(core, repo, i),
      ),
    issueOrPullRequest: (args: { number: number }) => {
      const i = repo.issues.get(args.number);
      if (!i)
        throw new GqlError(
          "NOT_FOUND",
          `Could not resolve to an issue or pull request with the number of ${args.number}.`,
        );
      return i.isPull ? views.pullView(core, repo, i.number) : views.issueView(core, repo, i);
    },
    pullRequest: (args: { number: number }) => {
      const v = views.pullView(core, repo, args.number);
      if (!v) throw new GqlError("NOT_FOUND", `Could not resolve to a PullRequest with the number of ${args.number}.`);
      return v;
    },
    pullRequests: (args: PullRequestsArgs) =>
      connection(sortIssues(core, repo, listPulls(repo, args), args.orderBy), args, (i) =>
        views.pullView(core, repo, i.number),
      ),
  };
}

function listIssues(repo: Repo, args: IssuesArgs): Issue[] {
  const f = args.filterBy ?? {};
  const states = args.states ?? f.states;
  const labels = args.labels ?? f.labels;
  return [...repo.issues.values()].filter(
    (i) =>
      !i.isPull &&
      (!states?.length || states.includes(i.state.toUpperCase())) &&
      (!labels?.length || labels.some((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase()))) &&
      (!f.createdBy || i.user.toLowerCase() === f.createdBy.toLowerCase()) &&
      (!f.since || new Date(i.updatedAt) >= new Date(f.since)) &&
      (f.milestoneNumber === undefined ||
        f.milestoneNumber === null ||
        (f.milestoneNumber === "*"
          ? i.milestone !== null
          : f.milestoneNumber === "none"
            ? i.milestone === null
            : i.milestone === Number(f.milestoneNumber))),
  );
}

/** The pull requests (as issues) matching the filters. */
function listPulls(repo: Repo, args: PullRequestsArgs): Issue[] {
  return [...repo.issues.values()].filter((i) => {
    if (!i.isPull) return false;
    const pr = repo.pulls.get(i.number)!;
    const st = pr.merged ? "MERGED" : i.state === "open" ? "OPEN" : "CLOSED";
    return (
      (!args.headRefName || pr.headRef === args.headRefName) &&
      (!args.baseRefName || pr.baseRef === args.baseRefName) &&
      (!args.states?.length || args.states.includes(st)) &&
      (!args.labels?.length || args.labels.some((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase())))
    );
  });
}

function sortIssues(core: SimCore, repo: Repo, list: Issue[], order: Order): Issue[] {
  const field = order?.field ?? "CREATED_AT";
  const dir = order?.direction === "DESC" ? -1 : 1;
  const key = (i: Issue): string | number =>
    field === "UPDATED_AT"
      ? i.updatedAt
      : field === "COMMENTS"
        ? core.store.commentsOf(repo, i.number).length
        : i.createdAt;
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka === kb ? (a.number - b.number) * dir : ka < kb ? -dir : dir;
  });
}
