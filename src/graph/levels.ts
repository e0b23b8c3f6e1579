/**
 * Release levels of a dependency graph. Pure graph code, shared by the configuration's
 * checks and the release plan, so neither has to import the other.
 */
import { findCycles } from "./cycles.js";

/**
 * Release levels of a dependency graph: `edges[i]` lists the nodes node `i` depends on.
 * A node's level is 1 + the highest level among its dependencies (1 without any).
 */
export function computeLevels(
  edges: readonly (readonly number[])[],
): { ok: true; levels: number[] } | { ok: false; cycles: number[][] } {
  const n = edges.length;
  const dependents: number[][] = edges.map(() => []);
  const waiting = edges.map((deps) => new Set(deps).size);
  edges.forEach((deps, i) => {
    for (const d of new Set(deps)) dependents[d]?.push(i);
  });
  const levels = new Array<number>(n).fill(1);
  const ready: number[] = [];
  waiting.forEach((count, i) => {
    if (count === 0) ready.push(i);
  });
  let done = 0;
  while (ready.length > 0) {
    const node = ready.pop() as number;
    done++;
    for (const dependent of dependents[node] ?? []) {
      levels[dependent] = Math.max(levels[dependent] ?? 1, (levels[node] ?? 1) + 1);
      const left = (waiting[dependent] ?? 0) - 1;
      waiting[dependent] = left;
      if (left === 0) ready.push(dependent);
    }
  }
  return done === n ? { ok: true, levels } : { ok: false, cycles: findCycles(edges) };
}
