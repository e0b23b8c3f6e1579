// A normalized picture of what a train leaves on GitHub, for comparing a run under
// faults with the clean run: branches, commits, tags, pull requests, issues, releases,
// deployments and the order they were made in, milestones, the app's comments (their
// text), its reactions and commit statuses (counted: one twice is a duplicate), and the
// tracking issue by content: ticks, sign-offs, approval, audit entries. Ids, timestamps
// and the order of writes within a step are not state; duplicates and differences in
// content are.
import { createHash } from "node:crypto";
import { parseConfig } from "../src/config/parse.js";
import { planRelease } from "../src/train/plan.js";
import { decodeState, markerOf, readTicks } from "../src/train/state.js";
import type { TrainState } from "../src/train/model/train-state.js";
import type { Repo, SimulatedGitHub } from "github-sim";

export type Dump = Record<string, unknown>;

const digest = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

/** The simulator listens on a new port each run; its address in content is not state. */
const LOOPBACK = /http:\/\/127\.0\.0\.1:\d+/g;

/**
 * A moment in text (ISO 8601, or "2026-11-27 10:26 UTC" as comments write it) and a
 * duration ("84 min from start to release", "verified 4 min 3 s after detection", a
 * phase's `"minutes": 1`): runs under faults take longer on the simulated clock; when and
 * how long are not state (what a duration is judged against, "within the target", is).
 */
const MOMENT = /\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z| \d{2}:\d{2} UTC)\b/g;
const MINUTES = /\b\d+ min(?: \d+ s)?\b|(?<="minutes": )\d+/g;

/**
 * Commits by content (message, files, parents), not by sha: shas carry timestamps, and so
 * does every file that names a commit (a changelog's links, status/summary.json). A sha in
 * a file is replaced by the content name of the commit it points at, in whichever
 * repository of the constellation holds it; a file cannot name a commit made after it, so
 * the naming has no cycles.
 */
interface CommitNames {
  /** The content name of `sha`, a commit of `repo`. */
  of(repo: Repo, sha: string): string;
  /** `text` with its moments and every sha of a known commit replaced by the commit's content name. */
  inText(text: string): string;
}

function commitNames(repos: Repo[]): CommitNames {
  const holder = new Map<string, Repo>();
  for (const repo of repos)
    for (const [sha, object] of repo.git.objects) if (object.type === "commit") holder.set(sha, repo);
  const shas = [...holder.keys()];
  const memo = new Map<string, string>();
  const blobs = new Map<string, string>();
  const inText = (text: string): string =>
    text
      .replace(LOOPBACK, "http://simulated-github")
      .replace(MOMENT, "<moment>")
      .replace(MINUTES, (m) => (m.includes(" min") ? "<n> min" : "<n>"))
      .replace(/\b[0-9a-f]{7,40}\b/g, (m) => {
        const sha = m.length === 40 ? (holder.has(m) ? m : undefined) : shas.find((s) => s.startsWith(m));
        return sha ? `commit<${of(holder.get(sha)!, sha)}>` : m;
      });
  const blob = (repo: Repo, sha: string): string => {
    let value = blobs.get(sha);
    if (value === undefined) {
      const object = repo.git.get(sha);
      value = object?.type === "blob" ? digest(inText(object.content.toString("utf8"))) : `missing:${sha}`;
      blobs.set(sha, value);
    }
    return value;
  };
  const of = (repo: Repo, sha: string): string => {
    const known = memo.get(sha);
    if (known) return known;
    const commit = repo.git.commit(sha);
    if (!commit) return `missing:${sha}`;
    const files = [...commit.files.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, blobSha]) => `${path}=${blob(repo, blobSha)}`);
    const value = digest(
      [commit.message, files.join("\n"), ...commit.parents.map((parent) => of(repo, parent))].join("\u0000"),
    );
    memo.set(sha, value);
    return value;
  };
  return { of, inText };
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

/**
 * What makes text differ between runs without a difference in content — the simulator's
 * port, issue numbers, comment ids, commit shas — replaced by what they point at.
 */
interface Names {
  issue: Map<number, string>;
  comment: Map<number, string>;
  commits: CommitNames;
}

function names(sim: SimulatedGitHub, repo: Repo, commits: CommitNames): Names {
  const issue = numberNames(repo);
  // A comment is named by its issue, its author and its place among that author's comments there.
  const comment = new Map<number, string>();
  for (const i of repo.issues.values()) {
    const count = new Map<string, number>();
    for (const c of sim.store.commentsOf(repo, i.number)) {
      const n = (count.get(c.user) ?? 0) + 1;
      count.set(c.user, n);
      comment.set(c.id, `${issue.get(i.number)}/${c.user}#${n}`);
    }
  }
  return { issue, comment, commits };
}

