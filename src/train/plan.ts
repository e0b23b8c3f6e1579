/**
 * The release plan: which repositories take part in a train and in which order
 * (PLAYBOOK.md, "Release Order"). Pure: everything it needs is passed in.
 */
import { isGlob, type TrainConfig } from "../config/schema.js";
import { computeLevels } from "../graph/levels.js";
import { compareNames } from "./planning/names.js";
import { planEdges, reportCycles } from "./planning/plan-edges.js";
import { planErrors } from "./planning/plan-errors.js";
import { type PlanNode, planNodes } from "./planning/plan-nodes.js";
import type { PlanContext, PlannedRepo, PlanResult, ReleasePlan } from "./planning/types.js";

export type { PlanContext, PlannedRepo, PlanResult, ReleasePlan } from "./planning/types.js";

/**
 * Expands the configured repositories (globs against the installation's repositories; a
 * literal entry wins over a glob, and an earlier glob over a later one), resolves
 * `dependsOn` to full names and assigns release levels.
 */
export function planRelease(config: TrainConfig, ctx: PlanContext): PlanResult {
  const { errors, fail } = planErrors();
  const graph = planNodes(config, ctx, fail);
  const edges = planEdges(config, ctx, graph, fail);
  const levels = computeLevels(edges);
  if (!levels.ok) reportCycles(levels.cycles, graph.nodes, ctx, fail);
  if (errors.length > 0 || !levels.ok) return { ok: false, errors };
  return { ok: true, plan: assemblePlan(config, ctx, graph.nodes, edges, levels.levels) };
}

/** The plan's repositories sorted by level, then full name, and grouped by level. */
function assemblePlan(
  config: TrainConfig,
  ctx: PlanContext,
  nodes: readonly PlanNode[],
  edges: readonly (readonly number[])[],
  levels: readonly number[],
): ReleasePlan {
  const repos: PlannedRepo[] = nodes.map((node, k) => {
    const entry = config.repos[node.entryIndex];
    return {
      owner: node.owner,
      name: node.name,
      fullName: `${node.owner}/${node.name}`,
      team: entry?.team ?? "",
      dependsOn: (edges[k] ?? [])
        .map((d) => nodes[d])
        .filter((d): d is PlanNode => d !== undefined)
        .map((d) => `${d.owner}/${d.name}`)
        .sort(compareNames),
      level: levels[k] ?? 1,
      versionFiles: entry?.versionFiles,
      deploy: entry?.deploy ?? true,
      entryIndex: node.entryIndex,
    };
  });
  repos.sort((a, b) => a.level - b.level || compareNames(a.fullName, b.fullName));
  const byLevel: PlannedRepo[][] = [];
  for (const repo of repos) {
    byLevel[repo.level - 1] ??= [];
    byLevel[repo.level - 1]!.push(repo);
  }
  return { owner: ctx.owner, repos, levels: byLevel };
}

/**
 * The release order as text, in the playbook's shape:
 *
 *     Level 1 (first):
 *     └── blackroad-os-infra
 *
 *     Level 2 (after blackroad-os-infra):
 *     ├── blackroad-os-api-gateway
 *     └── blackroad-os-archive
 */
export function formatLevels(plan: ReleasePlan): string {
  const display = (fullName: string) => {
    const [owner, name] = fullName.split("/");
    return owner?.toLowerCase() === plan.owner.toLowerCase() && name !== undefined ? name : fullName;
  };
  const levelOf = new Map(plan.repos.map((repo) => [repo.fullName, repo.level]));
  const blocks = plan.levels.map((repos, i) => {
    const level = i + 1;
    let note: string;
    if (level === 1) note = "first";
    else if (level === plan.levels.length) note = "last";
    else {
      const previous = [...new Set(repos.flatMap((repo) => repo.dependsOn.filter((d) => levelOf.get(d) === level - 1)))]
        .map(display)
        .sort(compareNames);
      const shown = previous.slice(0, 3).join(", ");
      note = `after ${previous.length > 3 ? `${shown} and ${previous.length - 3} more` : shown}`;
    }
    const lines = repos.map((repo, k) => {
      const branch = k === repos.length - 1 ? "└──" : "├──";
      const glob = isGlob(repo.name) ? " (each matching repository of the installation)" : "";
      return `${branch} ${display(repo.fullName)}${glob}${repo.deploy ? "" : " (not deployed)"}`;
    });
    return [`Level ${level} (${note}):`, ...lines].join("\n");
  });
  return blocks.join("\n\n");
}
