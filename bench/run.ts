// `npm run bench`: API economy and throughput, measured on the simulated GitHub with
// the real app. Counts requests (the figure that matters against GitHub's limits and
// write pacing) rather than milliseconds, except for the pure decide+render time.
// Writes flat numeric keys to bench/results.json.
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseConfig } from "../src/config/parse.js";
import { ORCHESTRATION_REPO, ORG, generatedConfig } from "../src/demo/constellation.js";
import { openTrain, reportChecks, startDemoWorld, type DemoWorld } from "../src/demo/run.js";
import { observeTrain, type GraphQL } from "../src/github/observe.js";
import type { Octokit } from "../src/github/octokit.js";
import { decide } from "../src/train/decide.js";
import type { Observation } from "../src/train/model.js";
import { planRelease } from "../src/train/plan.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;
const results: Record<string, number> = {};
const notes: string[] = [];

function count(world: DemoWorld, since: number) {
  const list = world.sim.requests.list().slice(since);
  return { reads: list.filter((r) => r.kind === "read").length, writes: list.filter((r) => r.kind === "write").length };
}

/** Opens a train and takes it through Phase 1; returns the tracking issue number. */
async function openAndPrepare(world: DemoWorld): Promise<number> {
  const issue = openTrain(world);
  await world.settle();
  for (const id of ["P6", "P7", "P8"]) world.sim.as("rita").comment(ORCH, issue, `/check ${id}`);
  await world.settle();
  return issue;
}

async function reconcileCounts(world: DemoWorld): Promise<{ reads: number; writes: number }> {
  const before = world.sim.requests.length;
  await world.server.app.resync();
  await world.settle();
  return count(world, before);
}

/** Production lane timing: a 300 ms quiet period, 3 s at most. */
const PRODUCTION_LANES = { debounceMs: 300, maxWaitMs: 3000 };

async function economy(n: number): Promise<void> {
  const world = await startDemoWorld({ quiet: true, size: n, commitsPerRepo: 3, greenChecks: true, lanes: PRODUCTION_LANES });
  try {
    await openAndPrepare(world);
    await reconcileCounts(world); // settle any follow-up
    const noop = await reconcileCounts(world);
    results[`noop_reads_n${n}`] = noop.reads;
    results[`noop_writes_n${n}`] = noop.writes;

    // One check run finishes on one release branch.
    const repo = world.repos[Math.floor(n / 2)]!;
    const head = world.sim.store.requireRepo(repo).git.refs.get("refs/heads/release/v2.0.0")!;
    const before = world.sim.requests.length;
    world.sim.as("ci-runner").completeCheckRun(repo, head, "ci", "success");
    await world.settle();
    const one = count(world, before);
    results[`one_check_reads_n${n}`] = one.reads;
    results[`one_check_writes_n${n}`] = one.writes;

    if (n === 200) await decideRenderTime(world);
  } finally {
    await world.close();
  }
}

async function decideRenderTime(world: DemoWorld): Promise<void> {
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
    repos: planned.plan.repos.map((r) => ({ owner: r.owner, name: r.name })),
  });
  const observation: Observation = { train: train.ref, botLogin: "release-train[bot]", issue: raw.issue!, repos: raw.repos, memberships: {}, failures: [] };
  const version = { version: "2.0.0", tag: "v2.0.0", branch: "release/v2.0.0" };
  const input = { config: parsed.config, plan: planned.plan, version, observation, now: new Date() };
  for (let i = 0; i < 5; i += 1) decide(input); // warm up
  const runs = 30;
  const start = performance.now();
  for (let i = 0; i < runs; i += 1) decide(input);
  results.decide_render_ms_n200 = Number(((performance.now() - start) / runs).toFixed(2));
}

async function burst(): Promise<void> {
  const world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, greenChecks: true, lanes: PRODUCTION_LANES });
  try {
    await openAndPrepare(world);
    const key = world.server.app.registry.all()[0]!;
    const id = `${key.ref.owner}/${key.ref.repo}#${key.ref.issueNumber}`;
    const runsBefore = world.server.app.lanes.runs.get(id) ?? 0;
    const deliveriesBefore = world.sim.deliveries.count({ event: "check_run" });
    const ci = world.sim.as("ci-runner");
    const started = performance.now();
    for (let i = 0; i < 1000; i += 1) {
      const repo = world.repos[i % world.repos.length]!;
      const head = world.sim.store.requireRepo(repo).git.refs.get("refs/heads/release/v2.0.0")!;
      ci.createCheckRun(repo, head, `load-${i}`, { status: "in_progress" });
    }
    await world.settle();
    const seconds = (performance.now() - started) / 1000;
    const delivered = world.sim.deliveries.count({ event: "check_run" }) - deliveriesBefore;
    results.burst1000_reconciles = (world.server.app.lanes.runs.get(id) ?? 0) - runsBefore;
    results.burst1000_webhooks_per_s = Math.round(delivered / seconds);
    notes.push(`burst: ${delivered} check_run deliveries in ${seconds.toFixed(1)} s`);
  } finally {
    await world.close();
  }
}

/**
 * Everything the app does from the label to Phase 1 done (all 11 repositories with a
 * release PR): reads of every kind, and the writes to constellation repositories.
 */
async function phase1(commits: number): Promise<{ reads: number; writes: number; repos: number }> {
  const world = await startDemoWorld({ quiet: true, commitsPerRepo: commits, greenChecks: true });
  try {
    const before = world.sim.requests.length;
    await openAndPrepare(world);
    const list = world.sim.requests.list().slice(before);
    // Writes to the orchestration repo (tracking issue, reactions) are the train's bookkeeping, not Phase 1.
    const constellationWrites = list.filter((r) => r.kind === "write" && !r.path.startsWith(`/repos/${ORCH}/`));
    return { reads: list.filter((r) => r.kind === "read").length, writes: constellationWrites.length, repos: world.repos.length };
  } finally {
    await world.close();
  }
}

async function main(): Promise<void> {
  for (const n of [11, 50, 200]) await economy(n);
  await burst();

  const c20 = await phase1(20);
  results.phase1_reads_per_repo = Number((c20.reads / c20.repos).toFixed(2));
  results.phase1_writes_per_repo = Number((c20.writes / c20.repos).toFixed(2));
  results.phase1_min_writes_per_repo = 4; // branch, commit, PR, label
  const c200 = await phase1(200);
  results.phase1_requests_per_repo_c200 = Number(((c200.reads + c200.writes) / c200.repos).toFixed(2));
  results.phase1_requests_per_repo_c20 = Number(((c20.reads + c20.writes) / c20.repos).toFixed(2));

  const bounds: Array<[string, number]> = [
    ["noop_reads_n200 <= ceil(200/25)+1", Math.ceil(200 / 25) + 1],
    ["burst1000_reconciles <= 5", 5],
  ];
  console.log("\nrelease-train benchmark (simulated GitHub, real app)\n");
  console.log("| key | value |\n|---|---|");
  for (const [key, value] of Object.entries(results)) console.log(`| ${key} | ${value} |`);
  console.log("");
  console.log(`noop_reads_n200 = ${results.noop_reads_n200} (bound ${bounds[0]![1]}), noop_writes_n200 = ${results.noop_writes_n200} (bound 0), burst1000_reconciles = ${results.burst1000_reconciles} (bound 5)`);
  for (const note of notes) console.log(note);
  writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  console.log("\nwritten to bench/results.json");
}

await main();
process.exit(0);