function normalise(text: string | null, n: Names): string {
  if (text === null) return "";
  const named = text
    .replace(/release-train:key=(\S+)/g, (_, key: string) => `release-train:key=${normaliseKey(key, n)}`)
    .replace(/#(\d+)\b/g, (m, d: string) => (n.issue.has(Number(d)) ? `#<${n.issue.get(Number(d))}>` : m))
    .replace(/issuecomment-(\d+)/g, (m, d: string) =>
      n.comment.has(Number(d)) ? `comment<${n.comment.get(Number(d))}>` : m,
    );
  return n.commits.inText(named);
}

/**
 * A comment key names the comment it answers by id ("reply-123-…", "follow-up-123"), a
 * moment by its epoch milliseconds ("hold-1795770121000"), and a reply the edit it answers
 * by a digest of the comment's update time and text: a second reply to one edit is still a
 * second entry.
 */
function normaliseKey(key: string, n: Names): string {
  return key
    .replace(/(?<=-)(\d{1,9})(?=-|$)/g, (m, d: string) =>
      n.comment.has(Number(d)) ? `<${n.comment.get(Number(d))}>` : m,
    )
    .replace(/(?<=-)\d{13}(?=-|$)/g, "<moment>")
    .replace(/^(reply-.+)-[0-9a-f]{16}$/, "$1-<edit>");
}

/** The tracking issue by content, whatever its layout: what the people and the app recorded. */
function trackingContent(
  state: TrainState,
  body: string,
  n: Names,
  repoCid: (full: string, sha: string) => string,
): Dump {
  const heads = (h: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(h)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([repo, sha]) => [repo, repoCid(repo, sha)]),
    );
  // What a tick or sign-off came from: "comment:<id>", "issue:<number>", "tick".
  const via = (v: string | undefined) =>
    v
      ?.replace(/^comment:(\d+)$/, (m, d: string) => `comment<${n.comment.get(Number(d)) ?? m}>`)
      .replace(/^issue:(\d+)$/, (m, d: string) => `issue<${n.issue.get(Number(d)) ?? m}>`) ?? null;
  return {
    version: state.version,
    ticks: Object.fromEntries(
      Object.entries(state.ticks)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, t]) => [id, `${t.by} by ${via(t.via)}`]),
    ),
    ticked: [...readTicks(body)]
      .filter(([, checked]) => checked)
      .map(([id]) => id)
      .sort(),
    signoffs: Object.fromEntries(
      Object.entries(state.signoffs)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([team, s]) => [team, { by: s.by, via: via(s.via), heads: heads(s.heads) }]),
    ),
    approval: state.approval
      ? { by: state.approval.by, via: via(state.approval.via), heads: heads(state.approval.heads) }
      : null,
    // Entries as a multiset: two commands handled in one reconcile or in two may be logged in either order.
    audit: state.audit.map((e) => `${e.actor}: ${normalise(e.text, n)}`).sort(),
    freeze: state.freeze ? `${state.freeze.mode} by ${state.freeze.by}` : null,
    hold: state.hold ? `${state.hold.auto ? "auto" : state.hold.by}: ${normalise(state.hold.reason, n)}` : null,
    accepted: Object.entries(state.accepted)
      .map(([key, a]) => `${key} by ${a.by}`)
      .sort(),
    rollback: state.rollback
      ? {
          mode: state.rollback.mode,
          by: state.rollback.by,
          reason: normalise(state.rollback.reason, n),
          repos: [...state.rollback.repos].sort(),
          verified: Boolean(state.rollback.verifiedAt),
        }
      : null,
    aborted: state.aborted ? `${state.aborted.by}: ${normalise(state.aborted.reason, n)}` : null,
    reached: Object.keys(state.reached).sort(),
    finished: Boolean(state.finishedAt),
  };
}

