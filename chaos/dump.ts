// A normalized picture of what a train leaves on GitHub, for comparing a run under
// faults with the clean run: branches, commits, tags, pull requests, issues, releases,
// deployments, milestones and the app's keyed comments. Ids, timestamps and the order
// of writes are not state; duplicates and differences in content are.
import { createHash } from "node:crypto";
import type { SimulatedGitHub } from "../src/sim/index.js";
import type { Repo } from "../src/sim/store/types.js";

export type Dump = Record<string, unknown>;

const digest = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

/** The simulator listens on a new port each run; its address in content is not state. */
const LOOPBACK = /http:\/\/127\.0\.0\.1:\d+/g;

/** Commits by content (message, files, parents), not by sha: shas carry timestamps. */
function commitIds(repo: Repo): (sha: string) => string {
  const memo = new Map<string, string>();
  const blobs = new Map<string, string>();
  const blob = (sha: string): string => {
    let value = blobs.get(sha);
    if (value === undefined) {
      const object = repo.git.get(sha);
      value = object?.type === "blob" ? digest(object.content.toString("utf8").replace(LOOPBACK, "http://simulated-github")) : `missing:${sha}`;
      blobs.set(sha, value);
    }
    return value;
  };
  const id = (sha: string): string => {
    const known = memo.get(sha);
    if (known) return known;
    const commit = repo.git.commit(sha);
    if (!commit) return `missing:${sha}`;
    const files = [...commit.files.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([path, sha]) => `${path}=${blob(sha)}`);
    const value = digest([commit.message, files.join("\n"), ...commit.parents.map(id)].join("\u0000"));
    memo.set(sha, value);
    return value;
  };
  return id;
}

/** Numbers of issues and PRs are shared and may shift; they are named by title or head branch. */
function numberNames(repo: Repo): Map<number, string> {
  const names = new Map<number, string>();
  for (const issue of repo.issues.values()) {
    const pull = repo.pulls.get(issue.number);
    names.set(issue.number, pull ? `pr:${pull.headRef}` : `issue:${issue.title}`);
  }
  return names;
}

/** Replaces "#12" references with the name of what they point at. */
function unnumber(text: string | null, names: Map<number, string>): string | null {
  return text === null ? null : text.replace(/#(\d+)\b/g, (m, n: string) => (names.has(Number(n)) ? `#<${names.get(Number(n))}>` : m));
}

function repoDump(sim: SimulatedGitHub, repo: Repo, appLogin: string): Dump {
  const cid = commitIds(repo);
  const names = numberNames(repo);
  const refs: Record<string, string> = {};
  for (const [ref, sha] of [...repo.git.refs.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const object = repo.git.get(sha);
    refs[ref] = object?.type === "tag" ? `tag(${JSON.stringify(object.message)} -> ${cid(object.object)})` : cid(sha);
  }
  const issues = [...repo.issues.values()]
    .filter((i) => !i.isPull)
    .map((i) => ({ title: i.title, state: i.state, labels: [...i.labels].sort(), milestone: i.milestone === null ? null : repo.milestones.get(i.milestone)?.title ?? null, user: i.user }))
    .sort((a, b) => a.title.localeCompare(b.title));
  const pulls = [...repo.pulls.values()]
    .map((p) => {
      const issue = repo.issues.get(p.number);
      return { head: p.headRef, base: p.baseRef, title: issue?.title ?? null, state: issue?.state ?? null, merged: p.merged, mergeCommit: p.mergeCommitSha ? cid(p.mergeCommitSha) : null, labels: [...(issue?.labels ?? [])].sort(), body: digest(unnumber(issue?.body ?? null, names) ?? "") };
    })
    .sort((a, b) => `${a.head}>${a.base}`.localeCompare(`${b.head}>${b.base}`));
  const releases = repo.releases
    .map((r) => ({ tag: r.tagName, name: r.name, draft: r.draft, prerelease: r.prerelease, body: digest(unnumber(r.body, names) ?? ""), assets: (r.assets ?? []).map((a) => `${a.name} ${a.contentType}`).sort() }))
    .sort((a, b) => a.tag.localeCompare(b.tag));
  const deployments = repo.deployments.map((d) => ({
    environment: d.environment,
    task: d.task,
    commit: cid(d.sha),
    ref: d.ref,
    payload: d.payload,
    production: d.productionEnvironment,
    transient: d.transientEnvironment,
    states: d.statuses.map((s) => s.state),
  }));
  const milestones = [...repo.milestones.values()].map((m) => `${m.title}: ${m.state}`).sort();
  // The app's comments carry a stable key; a key twice is a duplicate.
  const keyed: string[] = [];
  for (const issue of repo.issues.values()) {
    for (const c of sim.store.commentsOf(repo, issue.number)) {
      if (c.user !== appLogin || c.deleted) continue;
      const key = /<!-- release-train:key=(\S+) -->/.exec(c.body)?.[1];
      keyed.push(`${names.get(issue.number)} ${key ?? `unkeyed:${c.body.split("\n")[0]}`}`);
    }
  }
  const statuses = repo.statuses.filter((s) => s.creator === appLogin).map((s) => `${cid(s.sha)} ${s.context}=${s.state}`);
  const discussions = repo.discussions.map((d) => d.title).sort();
  return { refs, issues, pulls, releases, deployments, milestones, appComments: keyed.sort(), appStatuses: [...new Set(statuses)].sort(), discussions };
}

/** The normalized state of every repository of the given owner. */
export function dumpState(sim: SimulatedGitHub, owner: string): Dump {
  const appLogin = [...sim.store.apps.values()][0]?.botLogin ?? "";
  const out: Dump = {};
  for (const repo of sim.store.reposOf(owner)) out[repo.fullName] = repoDump(sim, repo, appLogin);
  return out;
}

/** Differences between two dumps, one line per differing leaf, as `path: expected -> actual`. */
export function diffDumps(expected: unknown, actual: unknown, path = "", out: string[] = []): string[] {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return out;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) out.push(`${path}: ${expected.length} entries -> ${actual.length} entries`);
    for (let i = 0; i < Math.max(expected.length, actual.length); i += 1) diffDumps(expected[i], actual[i], `${path}[${i}]`, out);
    return out;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) diffDumps(expected[key], actual[key], path ? `${path}.${key}` : key, out);
    return out;
  }
  out.push(`${path}: ${JSON.stringify(expected)} -> ${JSON.stringify(actual)}`);
  return out;
}
