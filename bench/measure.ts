// Measurements of API economy and throughput on the simulated GitHub with the real app.
// Counts requests (the figure that matters against GitHub's limits and write pacing)
// rather than milliseconds, except for the pure decide+render time. Used by
// `npm run bench` and by the tests that hold the bounds.
import { performance } from "node:perf_hooks";
import { parseConfig } from "../src/config/parse.js";
import { ORCHESTRATION_REPO, ORG, generatedConfig } from "../src/demo/constellation.js";
import {
  openTrain,
  reviewReleasePrs,
  SIGNOFF_LEADS,
  startDemoWorld,
  trackingBody,
  type DemoWorld,
} from "../src/demo/run.js";
import { observeTrain, type GraphQL } from "../src/github/observe.js";
import type { Octokit } from "../src/github/octokit.js";
import { decide } from "../src/train/decide.js";
import type { Observation } from "../src/train/model/observation.js";
import { planRelease } from "../src/train/plan.js";
import { toApproved, toBaked, toPhase1, validateStaging } from "../src/demo/script.js";
import type { RecordedRequest } from "github-sim";
import { playbookWaits, writeFloorMs, type DeploymentWrite, type PlaybookWait } from "./floor.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;
export type Results = Record<string, number>;

function count(world: DemoWorld, since: number) {
  const list = world.sim.requests.list().slice(since);
  return {
    reads: list.filter((r) => r.kind === "read").length,
    writes: list.filter((r) => r.kind === "write").length,
    points: pointsOf(list),
  };
}

/** GraphQL points GitHub charged for these requests (its `rateLimit.cost` of each call). */
export function pointsOf(list: RecordedRequest[]): number {
  return list.reduce((total, r) => total + (r.graphql?.cost ?? 0), 0);
}

/** Opens a train and takes it through Phase 1; returns the tracking issue number. */
export async function openAndPrepare(world: DemoWorld): Promise<number> {
  const issue = openTrain(world);
  await world.settle();
  for (const id of ["P6", "P7", "P8"]) world.sim.as("rita").comment(ORCH, issue, `/check ${id}`);
  await world.settle();
  return issue;
}

async function reconcileCounts(world: DemoWorld): Promise<{ reads: number; writes: number; points: number }> {
  const before = world.sim.requests.length;
  await world.server.app.resync();
  await world.settle();
  return count(world, before);
}

/** Production lane timing: a 300 ms quiet period, 3 s at most. */
const PRODUCTION_LANES = { debounceMs: 300, maxWaitMs: 3000 };

/** No-op and one-check reconciles on a train of `n` repositories, after Phase 1. */
export async function measureEconomy(n: number, results: Results): Promise<void> {
  const world = await startDemoWorld({
    quiet: true,
    size: n,
    commitsPerRepo: 3,
    greenChecks: true,
    lanes: PRODUCTION_LANES,
  });
  try {
    await openAndPrepare(world);
    await reconcileCounts(world); // settle any follow-up
    const noop = await reconcileCounts(world);
    results[`noop_reads_n${n}`] = noop.reads;
    results[`noop_writes_n${n}`] = noop.writes;
    results[`noop_points_n${n}`] = noop.points;

    // One check run finishes on one release branch.
    const repo = world.repos[Math.floor(n / 2)]!;
    const head = world.sim.store.requireRepo(repo).git.refs.get("refs/heads/release/v2.0.0")!;
    const before = world.sim.requests.length;
    world.sim.as("ci-runner").completeCheckRun(repo, head, "ci", "success");
    await world.settle();
    const one = count(world, before);
    results[`one_check_reads_n${n}`] = one.reads;
    results[`one_check_writes_n${n}`] = one.writes;
    results[`one_check_points_n${n}`] = one.points;

    // The periodic resync as it comes 10 minutes later: the caches that expire by then
    // (team memberships, health probes, code-scanning answers) are cold; what was read of
    // the repositories is checked against their fingerprints.
    world.sim.clock.advance(10 * 60_000);
    const resync = await reconcileCounts(world);
    results[`resync_points_n${n}`] = resync.points;
    results[`resync_reads_n${n}`] = resync.reads;

    if (n === 200) await decideRenderTime(world, results);
  } finally {
    await world.close();
  }
}