function repoDump(
  sim: SimulatedGitHub,
  repo: Repo,
  appLogin: string,
  commits: CommitNames,
  repoCid: (full: string, sha: string) => string,
): Dump {
  const cid = (sha: string) => commits.of(repo, sha);
  const n = names(sim, repo, commits);
  const refs: Record<string, string> = {};
  for (const [ref, sha] of [...repo.git.refs.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const object = repo.git.get(sha);
    refs[ref] = object?.type === "tag" ? `tag(${JSON.stringify(object.message)} -> ${cid(object.object)})` : cid(sha);
  }
  const tracking: Dump = {};
  const issues = [...repo.issues.values()]
    .filter((i) => !i.isPull)
    .map((i) => {
      const state = i.body ? decodeState(i.body) : null;
      if (state) tracking[i.title] = trackingContent(state, i.body ?? "", n, repoCid);
      return {
        title: i.title,
        state: i.state,
        labels: [...i.labels].sort(),
        milestone: i.milestone === null ? null : (repo.milestones.get(i.milestone)?.title ?? null),
        user: i.user,
        body: state ? "tracking (by content below)" : digest(normalise(i.body, n)),
      };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
  const pulls = [...repo.pulls.values()]
    .map((p) => {
      const issue = repo.issues.get(p.number);
      return {
        head: p.headRef,
        base: p.baseRef,
        title: issue?.title ?? null,
        state: issue?.state ?? null,
        merged: p.merged,
        mergeCommit: p.mergeCommitSha ? cid(p.mergeCommitSha) : null,
        labels: [...(issue?.labels ?? [])].sort(),
        body: digest(normalise(issue?.body ?? null, n)),
      };
    })
    .sort((a, b) => `${a.head}>${a.base}`.localeCompare(`${b.head}>${b.base}`));
  const releases = repo.releases
    .map((r) => ({
      tag: r.tagName,
      name: r.name,
      draft: r.draft,
      prerelease: r.prerelease,
      body: digest(normalise(r.body, n)),
      assets: (r.assets ?? []).map((a) => `${a.name} ${a.contentType}`).sort(),
    }))
    .sort((a, b) => a.tag.localeCompare(b.tag));
  const deployments = repo.deployments.map((d) => ({
    environment: d.environment,
    task: d.task,
    commit: cid(d.sha),
    ref: /^[0-9a-f]{40}$/.test(d.ref) ? cid(d.ref) : d.ref,
    payload: d.payload,
    production: d.productionEnvironment,
    transient: d.transientEnvironment,
    states: d.statuses.map((s) => s.state),
  }));
  const milestones = [...repo.milestones.values()].map((m) => `${m.title}: ${m.state}`).sort();
  // The app's comments by key and text; a key twice is a duplicate. Its reactions, counted.
  const appComments: string[] = [];
  const reactions: string[] = [];
  for (const issue of repo.issues.values()) {
    for (const c of sim.store.commentsOf(repo, issue.number)) {
      for (const r of c.reactions) if (r.user === appLogin) reactions.push(`${n.comment.get(c.id)} ${r.content}`);
      if (c.user !== appLogin || c.deleted) continue;
      const key = markerOf(c.body);
      appComments.push(
        `${n.issue.get(issue.number)} ${key ? normaliseKey(key, n) : "unkeyed"} ${digest(normalise(c.body, n))}`,
      );
    }
  }
  const statuses = repo.statuses
    .filter((s) => s.creator === appLogin)
    .map((s) => `${cid(s.sha)} ${s.context}=${s.state} ${normalise(s.description ?? "", n)}`);
  const discussions = repo.discussions.map((d) => d.title).sort();
  return {
    refs,
    issues,
    tracking,
    pulls,
    releases,
    deployments,
    milestones,
    appComments: appComments.sort(),
    reactions: reactions.sort(),
    appStatuses: statuses.sort(),
    discussions,
  };
}

/**
 * The order deployments were made in across the constellation, as the sequence of
 * (environment, task, release level) steps: repositories of one level may be deployed in
 * any order, but a level never before the one it depends on.
 */
function deploymentOrder(sim: SimulatedGitHub, owner: string, orchestration: Repo | undefined): string[] {
  const levelOf = new Map<string, number>();
  const head = orchestration?.git.resolveCommit(orchestration.defaultBranch);
  const text = head ? orchestration?.git.readFile(head, ".github/release-train.yml")?.toString("utf8") : undefined;
  const config = text ? parseConfig(text) : null;
  if (config?.ok) {
    const planned = planRelease(config.config, {
      owner,
      installationRepos: sim.store.reposOf(owner).map((r) => r.fullName),
    });
    if (planned.ok)
      for (const [i, level] of planned.plan.levels.entries()) for (const r of level) levelOf.set(r.fullName, i + 1);
  }
  const all = sim.store.reposOf(owner).flatMap((repo) =>
    repo.deployments.map((d) => ({
      id: d.id,
      step: `${d.environment} ${d.task} level ${levelOf.get(repo.fullName) ?? "?"}`,
    })),
  );
  const steps: string[] = [];
  for (const { step } of all.sort((a, b) => a.id - b.id)) if (steps.at(-1) !== step) steps.push(step);
  return steps;
}

/** The normalized state of every repository of the given owner. */
export function dumpState(sim: SimulatedGitHub, owner: string, orchestrationRepo = "release-train"): Dump {
  const appLogin = [...sim.store.apps.values()][0]?.botLogin ?? "";
  const repos = sim.store.reposOf(owner);
  const commits = commitNames(repos);
  const byName = new Map(repos.map((r) => [r.fullName, r]));
  const repoCid = (full: string, sha: string) =>
    byName.has(full) ? commits.of(byName.get(full)!, sha) : `missing:${sha}`;
  const out: Dump = {};
  for (const repo of repos) out[repo.fullName] = repoDump(sim, repo, appLogin, commits, repoCid);
  out["deployment order"] = deploymentOrder(
    sim,
    owner,
    repos.find((r) => r.name === orchestrationRepo),
  );
  return out;
}
/** Differences between two dumps, one line per differing leaf, as `path: expected -> actual`. */
export function diffDumps(expected: unknown, actual: unknown, path = "", out: string[] = []): string[] {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return out;
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) out.push(`${path}: ${expected.length} entries -> ${actual.length} entries`);
    for (let i = 0; i < Math.max(expected.length, actual.length); i += 1)
      diffDumps(expected[i], actual[i], `${path}[${i}]`, out);
    return out;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)]))
      diffDumps(expected[key], actual[key], path ? `${path}.${key}` : key, out);
    return out;
  }
  out.push(`${path}: ${JSON.stringify(expected)} -> ${JSON.stringify(actual)}`);
  return out;
}
