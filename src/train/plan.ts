/**
 * The release plan: which repositories take part in a train and in which order
 * (PLAYBOOK.md, "Release Order"). Pure: everything it needs is passed in.
 */
import picomatch from "picomatch";
import type { ConfigError } from "../config/parse.js";
import { isGlob, parseRepoRef, type TrainConfig, type VersionFile } from "../config/schema.js";

export interface PlanContext {
  /** Owner of the orchestration repository; repositories written without an owner belong to it. */
  owner: string;
  /**
   * Full names (`owner/name`) of the repositories the installation can see, for glob
   * expansion; "unknown" offline (the CLI without `--repos`), where a glob entry stays in
   * the plan as written.
   */
  installationRepos: readonly string[] | "unknown";
}

export interface PlannedRepo {
  owner: string;
  name: string;
  fullName: string;
  team: string;
  /** Full names of the repositories this one is released after (globs expanded). */
  dependsOn: string[];
  /** 1-based: level 1 is released first. */
  level: number;
  versionFiles: VersionFile[] | undefined;
  deploy: boolean;
  /** Index of the `repos` entry this repository comes from. */
  entryIndex: number;
}

export interface ReleasePlan {
  /** The orchestration repository's owner. */
  owner: string;
  /** Sorted by level, then full name. */
  repos: PlannedRepo[];
  /** `levels[0]` is Level 1; each level sorted by full name. */
  levels: PlannedRepo[][];
  /** A train on a subset (see subset.ts): the configured repositories left out of it, as configured. */
  notInTrain?: PlannedRepo[];
}

export type PlanResult = { ok: true; plan: ReleasePlan } | { ok: false; errors: ConfigError[] };

interface Node {
  owner: string;
  name: string;
  entryIndex: number;
}

/**
 * Expands the configured repositories (globs against the installation's repositories; a
 * literal entry wins over a glob, and an earlier glob over a later one), resolves
 * `dependsOn` to full names and assigns release levels.
 */