async function decideRenderTime(world: DemoWorld, results: Results): Promise<void> {
  const parsed = parseConfig(generatedConfig(200).config);
  if (!parsed.ok) throw new Error("bench config invalid");
  const planned = planRelease(parsed.config, { owner: ORG, installationRepos: world.repos });
  if (!planned.ok) throw new Error("bench plan invalid");
  const train = world.server.app.registry.all()[0]!;
  const octokit = (await world.server.probot.auth(train.ref.installationId)) as Octokit;
  const graphql: GraphQL = (query, variables) => octokit.graphql(query, variables);
  const raw = await observeTrain(graphql, {
    owner: ORG,
    repo: ORCHESTRATION_REPO,
    issue: train.ref.issueNumber,
    configPath: ".github/release-train.yml",
    releaseBranch: "release/v2.0.0",
    tag: "v2.0.0",
    environments: ["maintenance", "production", "staging"],
    repos: planned.plan.repos.map((r) => ({ owner: r.owner, name: r.name })),
    botLogin: "release-train[bot]",
  });
  const observation: Observation = {
    train: train.ref,
    botLogin: "release-train[bot]",
    issue: raw.issue!,
    repos: raw.repos,
    memberships: {},
    teamLeads: {},
    failures: [],
    health: {},
    trainIssues: raw.trainIssues,
  };
  const version = { version: "2.0.0", tag: "v2.0.0", branch: "release/v2.0.0" };
  const input = { config: parsed.config, plan: planned.plan, version, observation, now: new Date() };
  for (let i = 0; i < 5; i += 1) decide(input); // warm up
  const runs = 30;
  const start = performance.now();
  for (let i = 0; i < runs; i += 1) decide(input);
  results.decide_render_ms_n200 = Number(((performance.now() - start) / runs).toFixed(2));
}

/**
 * 1,000 check_run webhooks for one train, all delivered while a reconcile of it runs
 * (GitHub holds that reconcile's first GraphQL read until the last delivery is
 * answered): the lane keeps one reconcile pending for all of them, however fast the
 * deliveries go. Returns a note for the report.
 */
export async function measureBurst(results: Results): Promise<string> {
  // Over loopback HTTP: the deliveries per second it reports are a socket's.
  const world = await startDemoWorld({
    transport: "http",
    quiet: true,
    commitsPerRepo: 2,
    greenChecks: true,
    lanes: PRODUCTION_LANES,
  });
  try {
    await openAndPrepare(world);
    const key = world.server.app.registry.all()[0]!;
    const id = `${key.ref.owner}/${key.ref.repo}#${key.ref.issueNumber}`;
    const held = world.sim.faults.hold((req) => req.path === "/graphql");
    void world.server.app.lanes.hint(id);
    await held.reached;
    const runsBefore = world.server.app.lanes.runs.get(id) ?? 0;
    const deliveriesBefore = world.sim.deliveries.count({ event: "check_run" });
    const ci = world.sim.as("ci-runner");
    const started = performance.now();
    for (let i = 0; i < 1000; i += 1) {
      const repo = world.repos[i % world.repos.length]!;
      const head = world.sim.store.requireRepo(repo).git.refs.get("refs/heads/release/v2.0.0")!;
      ci.createCheckRun(repo, head, `load-${i}`, { status: "in_progress" });
    }
    await world.sim.webhooksDelivered();
    const seconds = (performance.now() - started) / 1000;
    const delivered = world.sim.deliveries.count({ event: "check_run" }) - deliveriesBefore;
    held.release();
    await world.settle();
    results.burst1000_reconciles = (world.server.app.lanes.runs.get(id) ?? 0) - runsBefore;
    results.burst1000_webhooks_per_s = Math.round(delivered / seconds);
    return `burst: ${delivered} check_run deliveries in ${seconds.toFixed(1)} s`;
  } finally {
    await world.close();
  }
}

/**
 * Everything the app does from the label to Phase 1 done (all 11 repositories with a
 * release PR): reads of every kind, and the writes to constellation repositories.
 */
