import type { SimCore } from "../../core.js";
import type { CheckRun, CheckSuite, CommitStatus, Repo } from "../../store/types.js";
import { connection, type ConnectionArgs } from "../connection.js";
import type { View } from "./actors.js";
import { views } from "./table.js";

const up = (s: string | null) => (s ? s.toUpperCase() : null);

export function checkSuiteView(core: SimCore, repo: Repo, s: CheckSuite): View {
  return {
    __typename: "CheckSuite",
    id: s.nodeId,
    databaseId: s.id,
    status: up(s.status),
    conclusion: up(s.conclusion),
    app: () => views.appView(core, core.store.app(s.appId)),
    commit: () => views.commitView(core, repo, repo.git.commit(s.headSha)!),
    branch: () => (s.headBranch ? views.refView(core, repo, `refs/heads/${s.headBranch}`) : null),
    repository: () => views.repoView(core, repo),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    url: `${core.urls.html}/${repo.fullName}/commit/${s.headSha}/checks?check_suite_id=${s.id}`,
    checkRuns: (
      args: ConnectionArgs & {
        filterBy?: {
          appId?: number;
          checkName?: string;
          checkType?: "ALL" | "LATEST";
          conclusions?: string[];
          status?: string;
          statuses?: string[];
        };
      },
    ) => {
      const f = args.filterBy ?? {};
      let runs = repo.checkRuns.filter((r) => r.suiteId === s.id).sort((a, b) => a.id - b.id);
      if (f.checkType !== "ALL") {
        const latest = new Map<string, CheckRun>();
        for (const r of runs) latest.set(r.name, r);
        runs = [...latest.values()].sort((a, b) => a.id - b.id);
      }
      runs = runs.filter(
        (r) =>
          (!f.appId || r.appId === f.appId) &&
          (!f.checkName || r.name === f.checkName) &&
          (!f.status || up(r.status) === f.status) &&
          (!f.statuses?.length || f.statuses.includes(up(r.status)!)) &&
          (!f.conclusions?.length || (r.conclusion !== null && f.conclusions.includes(up(r.conclusion)!))),
      );
      return connection(runs, args, (r) => checkRunView(core, repo, r));
    },
  };
}

export function checkRunView(core: SimCore, repo: Repo, r: CheckRun): View {
  const url = `${core.urls.html}/${repo.fullName}/runs/${r.id}`;
  return {
    __typename: "CheckRun",
    id: r.nodeId,
    databaseId: r.id,
    name: r.name,
    status: up(r.status),
    conclusion: up(r.conclusion),
    detailsUrl: r.detailsUrl ?? url,
    externalId: r.externalId,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
    title: r.output.title,
    summary: r.output.summary,
    text: r.output.text,
    url,
    permalink: url,
    checkSuite: () => checkSuiteView(core, repo, repo.checkSuites.find((s) => s.id === r.suiteId)!),
  };
}

export function statusContextView(core: SimCore, repo: Repo, s: CommitStatus): View {
  return {
    __typename: "StatusContext",
    id: s.nodeId,
    context: s.context,
    state: s.state.toUpperCase(),
    description: s.description,
    targetUrl: s.targetUrl,
    createdAt: s.createdAt,
    creator: () => views.actorView(core, s.creator),
    commit: () => views.commitView(core, repo, repo.git.commit(s.sha)!),
  };
}