export function planRelease(config: TrainConfig, ctx: PlanContext): PlanResult {
  const errors: ConfigError[] = [];
  const seenErrors = new Set<string>();
  const fail = (path: string, message: string) => {
    const key = `${path}\n${message}`;
    if (!seenErrors.has(key)) errors.push({ path, message });
    seenErrors.add(key);
  };

  // Canonical spelling of repositories the installation can see, keyed case-insensitively.
  const visible = new Map<string, { owner: string; name: string }>();
  for (const fullName of ctx.installationRepos === "unknown" ? [] : ctx.installationRepos) {
    const [owner, name, ...rest] = fullName.split("/");
    if (owner && name && rest.length === 0) visible.set(fullName.toLowerCase(), { owner, name });
  }

  const refs = config.repos.map((repo) => parseRepoRef(repo.name));
  const nodeByKey = new Map<string, number>();
  const nodes: Node[] = [];
  const claimedBy = new Map<string, number>(); // full name (lower case) → entry index

  // Literal entries first: they win over globs wherever they appear.
  refs.forEach((ref, i) => {
    if (ref === undefined) {
      fail(`repos[${i}].name`, `invalid repository ${JSON.stringify(config.repos[i]?.name)}`);
    } else if (!ref.glob) {
      const owner = ref.owner ?? ctx.owner;
      const key = `${owner}/${ref.name}`.toLowerCase();
      const first = claimedBy.get(key);
      if (first !== undefined) {
        fail(`repos[${i}].name`, `duplicate repo ${JSON.stringify(`${owner}/${ref.name}`)} (also repos[${first}])`);
      } else {
        claimedBy.set(key, i);
      }
    }
  });

  // Nodes in entry order, globs expanded in place.
  refs.forEach((ref, i) => {
    if (ref === undefined) return;
    const owner = ref.owner ?? ctx.owner;
    if (!ref.glob) {
      const key = `${owner}/${ref.name}`.toLowerCase();
      if (claimedBy.get(key) !== i) return;
      const canonical = visible.get(key) ?? { owner, name: ref.name };
      nodeByKey.set(key, nodes.length);
      nodes.push({ ...canonical, entryIndex: i });
      return;
    }
    if (ctx.installationRepos === "unknown") {
      // One node named by the pattern; `dependsOn` globs match its text as they would its repositories.
      const key = `${owner}/${ref.name}`.toLowerCase();
      if (nodeByKey.has(key)) return; // the same pattern twice: the first claims all it would match
      nodeByKey.set(key, nodes.length);
      nodes.push({ owner, name: ref.name, entryIndex: i });
      return;
    }
    const isMatch = picomatch(ref.name, { nocase: true });
    const matches = [...visible.values()]
      .filter((repo) => repo.owner.toLowerCase() === owner.toLowerCase() && isMatch(repo.name))
      .sort((a, b) => compareNames(a.name, b.name));
    if (matches.length === 0) {
      fail(`repos[${i}].name`, `${JSON.stringify(config.repos[i]?.name)} matches no repository of the installation`);
      return;
    }
    for (const repo of matches) {
      const key = `${repo.owner}/${repo.name}`.toLowerCase();
      if (claimedBy.has(key)) continue;
      claimedBy.set(key, i);
      nodeByKey.set(key, nodes.length);
      nodes.push({ ...repo, entryIndex: i });
    }
  });

  // dependsOn → edges between nodes.
  const edges: number[][] = nodes.map(() => []);
  nodes.forEach((node, self) => {
    const entry = config.repos[node.entryIndex];
    entry?.dependsOn.forEach((dependency, j) => {
      const path = `repos[${node.entryIndex}].dependsOn[${j}]`;
      const ref = parseRepoRef(dependency);
      if (ref === undefined) {
        fail(path, `unknown repo ${JSON.stringify(dependency)}`);
        return;
      }
      const owner = (ref.owner ?? ctx.owner).toLowerCase();
      let targets: number[];
      if (ref.glob) {
        const isMatch = picomatch(ref.name, { nocase: true });
        targets = nodes.flatMap((other, k) =>
          k !== self && other.owner.toLowerCase() === owner && isMatch(other.name) ? [k] : [],
        );
        if (targets.length === 0) {
          // A glob written exactly like a glob entry that matched nothing is reported there.
          const entryFailed = config.repos.some(
            (repo, k) => repo.name === dependency && !nodes.some((n) => n.entryIndex === k),
          );
          if (!entryFailed) fail(path, `${JSON.stringify(dependency)} matches no repository of the plan`);
          return;
        }
      } else {
        const target = nodeByKey.get(`${owner}/${ref.name.toLowerCase()}`);
        if (target === undefined) {
          fail(path, `unknown repo ${JSON.stringify(dependency)}`);
          return;
        }
        if (target === self) {
          fail(path, `${JSON.stringify(entry.name)} depends on itself`);
          return;
        }
        targets = [target];
      }
      const list = edges[self];
      if (list) for (const target of targets) if (!list.includes(target)) list.push(target);
    });
  });

  const display = (node: Node | undefined) =>
    node === undefined
      ? "?"
      : node.owner.toLowerCase() === ctx.owner.toLowerCase()
        ? node.name
        : `${node.owner}/${node.name}`;

  const levels = computeLevels(edges);
  if (!levels.ok) {
    for (const cycle of levels.cycles) {
      const [first] = cycle;
      if (first === undefined) continue;
      const names = [...cycle, first].map((k) => display(nodes[k]));
      fail(`repos[${nodes[first]?.entryIndex}].dependsOn`, `dependency cycle ${names.join(" → ")}`);
    }
  }
  if (errors.length > 0 || !levels.ok) return { ok: false, errors };

  const repos: PlannedRepo[] = nodes.map((node, k) => {
    const entry = config.repos[node.entryIndex];
    return {
      owner: node.owner,
      name: node.name,
      fullName: `${node.owner}/${node.name}`,
      team: entry?.team ?? "",
      dependsOn: (edges[k] ?? [])
        .map((d) => nodes[d])
        .filter((d): d is Node => d !== undefined)
        .map((d) => `${d.owner}/${d.name}`)
        .sort(compareNames),
      level: levels.levels[k] ?? 1,
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
  return { ok: true, plan: { owner: ctx.owner, repos, levels: byLevel } };
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

/**
 * One cycle for every group of mutually dependent nodes (strongly connected component) of
 * the graph: the shortest cycle through the group's lowest node, starting there and
 * following `edges` (the first node is not repeated at the end). Sorted by first node.
 */
export function findCycles(edges: readonly (readonly number[])[]): number[][] {
  const n = edges.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  // Tarjan's algorithm, iterative so deep graphs cannot overflow the call stack.
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const visit = (node: number) => {
      index[node] = low[node] = counter++;
      stack.push(node);
      onStack[node] = true;
    };
    visit(root);
    const work: { node: number; next: number }[] = [{ node: root, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: number; next: number };
      const deps = edges[frame.node] ?? [];
      if (frame.next < deps.length) {
        const dep = deps[frame.next++] as number;
        if (index[dep] === -1) {
          visit(dep);
          work.push({ node: dep, next: 0 });
        } else if (onStack[dep]) {
          low[frame.node] = Math.min(low[frame.node] as number, index[dep] as number);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node] as number, low[frame.node] as number);
      if (low[frame.node] === index[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = false;
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }

  const cycles: number[][] = [];
  for (const component of components) {
    const start = Math.min(...component);
    if (component.length === 1 && !(edges[start] ?? []).includes(start)) continue;
    const members = new Set(component);
    // Breadth-first from start back to start, within the component.
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
    cycles.push([start, ...cycle]);
  }
  return cycles.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
