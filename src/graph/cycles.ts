/** Dependency cycles of a directed graph, for the "dependency cycle a → b → a" errors. */
import { strongComponents } from "./strong-components.js";

/**
 * One cycle for every group of mutually dependent nodes (strongly connected component) of
 * the graph: the shortest cycle through the group's lowest node, starting there and
 * following `edges` (the first node is not repeated at the end). Sorted by first node.
 */
export function findCycles(edges: readonly (readonly number[])[]): number[][] {
  const cycles: number[][] = [];
  for (const component of strongComponents(edges)) {
    const start = Math.min(...component);
    if (component.length === 1 && !(edges[start] ?? []).includes(start)) continue;
    cycles.push(shortestCycle(edges, start, new Set(component)));
  }
  return cycles.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** The shortest cycle from `start` back to it within `members`: breadth-first along `edges`. */
function shortestCycle(edges: readonly (readonly number[])[], start: number, members: ReadonlySet<number>): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  let last: number | undefined;
  for (let head = 0; head < queue.length && last === undefined; head++) {
    const node = queue[head] as number;
    for (const dep of edges[node] ?? []) {
      if (dep === start) {
        last = node;
        break;
      }
      if (members.has(dep) && !previous.has(dep)) {
        previous.set(dep, node);
        queue.push(dep);
      }
    }
  }
  const cycle: number[] = [];
  for (let node = last; node !== undefined && node !== start; node = previous.get(node)) cycle.unshift(node);
  return [start, ...cycle];
}
