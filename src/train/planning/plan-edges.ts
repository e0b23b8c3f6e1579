/** `dependsOn` resolved to edges between the plan's nodes, and the cycles among them reported. */
import picomatch from "picomatch";
import { parseRepoRef, type TrainConfig } from "../../config/schema.js";
import type { Fail } from "./plan-errors.js";
import type { PlanNode, PlanNodes } from "./plan-nodes.js";
import type { PlanContext } from "./types.js";

/** `edges[k]` lists the nodes node `k` is released after, each once, in the order written. */
export function planEdges(config: TrainConfig, ctx: PlanContext, graph: PlanNodes, fail: Fail): number[][] {
  const edges: number[][] = graph.nodes.map(() => []);
  graph.nodes.forEach((node, self) => {
    config.repos[node.entryIndex]?.dependsOn.forEach((dependency, j) => {
      const path = `repos[${node.entryIndex}].dependsOn[${j}]`;
      const targets = dependencyTargets(config, ctx, graph, self, dependency, (message) => fail(path, message));
      const list = edges[self];
      if (targets && list) for (const target of targets) if (!list.includes(target)) list.push(target);
    });
  });
  return edges;
}

/** The nodes one `dependsOn` entry of node `self` names; undefined (reported) when it names none. */
function dependencyTargets(
  config: TrainConfig,
  ctx: PlanContext,
  { nodes, nodeByKey }: PlanNodes,
  self: number,
  dependency: string,
  fail: (message: string) => void,
): number[] | undefined {
  const ref = parseRepoRef(dependency);
  if (ref === undefined) {
    fail(`unknown repo ${JSON.stringify(dependency)}`);
    return undefined;
  }
  const owner = (ref.owner ?? ctx.owner).toLowerCase();
  if (ref.glob) {
    const isMatch = picomatch(ref.name, { nocase: true });
    const targets = nodes.flatMap((other, k) =>
      k !== self && other.owner.toLowerCase() === owner && isMatch(other.name) ? [k] : [],
    );
    if (targets.length > 0) return targets;
    // A glob written exactly like a glob entry that matched nothing is reported there.
    const entryFailed = config.repos.some(
      (repo, k) => repo.name === dependency && !nodes.some((n) => n.entryIndex === k),
    );
    if (!entryFailed) fail(`${JSON.stringify(dependency)} matches no repository of the plan`);
    return undefined;
  }
  const target = nodeByKey.get(`${owner}/${ref.name.toLowerCase()}`);
  if (target === undefined) {
    fail(`unknown repo ${JSON.stringify(dependency)}`);
    return undefined;
  }
  if (target === self) {
    fail(`${JSON.stringify(config.repos[nodes[self]!.entryIndex]!.name)} depends on itself`);
    return undefined;
  }
  return [target];
}

/** One "dependency cycle a → b → a" error per cycle, at the `dependsOn` of its first repository. */
export function reportCycles(cycles: readonly number[][], nodes: readonly PlanNode[], ctx: PlanContext, fail: Fail) {
  const display = (node: PlanNode | undefined) =>
    node === undefined
      ? "?"
      : node.owner.toLowerCase() === ctx.owner.toLowerCase()
        ? node.name
        : `${node.owner}/${node.name}`;
  for (const cycle of cycles) {
    const [first] = cycle;
    if (first === undefined) continue;
    const names = [...cycle, first].map((k) => display(nodes[k]));
    fail(`repos[${nodes[first]?.entryIndex}].dependsOn`, `dependency cycle ${names.join(" → ")}`);
  }
}