export interface Phase1Run {
  /** Every read, of any kind. */
  reads: number;
  /** Reads of code-scanning alerts (REST only: GraphQL has no field for them), one per head scanned. */
  codeScanningReads: number;
  /** Reads of team members (the leads the sign-off request mentions, Phase 2). */
  teamReads: number;
  /** Reads of the rulesets on the default and release branches (REST only), for precondition P9. */
  rulesReads: number;
  /** Review requests on release PRs (Phase 2 asks each protected branch's reviewers once). */
  reviewRequests: number;
  /** Writes to constellation repositories. */
  writes: number;
  /** Writes to the orchestration repository (tracking issue renderings, reactions, replies). */
  orchestrationWrites: number;
  repos: number;
}

export async function measurePhase1(commits: number): Promise<Phase1Run> {
  const world = await startDemoWorld({ quiet: true, commitsPerRepo: commits, greenChecks: true });
  try {
    const before = world.sim.requests.length;
    await openAndPrepare(world);
    const list = world.sim.requests.list().slice(before);
    const reads = list.filter((r) => r.kind === "read");
    // Writes to the orchestration repo (tracking issue, reactions) are the train's bookkeeping, counted apart.
    const allWrites = list.filter((r) => r.kind === "write");
    const constellationWrites = allWrites.filter((r) => !r.path.startsWith(`/repos/${ORCH}/`));
    return {
      orchestrationWrites: allWrites.length - constellationWrites.length,
      reads: reads.length,
      codeScanningReads: reads.filter((r) => r.path.includes("/code-scanning/")).length,
      teamReads: reads.filter((r) => /^\/orgs\/[^/]+\/teams\/[^/]+\/members$/.test(r.path.split("?")[0]!)).length,
      rulesReads: reads.filter((r) => /^\/repos\/[^/]+\/[^/]+\/(rules\/branches|rulesets)\//.test(r.path)).length,
      reviewRequests: constellationWrites.filter((r) => r.path.endsWith("/requested_reviewers")).length,
      writes: constellationWrites.length,
      repos: world.repos.length,
    };
  } finally {
    await world.close();
  }
}

export interface DeployRun {
  repos: number;
  /** Deployments the app created in constellation repositories (maintenance included). */
  deployments: number;
  /** The fewest the playbook allows: staging and production for each, a canary for canary repositories, maintenance on and off. */
  minimum: number;
  /** Every read and write from final approval to the end of the bake window (the tracking issue's included). */
  reads: number;
  writes: number;
}

/** Phases 3–6 on the playbook's 11 repositories: approval to the end of the bake window. */
export async function measureDeploy(): Promise<DeployRun> {
  const world = await startDemoWorld({
    quiet: true,
    commitsPerRepo: 3,
    frozenAt: "2026-11-27T09:00:00Z",
  });
  try {
    const issue = await toApproved(world);
    await validateStaging(world, issue);
    for (let i = 0; i < 8; i += 1) await world.advance(10);
    // Staging starts with the approval's reconcile: count from its first deployment on.
    const all = world.sim.requests.list();
    const list = all.slice(
      Math.max(
        0,
        all.findIndex((r) => r.method === "POST" && r.path.endsWith("/deployments")),
      ),
    );
    const created = list.filter(
      (r) =>
        r.method === "POST" &&
        /^\/repos\/[^/]+\/[^/]+\/deployments$/.test(r.path) &&
        !r.path.startsWith(`/repos/${ORCH}/`),
    );
    const canaries = world.repos.length - 1; // every stage but infrastructure goes canary first
    return {
      repos: world.repos.length,
      deployments: created.length,
      minimum: 2 * world.repos.length + canaries + 2,
      reads: list.filter((r) => r.kind === "read").length,
      writes: list.filter((r) => r.kind === "write").length,
    };
  } finally {
    await world.close();
  }
}

export interface TrainRun {
  reads: number;
  writes: number;
  /** The writes the work itself needs (see measureTrain). */
  minimum: number;
  /** Writes that keep people informed: tracking-issue renderings, reactions and replies to commands. */
  bookkeeping: number;
}

/**
 * A whole train on the playbook's 11 repositories, from the label to the closed tracking
 * issue. The minimum: per repository branch, release commit, PR, label, the review
 * request its protected default branch needs, staging and production deployments, merge
 * (an enqueue where the branch has a merge queue), tag object and ref, release (11); a canary for the ten
 * staged repositories; maintenance on and off; and in the orchestration repository the
 * sign-off request, the constellation release, the summary commit, two archive assets,
 * the announcement, the retrospective, closing the milestone, the summary's completed
 * rewrite once the retrospective is closed, the last comment and closing the tracking
 * issue (11).
 */
export async function measureTrain(): Promise<TrainRun> {
  const world = await startDemoWorld({
    quiet: true,
    commitsPerRepo: 6,
    frozenAt: "2026-11-27T09:00:00Z",
  });
  try {
    const start = world.sim.requests.length;
    const issue = await toApproved(world);
    await toBaked(world, issue);
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();
    const orch = world.sim.store.requireRepo(ORCH);
    const retro = [...orch.issues.values()].find((i) => i.labels.includes("release-train:retrospective"));
    if (!retro) throw new Error("the train did not reach its retrospective");
    world.sim.as("rita").closeIssue(ORCH, retro.number);
    await world.settle();
    if (orch.issues.get(issue)?.state !== "closed") throw new Error("the tracking issue did not close");

    const list = world.sim.requests.list().slice(start);
    const writes = list.filter((r) => r.kind === "write");
    const issuePath = `/repos/${ORCH}/issues/${issue}`;
    const replies = world.sim.store
      .commentsOf(orch, issue)
      .filter((c) => /release-train:key=(reply|tick)-/.test(c.body)).length;
    const renderings = writes.filter((r) => r.method === "PATCH" && r.path === issuePath).length - 1; // one PATCH closes it
    const reactions = writes.filter((r) => r.path.endsWith("/reactions")).length;
    const repos = world.repos.length;
    return {
      reads: list.filter((r) => r.kind === "read").length,
      writes: writes.length,
      minimum: 11 * repos + (repos - 1) + 2 + 11,
      bookkeeping: renderings + reactions + replies,
    };
  } finally {
    await world.close();
  }
}

export interface StalenessRun {
  /** Seconds from each release PR GitHub opened to the first body revision linking it. */
  maxStalenessS: number;
  /** How many such writes were measured. */
  measured: number;
  /** When Phase 1's last write to the constellation went out, and when a `/status` posted at its 50th write was answered (simulated ms). */
  phase1EndedAt: number;
  hintAnsweredAt: number | null;
  repos: number;
  /** Every write to constellation repositories (the minimum is 4 per repository: branch, commit, PR, label). */
  constellationWrites: number;
  /** The tracking issue's number and every request the app made, in order. */
  issue: number;
  requests: RecordedRequest[];
}

const ms = (iso: string) => Date.parse(iso);

/**
 * Phase 1 of an `n`-repository train with the production client pacing its writes on the
 * simulated clock (so GitHub's records show real gaps), people answering at once. For
 * each release PR (the write of a repository's Phase 1 people see on the issue): the time
 * GitHub opened it, and the first revision of the tracking issue's body linking it. A
 * `/status` posted at the phase's 50th write shows how soon a hint is served.
 */
export async function measureStaleness(n: number, options: { batchWrites?: number } = {}): Promise<StalenessRun> {
  const world = await startDemoWorld({
    quiet: true,
    size: n,
    commitsPerRepo: 3,
    greenChecks: true,
    frozenAt: "2026-11-27T09:00:00Z",
    productionClient: true,
    lanes: PRODUCTION_LANES,
    ...options,
  });
  try {
    let constellationWrites = 0;
    let statusAt: number | null = null;
    let issue = 0;
    world.sim.faults.add((req) => {
      const query = (req.body as { query?: unknown } | undefined)?.query;
      const read =
        req.method === "GET" ||
        (req.path === "/graphql" && !(typeof query === "string" && /^\s*mutation\b/.test(query)));
      // Writes to constellation repositories only (not the tracking issue, not the app's token requests).
      if (
        read ||
        req.path.startsWith(`/repos/${ORCH}/`) ||
        !(req.path.startsWith("/repos/") || req.path === "/graphql")
      )
        return undefined;
      constellationWrites += 1;
      if (constellationWrites === 50 && issue > 0) {
        statusAt = world.sim.clock.ms();
        world.sim.as("rita").comment(ORCH, issue, "/status");
      }
      return undefined;
    });
    issue = openTrain(world);
    await world.settle();
    for (const id of ["P6", "P7", "P8"]) world.sim.as("rita").comment(ORCH, issue, `/check ${id}`);
    await world.settle();
    const orch = world.sim.store.requireRepo(ORCH);
    const revisions = orch.issues.get(issue)!.edits.filter((e) => e.body !== null);
    // A revision shows a release PR when it links it, or, once the body is too long for the
    // full matrix, when step 1.5 counts at least as many release PRs as GitHub had opened by then.
    const opened = (r: (typeof revisions)[number]) => Number(/\*\*1\.5\*\*.*· (\d+)\/\d+/.exec(r.body!)?.[1] ?? 0);
    const shownAt = (text: string, rank: number, after: number) =>
      revisions.find((r) => ms(r.editedAt) >= after && (r.body!.includes(text) || opened(r) >= rank));
    const pulls: Array<{ name: string; at: number; text: string }> = [];
    for (const name of world.repos) {
      const repo = world.sim.store.requireRepo(name);
      const pull = [...repo.issues.values()].find(
        (i) => i.isPull && repo.pulls.get(i.number)?.headRef === "release/v2.0.0",
      );
      if (pull) pulls.push({ name, at: ms(pull.createdAt), text: `${name}/pull/${pull.number})` });
    }
    pulls.sort((a, b) => a.at - b.at);
    let max = 0;
    let measured = 0;
    let phase1EndedAt = 0;
    pulls.forEach(({ name, at, text }) => {
      phase1EndedAt = Math.max(phase1EndedAt, at);
      // Its rank: every release PR GitHub had opened by then (those opened in the same second included).
      const shown = shownAt(text, pulls.filter((p) => p.at <= at).length, at);
      if (!shown) throw new Error(`the tracking issue never showed ${text} of ${name}`);
      max = Math.max(max, (ms(shown.editedAt) - at) / 1000);
      measured += 1;
    });
    const answer =
      statusAt === null
        ? undefined
        : world.sim.store
            .commentsOf(orch, issue)
            .find(
              (c) =>
                c.user.endsWith("[bot]") && ms(c.createdAt) >= statusAt! && /release-train:key=reply-/.test(c.body),
            );
    return {
      maxStalenessS: max,
      measured,
      phase1EndedAt,
      hintAnsweredAt: answer ? ms(answer.createdAt) : null,
      repos: world.repos.length,
      constellationWrites,
      issue,
      requests: world.sim.requests.list(),
    };
  } finally {
    await world.close();
  }
}

export interface BigTrainRun {
  repos: number;
  /** Whether the tracking issue was closed at the end (the train ran to its end). */
  closed: boolean;
  /** Simulated minutes from the label to the closed tracking issue. */
  minutes: number;
  /** The floor GitHub's limits and the playbook's windows put on the same writes (bench/floor.ts), in minutes. */
  floorMinutes: number;
  /** GraphQL points GitHub charged over the whole train. */
  points: number;
  /** Secondary-limit refusals the simulated GitHub answered. */
  secondaryLimitHits: number;
  /** Requests GitHub answered 403 or 429, and those the app's budget saw refused for a rate limit. */
  refused: RecordedRequest[];
  rateLimited: number;
  writes: number;
  otherRequests: number;
  /** Every request the app made, in order. */
  requests: RecordedRequest[];
}

/**
 * The playbook's windows over the train's deployments (bench/floor.ts): each deployment
 * the app created, matched with the write that created it (a repository's deployments
 * in the order GitHub numbered them), its purpose from its payload; the levels and
 * window lengths from the train's configuration.
 */
function trainWaits(world: DemoWorld, requests: RecordedRequest[], config: string): PlaybookWait[] {
  const parsed = parseConfig(config);
  if (!parsed.ok) throw new Error("bench config invalid");
  const planned = planRelease(parsed.config, { owner: ORG, installationRepos: world.repos });
  if (!planned.ok) throw new Error("bench plan invalid");
  const levels = new Map(planned.plan.repos.map((r) => [r.fullName, r.level]));
  const created = new Map<string, string[]>();
  for (const name of [...world.repos, ORCH]) {
    const ours = world.sim.store
      .requireRepo(name)
      .deployments.filter((d) => (d.payload as { purpose?: unknown } | null)?.purpose !== undefined);
    created.set(
      name,
      ours.sort((a, b) => a.id - b.id).map((d) => String((d.payload as { purpose: unknown }).purpose)),
    );
  }
  const deployments: DeploymentWrite[] = [];
  for (const r of requests) {
    const repo = /^\/repos\/([^/]+\/[^/]+)\/deployments$/.exec(r.path)?.[1];
    if (r.method !== "POST" || r.status !== 201 || !repo) continue;
    const purpose = created.get(repo)?.shift();
    if (purpose) deployments.push({ seq: r.seq, repo, purpose });
  }
  const merge = requests.find(
    (r) => r.kind === "write" && (/\/pulls\/\d+\/merge$/.test(r.path) || r.graphql?.operationName === "ReleaseEnqueue"),
  );
  return playbookWaits({
    deployments,
    levelOf: (repo) => levels.get(repo) ?? 0,
    firstMergeSeq: merge?.seq ?? null,
    canaryMs: parsed.config.canaryMinutes * 60_000,
    bakeMs: parsed.config.bakeMinutes * 60_000,
  });
}

const stepDone = (body: string, id: string) =>
  body.split("\n").some((l) => l.startsWith("- [x]") && l.includes(`**${id}**`));

/**
 * A whole train of the generated `n`-repository constellation, from the label to the
 * closed tracking issue, on the strict simulated GitHub with the production client
 * (pacing, the installation's budget) and every limit on, people answering at once.
 */
export async function measureBigTrain(n: number): Promise<BigTrainRun> {
  const start = "2026-11-27T09:00:00Z";
  const world = await startDemoWorld({
    quiet: true,
    size: n,
    commitsPerRepo: 2,
    greenChecks: true,
    frozenAt: start,
    productionClient: true,
  });
  try {
    const issue = await toPhase1(world);
    // CI on the release PRs: the generated constellation's integration and security checks.
    const ci = world.sim.as("ci-runner");
    for (const repo of world.repos) {
      const head = world.sim.store.requireRepo(repo).git.resolveCommit("release/v2.0.0")!;
      for (const check of ["ci", "security-scan"]) ci.completeCheckRun(repo, head, check, "success");
    }
    // The protected default branches want one approving review: the backend lead gives it.
    reviewReleasePrs(world);
    await world.settle();
    world.sim.as(SIGNOFF_LEADS.backend).comment(ORCH, issue, "/signoff");
    world.sim.as("rita").comment(ORCH, issue, "/check 2.3");
    await world.settle();
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();
    // The generated constellation's people: bella leads backend, rita and olga orchestrate.
    const check = async (step: string) => {
      for (const who of ["bella", "rita"])
        if (!stepDone(trackingBody(world, issue), step)) {
          world.sim.as(who).comment(ORCH, issue, `/check ${step}`);
          await world.settle();
        }
    };
    for (const step of ["4.2", "4.3", "4.4"]) await check(step);
    // Canary windows and the bake.
    for (let i = 0; i < 60 && !stepDone(trackingBody(world, issue), "6.2"); i += 1) await world.advance(10);
    for (const step of ["6.3", "6.4"]) await check(step);
    const orch = world.sim.store.requireRepo(ORCH);
    const retro = [...orch.issues.values()].find((i) => i.labels.includes("release-train:retrospective"));
    if (retro) {
      world.sim.as("rita").closeIssue(ORCH, retro.number);
      await world.settle();
    }
    const requests = world.sim.requests.list();
    const writes = requests.filter((r) => r.kind === "write").length;
    return {
      repos: world.repos.length,
      closed: orch.issues.get(issue)?.state === "closed",
      minutes: Number(((world.sim.clock.ms() - Date.parse(start)) / 60_000).toFixed(1)),
      floorMinutes: Number(
        (writeFloorMs(requests, trainWaits(world, requests, generatedConfig(n).config)) / 60_000).toFixed(1),
      ),
      points: pointsOf(requests),
      secondaryLimitHits: world.sim.contentLimits.hits,
      refused: requests.filter((r) => r.status === 403 || r.status === 429),
      rateLimited: world.server.budgets.rateLimited,
      writes,
      otherRequests: requests.length - writes,
      requests,
    };
  } finally {
    await world.close();
  }
}
