// `npm run demo`: a release train on the simulated GitHub, no credentials, no network.
// Starts the simulator seeded with the playbook's constellation and the real app
// behind its webhook endpoint, then plays the people's part; after each step it prints
// what the app wrote and what changed on the tracking issue.
import { randomBytes } from "node:crypto";
import { SteppedClock } from "../github/production-octokit.js";
import { startAppServer, type RunningAppServer } from "../server.js";
import { type RecordedRequest, startSimulatedGitHub, type SimulatedGitHub } from "github-sim";
import { createInterface } from "node:readline";
import type { TrainSummary } from "../train/summary.js";
import { parseDemoArgs } from "./args.js";
import { runScenario } from "./scenarios.js";
import { diffSections, foldedView, withoutState } from "./issue-diff.js";
import { CHECKS, ORCHESTRATION_REPO, ORG, RELEASE_CHECKS, REPO_TEAM, seedConstellation } from "./constellation.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

export interface DemoWorld {
  sim: SimulatedGitHub;
  server: RunningAppServer;
  repos: string[];
  /** Waits until webhooks are delivered and every reconcile they caused has finished. */
  settle: () => Promise<void>;
  /** Stops the app and starts a new process-like instance (empty memory) that rediscovers open trains. */
  restartApp: () => Promise<void>;
  /** The client's clock, the simulated GitHub's: GitHub's pacing and limits are waited for on it (waitedMs: how long). */
  clientClock: SteppedClock;
  /** Moves the simulated clock (the app's too) forward, lets due trains wake up, and settles. */
  advance: (minutes: number) => Promise<void>;
  close: () => Promise<void>;
}

/** The simulator seeded with a constellation, and the app wired to it. Shared by the demo, tests and benchmarks. */
export interface DemoWorldOptions {
  commitsPerRepo?: number;
  greenChecks?: boolean;
  /** Generated constellation size; omitted = the playbook's 11 repositories. */
  size?: number;
  quiet?: boolean;
  /** Lane timing (defaults are short so a demo takes seconds). */
  lanes?: { debounceMs: number; maxWaitMs: number };
  /** Start the simulated clock frozen at this time (the app reads the same clock). */
  frozenAt?: string;
  /** Repositories whose deployments fail (short names), as their deploy workflows would. */
  broken?: string[];
  /** The periodic resync (and discovery) interval; off unless given. */
  resyncMs?: number;
  /** YAML appended to the configuration. */
  extraConfig?: string;
  /**
   * The app talks to GitHub with the production client (write pacing, the retry plugin),
   * its waits taken on an instant clock so the run takes no longer; off: no pacing, no retries.
   */
  productionClient?: boolean;
  /** How many writes a reconcile's batch carries out at most (the app's default unless given). */
  batchWrites?: number;
  /**
   * How the app's client reaches the simulator: over loopback HTTP (the default), or in
   * process, the same requests without the sockets' cost (the chaos runs, thousands of trains).
   */
  transport?: "http" | "in-process";
}

/** Health-check URLs the simulator serves, written into the demo configuration. */
export const HEALTH = { staging: "staging-status", production: "production-status" } as const;

