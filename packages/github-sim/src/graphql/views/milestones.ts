import type { SimCore } from "../../core.js";
import type { Milestone, Repo } from "../../store/types.js";
import { connection, type ConnectionArgs } from "../connection.js";
import type { View } from "./actors.js";
import { views } from "./table.js";

export function milestoneView(core: SimCore, repo: Repo, m: Milestone): View {
  const issues = [...repo.issues.values()].filter((i) => i.milestone === m.number && !i.isPull);
  const closed = issues.filter((i) => i.state === "closed").length;
  return {
    __typename: "Milestone",
    id: m.nodeId,
    number: m.number,
    title: m.title,
    description: m.description,
    state: m.state.toUpperCase(),
    closed: m.state === "closed",
    closedAt: m.closedAt,
    dueOn: m.dueOn,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    url: `${core.urls.html}/${repo.fullName}/milestone/${m.number}`,
    progressPercentage: issues.length ? (closed / issues.length) * 100 : 0,
    issues: (args: ConnectionArgs & { states?: string[] }) =>
      connection(
        issues
          .filter((i) => !args.states?.length || args.states.includes(i.state.toUpperCase()))
          .sort((a, b) => a.number - b.number),
        args,
        (i) => views.issueView(core, repo, i),
      ),
  };
}
