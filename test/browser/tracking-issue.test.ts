// The tracking issue as a reader sees it: every step of the demo (and of the rollback
// demo) rendered to a GitHub-like page and loaded in headless Chromium. Nothing in the
// body may scroll sideways at GitHub's 880 px, "Now" must be on the first screen, the
// graph must draw, and each node must be coloured by what GitHub says about its repository.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, describe, expect, it } from "vitest";
import { stepFile } from "../../src/demo/html-pages.js";
import { renderIssuePage } from "../../src/demo/issue-page.js";
import { RELEASE_CHECKS } from "../../src/demo/constellation.js";
import type { DemoWorld } from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { launchChromium, measureFile, newIssueTab, type PageMetrics } from "../../scripts/chromium.js";
import {
  demoSteps,
  MAX_HEIGHT_PX,
  SCREENSHOT_WIDTH,
  SHOTS,
  stepFor,
  takeScreenshot,
  type StepPage,
} from "../../scripts/screenshots.js";

type Stage = "preparation" | "validation" | "staging" | "production" | "finalization";
type NodeState = "pending" | "running" | "done" | "failed" | "rolledback";

/** Where the demo's train is after each step (the story is fixed). */
const STAGE_AFTER_STEP: Record<string, Stage> = {
  "1": "preparation",
  "2": "preparation",
  "3": "preparation",
  "4": "validation",
  "5": "validation",
  "6": "staging",
  "7": "production",
  "8": "production",
  "9": "finalization",
  "10": "finalization",
};
const BRANCH = "release/v2.0.0";
const FIRST_SCREEN_PX = 600;

const latest = (statuses: Array<{ state: string }>) => statuses.at(-1)?.state ?? "pending";
const fromDeployment = (state: string): NodeState =>
  state === "success" ? "done" : state === "failure" || state === "error" ? "failed" : "running";

/** A repository's state in the stage, read from the simulated GitHub itself (not from the body). */
function expectedState(world: DemoWorld, fullName: string, stage: Stage, body: string): NodeState {
  const repo = world.sim.store.requireRepo(fullName);
  const head = repo.git.resolveCommit(BRANCH);
  const pull = [...repo.pulls.values()].find((p) => p.headRef === BRANCH);
  const deployments = (environment: string, task: string) =>
    repo.deployments.filter((d) => d.environment === environment && d.task === task);
  switch (stage) {
    case "preparation":
      return pull ? "done" : head ? "running" : "pending";
    case "validation": {
      const runs = RELEASE_CHECKS.map((name) =>
        repo.checkRuns.filter((c) => c.headSha === head && c.name === name).at(-1),
      );
      if (runs.some((r) => r?.conclusion === "failure")) return "failed";
      if (!runs.every((r) => r?.conclusion === "success")) return runs.some(Boolean) ? "running" : "pending";
      const signed = Object.values(decodeState(body)!.signoffs).some((s) => fullName in s.heads);
      return signed ? "done" : "running";
    }
    case "staging": {
      const staging = deployments("staging", "deploy").at(-1);
      return staging ? fromDeployment(latest(staging.statuses)) : "pending";
    }
    case "production": {
      const rollback = repo.deployments
        .filter((d) => (d.payload as { purpose?: string }).purpose === "rollback")
        .at(-1);
      if (rollback)
        return latest(rollback.statuses) === "success" ? "rolledback" : fromDeployment(latest(rollback.statuses));
      const full = deployments("production", "deploy").at(-1);
      if (full && latest(full.statuses) !== "in_progress") return fromDeployment(latest(full.statuses));
      const canary = deployments("production", "deploy:canary").at(-1);
      if (canary && fromDeployment(latest(canary.statuses)) === "failed") return "failed";
      return canary || full ? "running" : "pending";
    }
    case "finalization": {
      const done = [
        Boolean(pull?.merged),
        repo.git.refs.has("refs/tags/v2.0.0"),
        repo.releases.some((r) => r.tagName === "v2.0.0" && !r.draft),
      ];
      return done.every(Boolean) ? "done" : done.some(Boolean) ? "running" : "pending";
    }
  }
}

interface Told {
  n: string;
  expected: Record<string, NodeState>;
}

interface Demo {
  dir: string;
  steps: Told[];
  pages: StepPage[];
}

/** Runs the demo with --html, noting each step's expected node states; each demo runs once for all the tests. */
const demos = new Map<string, Promise<Demo>>();
function demoPages(args: string[]): Promise<Demo> {
  const key = args.join(" ");
  if (!demos.has(key)) {
    const dir = mkdtempSync(join(tmpdir(), "tracking-issue-"));
    const steps: Told[] = [];
    const run = demoSteps([...args, "--html", dir], (step, world) => {
      const expected: Record<string, NodeState> = {};
      for (const full of world.repos)
        expected[full.split("/")[1]!] = expectedState(world, full, STAGE_AFTER_STEP[step.n]!, step.body);
      steps.push({ n: step.n, expected });
    });
    demos.set(
      key,
      run.then((pages) => ({ dir, steps, pages })),
    );
  }
  return demos.get(key)!;
}