export async function startDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  const sim = await startSimulatedGitHub({
    log: options.quiet ? () => {} : (line) => console.warn(line),
    ...(options.frozenAt ? { clock: { start: options.frozenAt, frozen: true } } : {}),
  });
  // Each repository's deploy workflow: answers deployments with in_progress, then success (or failure).
  sim.deployer.enable({ delayMs: 5 });
  // Each repository's CI also runs on merge queue groups (workflows listening to merge_group).
  sim.mergeGroupCi.enable({ checks: RELEASE_CHECKS });
  for (const repo of options.broken ?? []) sim.deployer.breakRepo(repo);
  const healthConfig = [
    "healthChecks:",
    `  staging: [${sim.health.url(HEALTH.staging)}]`,
    `  production: [${sim.health.url(HEALTH.production)}]`,
  ].join("\n");
  const { repos } = seedConstellation(sim, {
    commitsPerRepo: options.commitsPerRepo ?? 6,
    greenChecks: options.greenChecks ?? false,
    ...(options.size ? { size: options.size } : {}),
    extraConfig: [options.size ? "" : healthConfig, options.extraConfig ?? ""].filter(Boolean).join("\n"),
  });
  // One app registration: its webhook secret outlives a process restart, as in production.
  const secret = randomBytes(20).toString("hex");
  const clientClock = new SteppedClock(sim.clock);
  const startApp = async () => {
    const server = await startAppServer({
      baseUrl: sim.url,
      ...(options.transport === "in-process" ? { fetch: sim.fetch } : {}),
      appId: sim.app.id,
      privateKey: sim.app.privateKey!,
      webhookSecret: secret,
      pacing: options.productionClient ?? false,
      clientClock,
      logLevel: (process.env.LOG_LEVEL as "fatal" | undefined) ?? "fatal",
      // The app's clock is the simulated one, so timestamps agree (and can be frozen).
      app: {
        lanes: options.lanes ?? { debounceMs: 25, maxWaitMs: 500 },
        ...(options.resyncMs ? { resyncMs: options.resyncMs } : {}),
        ...(options.batchWrites ? { batchWrites: options.batchWrites } : {}),
        now: () => sim.clock.now(),
        // The simulator answers its health checks at once: only a busy machine could miss 2 s, so allow 30.
        health: { timeoutMs: 30_000, attempts: 2, retryDelayMs: 10, cacheMs: 1_000 },
      },
    });
    sim.setWebhookTarget(server.webhookUrl, secret);
    return server;
  };
  const world: DemoWorld = {
    sim,
    clientClock,
    server: await startApp(),
    repos,
    settle: async () => {
      for (let i = 0; i < 50; i += 1) {
        await sim.settle({ timeoutMs: 60_000 });
        if (!world.server.app.lanes.busy) {
          await sim.settle({ timeoutMs: 60_000 });
          if (!world.server.app.lanes.busy) return;
        }
        await world.server.app.lanes.whenIdle();
      }
    },
    advance: async (minutes: number) => {
      sim.clock.advance(minutes * 60_000);
      await world.server.app.resyncDue();
      await world.settle();
    },
    restartApp: async () => {
      await world.server.close();
      world.server = await startApp();
      await world.server.app.discover();
    },
    close: async () => {
      await world.server.close();
      await sim.close();
    },
  };
  return world;
}

/** Opens a train the way a release manager does: milestone, issue, label. */
export function openTrain(world: DemoWorld, title = "BlackRoad OS 2.0", milestone = "v2.0.0"): number {
  const rita = world.sim.as("rita");
  const number = rita.createMilestone(ORCH, milestone);
  const issue = rita.createIssue({
    repo: ORCH,
    title,
    body: "The big launch: every repository of the constellation ships 2.0.0 together.",
    milestone: number,
  });
  rita.addLabels(ORCH, issue, ["release-train"]);
  return issue;
}

export function trackingBody(world: DemoWorld, issue: number): string {
  return world.sim.store.requireRepo(ORCH).issues.get(issue)?.body ?? "";
}

/** Reports the green default-branch checks of every repository, as CI would. */
export function reportChecks(world: DemoWorld, repos = world.repos): void {
  const ci = world.sim.as("ci-runner");
  for (const repo of repos) {
    const head = world.sim.store.requireRepo(repo).git.resolveCommit("main")!;
    for (const check of CHECKS) ci.completeCheckRun(repo, head, check, "success");
  }
}

/** CI on the release PRs: the integration suite and the security scan, as configured in the example. */
export function reportReleaseChecks(
  world: DemoWorld,
  conclusion: "success" | "failure" = "success",
  repos = world.repos,
  branch = "release/v2.0.0",
): void {
  const ci = world.sim.as("ci-runner");
  for (const repo of repos) {
    const head = world.sim.store.requireRepo(repo).git.resolveCommit(branch);
    if (!head) continue;
    for (const check of RELEASE_CHECKS) ci.completeCheckRun(repo, head, check, conclusion);
  }
}

