import type { SimCore } from "../../core.js";
import type { Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import type { GqlContext } from "../context.js";
import { connection, type ConnectionArgs } from "../connection.js";
import type { View } from "./actors.js";
import { views } from "./table.js";

const PREFIXES = ["refs/heads/", "refs/tags/", "refs/remotes/", "refs/pull/"];

/** Ref view for a fully-qualified ref name, or null when it does not exist. */
export function refView(core: SimCore, repo: Repo, qualified: string): View | null {
  const sha = repo.git.refs.get(qualified);
  if (!sha) return null;
  const prefix = PREFIXES.find((p) => qualified.startsWith(p)) ?? "refs/";
  const name = qualified.slice(prefix.length);
  return {
    __typename: "Ref",
    id: nodeId("REF", `${repo.id}:${qualified}`),
    name,
    prefix,
    target: () => views.objectView(core, repo, sha),
    repository: () => views.repoView(core, repo),
    associatedPullRequests: (
      args: ConnectionArgs & { states?: string[]; baseRefName?: string; headRefName?: string },
    ) => {
      const prs = [...repo.pulls.values()]
        .filter((pr) => prefix === "refs/heads/" && (pr.headRef === name || false))
        .filter((pr) => !args.baseRefName || pr.baseRef === args.baseRefName)
        .filter((pr) => {
          if (!args.states?.length) return true;
          const i = repo.issues.get(pr.number)!;
          const st = pr.merged ? "MERGED" : i.state === "open" ? "OPEN" : "CLOSED";
          return args.states.includes(st);
        })
        .sort((a, b) => a.number - b.number);
      return connection(prs, args, (pr) => views.pullView(core, repo, pr.number));
    },
    refUpdateRule: (_args: unknown, ctx: GqlContext) =>
      prefix === "refs/heads/" ? views.refUpdateRuleView(core, repo, name, ctx) : null,
  };
}

/** Resolves `ref(qualifiedName:)`: "refs/heads/x", "refs/tags/x" or a short name (branches first). */
export function qualify(repo: Repo, name: string): string | undefined {
  if (name.startsWith("refs/")) return repo.git.refs.has(name) ? name : undefined;
  return repo.git.qualifyRef(name);
}