function expectReadable(metrics: PageMetrics, told: Told, label: string): void {
  expect(metrics.mermaidErrors, label).toEqual([]);
  expect(metrics.overflowingTables, label).toEqual([]);
  expect(metrics.nowBottom, `${label}: the Now block`).not.toBeNull();
  expect(metrics.nowBottom!, `${label}: the Now block ends within the first screen`).toBeLessThanOrEqual(
    FIRST_SCREEN_PX,
  );
  // Every repository is a node, classed with its state; labels are readable.
  const nodes = Object.fromEntries(metrics.nodes.map((n) => [`blackroad-os-${n.label}`, n]));
  expect(Object.keys(nodes).sort(), label).toEqual(Object.keys(told.expected).sort());
  for (const [repo, state] of Object.entries(told.expected)) {
    expect(nodes[repo]!.classes, `${label}: ${repo}`).toContain(state);
    expect(nodes[repo]!.fontPx, `${label}: ${repo}'s label`).toBeGreaterThanOrEqual(12);
  }
}

describe("the tracking issue in a browser, at GitHub's width", () => {
  // One browser and one tab for both tests, launched by the first; without Chromium each test fails and says why.
  let launched: Promise<{ browser: Browser; page: Page }> | undefined;
  const tab = async (width?: number): Promise<Page> => {
    launched ??= launchChromium().then(async (browser) => ({ browser, page: await newIssueTab(browser) }));
    const { browser, page } = await launched;
    return width ? newIssueTab(browser, width) : page;
  };
  afterAll(async () => {
    await launched?.then(
      ({ browser }) => browser.close(),
      () => undefined,
    );
  });

  it("every step of `npm run demo` fits, shows Now first, and draws each repository in its state; the finished train is at most half as tall as before", async () => {
    const page = await tab();
    const { dir, steps } = await demoPages([]);
    expect(steps.map((s) => s.n)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    let finished: PageMetrics | null = null;
    for (const told of steps) {
      finished = await measureFile(page, join(dir, stepFile(told.n)));
      expectReadable(finished, told, `step ${told.n}`);
    }
    // A finished train: every step done, and GitHub's task count complete.
    expect(finished!.tasks.total).toBeGreaterThan(0);
    expect(finished!.tasks.done).toBe(finished!.tasks.total);
    expect(readFileSync(join(dir, "index.html"), "utf8").match(/<li><a href="step-\d\d\.html">/g)).toHaveLength(10);

    // The same finished train as the tracking issue showed it before this layout.
    const before = join(dir, "before.html");
    writeFileSync(
      before,
      renderIssuePage({
        title: "BlackRoad OS 2.0",
        body: readFileSync(new URL("../fixtures/tracking-issue-finished-before.md", import.meta.url), "utf8"),
      }),
    );
    const old = await measureFile(page, before);
    expect(old.overflowingTables).toHaveLength(1);
    expect(finished!.bodyHeight).toBeLessThanOrEqual(old.bodyHeight / 2);
    process.stdout.write(
      `finished train's tracking issue at 880 px: ${Math.round(old.bodyHeight)} px before, ${Math.round(finished!.bodyHeight)} px now\n`,
    );
  }, 120_000);

  it("every step of `npm run demo -- --fail blackroad-os-api` too, and the rolled-back repositories are drawn rolled back", async () => {
    const page = await tab();
    const { dir, steps } = await demoPages(["--fail", "blackroad-os-api"]);
    expect(steps.map((s) => s.n)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    for (const told of steps)
      expectReadable(await measureFile(page, join(dir, stepFile(told.n))), told, `step ${told.n}`);
    const rolledBack = Object.entries(steps.at(-1)!.expected)
      .filter(([, s]) => s === "rolledback")
      .map(([r]) => r);
    expect(rolledBack).toContain("blackroad-os-api");
    expect(rolledBack.length).toBeGreaterThan(1);
  }, 120_000);
  it("`npm run screenshots`: each shot names a step of its demo that shows what it is named for, draws it at 1280 px under 400 kB, and the README shows it", async () => {
    const page = await tab(SCREENSHOT_WIDTH);
    const dir = mkdtempSync(join(tmpdir(), "screenshots-"));
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const shot of SHOTS) {
      const taken = await takeScreenshot(page, stepFor(shot, (await demoPages(shot.demo)).pages), join(dir, shot.file));
      expect(taken.width, shot.file).toBeGreaterThanOrEqual(880);
      expect(taken.height, shot.file).toBeLessThanOrEqual(MAX_HEIGHT_PX);
      expect(taken.bytes, shot.file).toBeLessThan(400_000);
      expect(readme, shot.file).toContain(`src="docs/screenshots/${shot.file}"`);
      expect(
        existsSync(new URL(`../../docs/screenshots/${shot.file}`, import.meta.url)),
        `${shot.file} is committed`,
      ).toBe(true);
    }
  }, 120_000);
});