/** Smoke tests on the deployed release heads (the repositories' CI after the staging deploy). */
export function reportSmoke(
  world: DemoWorld,
  conclusion: "success" | "failure" = "success",
  repos = world.repos,
  branch = "release/v2.0.0",
): void {
  const ci = world.sim.as("ci-runner");
  for (const repo of repos) {
    const head = world.sim.store.requireRepo(repo).git.resolveCommit(branch);
    if (head) ci.completeCheckRun(repo, head, "smoke-tests", conclusion);
  }
}

/** Team leads of the example configuration (maintainers of its GitHub teams), by team key. */
export const SIGNOFF_LEADS = {
  infrastructure: "ivan",
  backend: "bella",
  "core-platform": "carl",
  frontend: "fran",
  packs: "pat",
  docs: "dora",
} as const;

/** Production's required reviewer approves every deployment GitHub holds for review ("Review deployments"); returns how many. */
export function approveHeldDeployments(world: DemoWorld, reviewer: string): number {
  let count = 0;
  for (const full of world.repos) {
    for (const held of world.sim.store.requireRepo(full).environments.pending.filter((p) => !p.settled && !p.review)) {
      world.sim.as(reviewer).reviewDeployment(full, held.deploymentId, "approved", "Go for production.");
      count += 1;
    }
  }
  return count;
}

/** The lead of the team that owns a repository of the example configuration. */
export function leadOf(full: string): string {
  return SIGNOFF_LEADS[(REPO_TEAM[full.split("/")[1]!] ?? "backend") as keyof typeof SIGNOFF_LEADS];
}

/** The team leads approve their teams' open release PRs (of `branch`), as the protected default branches require. */
export function reviewReleasePrs(world: DemoWorld, repos = world.repos, branch = "release/v2.0.0"): void {
  for (const full of repos) {
    const lead = leadOf(full);
    const pr = [...world.sim.store.requireRepo(full).pulls.values()].find(
      (p) =>
        p.headRef === branch && !p.merged && world.sim.store.requireRepo(full).issues.get(p.number)?.state === "open",
    );
    if (pr) world.sim.as(lead).review(full, pr.number, "APPROVED", "Release notes and version bump look right.");
  }
}

/** A part of the demo's story that is not a step: a rule, then its title. */
const banner = (title: string): string => `\n${"═".repeat(100)}\n▶ ${title}`;

/**
 * The comments on the tracking issue, as people see them. By default one-line comments
 * that say the same in a row (six leads' `/signoff`) share a line, and the app's answers
 * lose their blank lines; `--verbose` shows each comment as it is.
 */
function printConversation(world: DemoWorld, issue: number, verbose: boolean): void {
  const comments = world.sim.store.commentsOf(world.sim.store.requireRepo(ORCH), issue).map((c) => ({
    user: c.user,
    reactions: c.reactions
      .map((r) => (r.content === "+1" ? "👍" : r.content === "confused" ? "😕" : r.content))
      .join(" "),
    text: c.body.replace(/<!-- release-train:key=\S+ -->\n?/, "").trim(),
  }));
  console.log(banner(`The conversation on the tracking issue (${comments.length} comments)`));
  for (let i = 0; i < comments.length; i += 1) {
    const c = comments[i]!;
    const users = [`@${c.user}`];
    while (
      !verbose &&
      !c.text.includes("\n") &&
      comments[i + 1]?.text === c.text &&
      comments[i + 1]?.reactions === c.reactions
    )
      users.push(`@${comments[++i]!.user}`);
    const who = `— ${users.join(", ")}${c.reactions ? `  [${c.reactions}${users.length > 1 ? " each" : ""}]` : ""}`;
    // A person's one-line command reads on one line; the app's answers keep their layout.
    console.log(
      c.text.includes("\n") ? `\n${who}\n${verbose ? c.text : c.text.replace(/\n{2,}/g, "\n")}` : `${who}: ${c.text}`,
    );
  }
}

/** One step of the demo as it was told: who did what, and the tracking issue after it. */
export interface DemoStep {
  n: string;
  title: string;
  body: string;
}

/** What the app wrote, by kind: "11 deployments, 3 comments, 1 issue edit". */
function writeKinds(requests: RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests.filter((x) => x.kind === "write")) {
    const path = r.route.split(" ")[1] ?? r.route;
    const noun = r.graphql
      ? (r.graphql.operationName ?? "mutation")
      : (path
          .split("/")
          .filter((p) => p && !p.startsWith("{"))
          .at(-1) ?? path);
    const label = r.method === "PATCH" ? `${noun} edits` : noun;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${n} ${label}`)
    .join(", ");
}

function printStep(step: DemoStep, previous: string, requests: RecordedRequest[], verbose: boolean): void {
  const reads = requests.filter((r) => r.kind === "read").length;
  const writes = requests.filter((r) => r.kind === "write");
  console.log(`\n▶ ${step.title}`);
  console.log(`  app: ${writes.length} writes${writes.length ? ` (${writeKinds(writes)})` : ""}, ${reads} reads`);
  if (verbose) {
    console.log(`\n${withoutState(step.body)}`);
    return;
  }
  const changes = diffSections(previous, step.body);
  console.log(
    changes.length ? `  tracking issue:\n${changes.map((l) => `    ${l}`).join("\n")}` : "  tracking issue: unchanged",
  );
}

/** Enter continues (with --step on a terminal). */
async function pause(): Promise<void> {
  if (!process.stdin.isTTY) return;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  await new Promise<void>((resolve) => rl.question("  (Enter for the next step) ", () => resolve()));
  rl.close();
}

/** The summary file in two lines: what it records, per phase how long it took. */
function summaryLines(text: string): string[] {
  const summary = JSON.parse(text) as TrainSummary;
  const minutes = summary.phases.map((p) => `${p.phase} ${p.minutes ?? "—"} min`).join(" · ");
  return [
    `  ${summary.train.tag}: ${summary.repos.length} repositories, ${summary.repos.reduce((n, r) => n + r.deployments.length, 0)} deployments, ${summary.signoffs.length} sign-offs, approval by @${summary.approval?.by ?? "—"}`,
    `  started ${summary.startedAt}, released ${summary.finishedAt}; phases: ${minutes}`,
  ];
}

/** The demo's last line: what a resync right after the last step asked of GitHub. */
function resyncLine(requests: RecordedRequest[]): string {
  const reads = requests.filter((r) => r.kind === "read").length;
  const writes = requests.filter((r) => r.kind === "write").length;
  // Nothing changed on GitHub since the last step, so any write here is a defect worth showing.
  return `▶ A resync right after: ${reads} reads, ${writes} writes${writes === 0 ? " (nothing changed, so nothing is written)" : " (nothing changed, yet the app wrote)"}.`;
}

/** Minutes of simulated time between the demo's steps. */
const STEP_MINUTES = 5;

/** For tests: called after each step with the tracking issue as it is then. */
export interface DemoHooks {
  onStep?: (step: DemoStep, world: DemoWorld) => void | Promise<void>;
}

export async function runDemo(argv: string[], hooks: DemoHooks = {}): Promise<number> {
  const args = parseDemoArgs(argv);
  if (typeof args === "number") return args;
  if (args.scenario) return runScenario(args.scenario, args.json);
  const failing = args.fail;
  // The demo's clock starts at a fixed time and only moves when the demo says so (between steps, canary and bake windows).
  const world = await startDemoWorld({ frozenAt: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString() });
  // Production requires a review by the release managers, as the playbook's organisation sets it up.
  for (const full of world.repos)
    world.sim.seed.environment(full, "production", { reviewers: [{ team: "release-managers" }] });
  // --fail: that repository's production canary fails, as its deploy workflow would report (its rollback works).
  if (failing) world.sim.deployer.breakRepo(failing, { task: "deploy:canary" });
  // --json: the story is not told; only the final status/summary.json goes to stdout.
  const print = console.log;
  if (args.json) console.log = () => {};
  const told: DemoStep[] = [];
  try {
    let mark = 0;
    /** Prints what the last step did and changed, then remembers the body. */
    const report = async (title: string) => {
      const step = { n: title.split(".")[0]!, title, body: trackingBody(world, issue) };
      printStep(step, told.at(-1)?.body ?? "", world.sim.requests.list().slice(mark), args.verbose);
      told.push(step);
      await hooks.onStep?.(step, world);
      mark = world.sim.requests.length;
      if (args.step) await pause();
    };
    const step = async (title: string, act: () => void) => {
      // People take a few minutes between steps, so the summary's phase times are a train's, not one instant.
      if (issue) await world.advance(STEP_MINUTES);
      act();
      await world.settle();
      await report(title);
    };
    let issue = 0;
    await step(
      "1. Rita (release manager) creates milestone v2.0.0, opens an issue and labels it `release-train`",
      () => {
        issue = openTrain(world);
      },
    );
    await step("2. CI reports green checks on the default branches of the first five repositories", () =>
      reportChecks(world, world.repos.slice(0, 5)),
    );
    await step("3. CI reports on the remaining repositories", () => reportChecks(world, world.repos.slice(5)));
    await step(
      "4. Rita confirms the manual preconditions with /check; every precondition is met, so Phase 1 runs",
      () => {
        world.sim.as("rita").comment(ORCH, issue, "/check P6 all teams finished their own preparation");
        world.sim.as("rita").comment(ORCH, issue, "/check P7 rollback drill done on Tuesday");
        world.sim.as("olga").comment(ORCH, issue, "/check P8 schedule acknowledged in the release channel");
      },
    );

    const api = `${ORG}/blackroad-os-api`;
    const apiRepo = world.sim.store.requireRepo(api);
    const pr = [...apiRepo.pulls.values()].find((p) => p.headRef === "release/v2.0.0");
    if (pr) {
      const head = apiRepo.git.resolveCommit("release/v2.0.0")!;
      const changelog = apiRepo.git.readFile(head, "CHANGELOG.md")?.toString("utf8") ?? "";
      console.log(
        `${banner(`What Phase 1 wrote in ${api}: release PR #${pr.number} "${apiRepo.issues.get(pr.number)?.title}", and CHANGELOG.md on release/v2.0.0:`)}\n`,
      );
      console.log(changelog.split("\n").slice(0, 12).join("\n"));
    }

    const requested = world.repos.flatMap((full) =>
      world.sim.store
        .requireRepo(full)
        .protection.reviewRequests.map((r) => `${full.split("/")[1]}#${r.pullNumber} → @${r.reviewer}`),
    );
    console.log(
      `\n▶ Every default branch requires an approving review: release-train asked each team once (${requested.length} review requests): ${requested.join(", ")}`,
    );

    await step(
      "5. CI reports integration tests and the security scan on every release PR; Bella tries to /approve (refused: she is not in the orchestration team)",
      () => {
        reportReleaseChecks(world);
        world.sim.as("bella").comment(ORCH, issue, "/approve");
      },
    );
    await step(
      "6. The team leads approve their teams' release PRs (the branch rules want one review) and sign off; Rita records the release review meeting; Olga gives final approval — staging deploys level by level",
      () => {
        reviewReleasePrs(world);
        for (const lead of Object.values(SIGNOFF_LEADS)) world.sim.as(lead).comment(ORCH, issue, "/signoff");
        world.sim.as("rita").comment(ORCH, issue, "/check 2.3 release review held, notes in the wiki");
        world.sim.as("olga").comment(ORCH, issue, "/approve");
      },
    );
    await step(
      "7. Smoke tests pass on staging; QA, monitoring and the staging sign-off are checked — production starts: maintenance on, then infrastructure, which GitHub holds for the release managers' review",
      () => {
        reportSmoke(world);
        world.sim.as("ivan").comment(ORCH, issue, "/check 4.2 manual QA passed");
        world.sim.as("oscar").comment(ORCH, issue, "/check 4.3 dashboards and alerts verified");
        world.sim.as("rita").comment(ORCH, issue, "/check 4.4 staging signed off");
      },
    );
    // Each level's canaries are watched for canaryMinutes before the full rollout; then the bake window.
    // Production requires a release manager's review: Olga approves each held deployment on GitHub.
    let approved = 0;
    let waitingLine = "";
    for (let minutes = 0; minutes < 180; minutes += 5) {
      waitingLine ||=
        trackingBody(world, issue)
          .split("\n")
          .find((l) => l.includes("waiting for review by")) ?? "";
      approved += approveHeldDeployments(world, "olga");
      await world.advance(5);
      const body = trackingBody(world, issue);
      if (body.includes("Rolled back") || body.includes("- [x] **6.2**")) break;
    }
    const shown = /— (.*waiting for review by[^;]*)/.exec(waitingLine)?.[1] ?? "waiting for review";
    console.log(
      `▶ production requires a review by @${ORG}/release-managers: GitHub held each production deployment and the tracking issue said "${shown}"; Olga approved ${approved} on GitHub, and each canary window counted from its approval`,
    );
    await report(
      failing
        ? `8. Time passes… ${failing}'s production deployment fails: automatic immediate rollback to the previous release`
        : "8. Time passes: canaries stay healthy level after level, full rollout, maintenance off, health checks and the 30-minute bake window",
    );
    if (!failing) {
      await step(
        "9. The teams confirm the critical user journeys and Observability confirms no alert escalated — Phase 7: merges in release order, tags, release notes, status/summary.json, archive, announcement, retrospective issue",
        () => {
          world.sim.as("fran").comment(ORCH, issue, "/check 6.3 sign-up, checkout and console journeys pass");
          world.sim.as("oscar").comment(ORCH, issue, "/check 6.4 no escalations during the bake window");
        },
      );
      const queued = world.sim.requests.list().filter((r) => r.graphql?.operationName === "ReleaseEnqueue").length;
      const apiPr = [...world.sim.store.requireRepo(api).pulls.values()].find((p) => p.headRef === "release/v2.0.0");
      console.log(
        `\n▶ ${api} merges through its merge queue: release-train enqueued #${apiPr?.number} (${queued} enqueuePullRequest), CI passed the merge group, and the queue merged it at ${apiPr?.mergeCommitSha?.slice(0, 7) ?? "—"}${apiPr?.merged ? "" : " (not yet merged)"}`,
      );
      const retro = [...world.sim.store.requireRepo(ORCH).issues.values()].find((i) =>
        i.labels.includes("release-train:retrospective"),
      );
      if (retro) {
        await step(
          `10. Rita holds the retrospective and closes #${retro.number}: the train is complete and its tracking issue closes`,
          () => {
            world.sim.as("rita").closeIssue(ORCH, retro.number);
          },
        );
      }
    }
    if (!args.verbose)
      console.log(
        `${banner("The tracking issue at the end, as GitHub shows it (folded sections closed; --verbose prints every body)")}\n\n${foldedView(told.at(-1)!.body)}`,
      );
    if (args.html) {
      const { writeStepPages } = await import("./html-pages.js");
      const index = writeStepPages(
        args.html,
        world.sim.store.requireRepo(ORCH).issues.get(issue)?.title ?? "Release train",
        told,
      );
      console.log(`\n▶ ${told.length} pages written: open ${index}`);
    }
    printConversation(world, issue, args.verbose);
    const orchestration = world.sim.store.requireRepo(ORCH);
    const summary = orchestration.git
      .readFile(orchestration.git.resolveCommit("main")!, "status/summary.json")
      ?.toString("utf8");
    if (summary)
      console.log(
        `\n▶ status/summary.json in ${ORCH}${args.verbose ? "" : " (`npm run demo -- --json` prints the whole file)"}\n${(args.verbose ? [summary] : summaryLines(summary)).join("\n")}`,
      );
    if (args.json) {
      console.log = print;
      if (!summary) {
        console.error("the train did not finish: no status/summary.json was written");
        return 1;
      }
      process.stdout.write(summary);
      return 0;
    }

    const before = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    console.log(`\n${resyncLine(world.sim.requests.list().slice(before))}`);
    return 0;
  } finally {
    console.log = print;
    await world.close();
  }
}
