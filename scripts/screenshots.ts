// `npm run screenshots`: the tracking issue at the demo's key steps, built by the same
// page builder as `npm run demo -- --html`, loaded in Debian's Chromium at a 1280 px wide
// window and written as PNGs to docs/screenshots/ (the README shows them).
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "puppeteer-core";
import { ORCHESTRATION_REPO, ORG } from "../src/demo/constellation.js";
import { renderIssuePage } from "../src/demo/issue-page.js";
import { runDemo, type DemoHooks } from "../src/demo/run.js";
import { launchChromium, measureFile, newIssueTab } from "./chromium.js";

/** One screenshot: which demo, which of its steps, and what that step's body must show. */
export interface Shot {
  file: string;
  /** The demo's arguments (`[]` is `npm run demo`). */
  demo: string[];
  step: string;
  /** Text the step's body contains, so a changed story cannot put the wrong step under the caption. */
  shows: string;
  caption: string;
}

export const SHOTS: Shot[] = [
  {
    file: "1-phase-1-done.png",
    demo: [],
    step: "4",
    shows: "**🚂 Phase 2: Validation & Approval**",
    caption: "Phase 1 done: release PRs open, sign-offs and reviews wanted",
  },
  {
    file: "2-waiting-for-signoffs.png",
    demo: [],
    step: "5",
    shows: "- [x] **2.2**",
    caption: "Checks green, waiting for the team leads' sign-offs",
  },
  {
    file: "3-production.png",
    demo: [],
    step: "7",
    shows: "**🚂 Phase 5: Production Deployment**",
    caption: "Deploying to production: infrastructure first, held by GitHub for the release managers' review",
  },
  {
    file: "4-finished.png",
    demo: [],
    step: "10",
    shows: "**🎉 Released v2.0.0 — train complete**",
    caption: "Finished: every phase folded, every task done",
  },
  {
    file: "5-rollback.png",
    demo: ["--fail", "blackroad-os-api"],
    step: "8",
    shows: "**↩️ Rolled back (immediate)",
    caption: "A failed canary: the automatic rollback and what to do next",
  },
];

export const SCREENSHOT_WIDTH = 1280;
/** Taller pages are cut here (the first screens matter; it keeps each PNG under 400 kB). */
export const MAX_HEIGHT_PX = 2000;
const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

/** A demo's step as the reader sees it: the issue's title and its body. */
export interface StepPage {
  n: string;
  title: string;
  body: string;
}

/** Runs the demo silently; returns each step's tracking issue (`onStep` sees each step's world too). */
export async function demoSteps(args: string[], onStep?: DemoHooks["onStep"]): Promise<StepPage[]> {
  const steps: StepPage[] = [];
  const log = console.log;
  console.log = () => {};
  try {
    const code = await runDemo(args, {
      onStep: async (step, world) => {
        const issue = [...world.sim.store.requireRepo(ORCH).issues.values()].find((i) => i.body === step.body);
        steps.push({ n: step.n, title: issue?.title ?? "Release train", body: step.body });
        await onStep?.(step, world);
      },
    });
    if (code !== 0) throw new Error(`npm run demo -- ${args.join(" ")} exited with ${code}`);
  } finally {
    console.log = log;
  }
  return steps;
}

/** The step a shot names, checked against what it must show. */
export function stepFor(shot: Shot, steps: StepPage[]): StepPage {
  const step = steps.find((s) => s.n === shot.step);
  const demo = `npm run demo${shot.demo.length ? ` -- ${shot.demo.join(" ")}` : ""}`;
  if (!step)
    throw new Error(`${shot.file}: ${demo} has no step ${shot.step} (its steps: ${steps.map((s) => s.n).join(", ")})`);
  const headline = step.body.split("\n").find((l) => l.startsWith("**")) ?? "";
  if (!step.body.includes(shot.shows))
    throw new Error(
      `${shot.file}: step ${shot.step} of ${demo} does not show ${JSON.stringify(shot.shows)} (its headline: ${headline})`,
    );
  return step;
}

export interface Taken {
  file: string;
  /** The issue body's height at GitHub's 880 px column. */
  bodyHeight: number;
  width: number;
  height: number;
  bytes: number;
}

/** Draws one step's page and writes the PNG, clipped to the issue (title, task count, body) and at most MAX_HEIGHT_PX tall. */
export async function takeScreenshot(page: Page, step: StepPage, file: string): Promise<Taken> {
  const html = join(mkdtempSync(join(tmpdir(), "screenshot-")), "issue.html");
  writeFileSync(html, renderIssuePage({ title: step.title, body: step.body }));
  const metrics = await measureFile(page, html);
  if (metrics.mermaidErrors.length) throw new Error(`${file}: mermaid failed: ${metrics.mermaidErrors.join("; ")}`);
  const box = (await page.evaluate(
    `(() => { const r = document.querySelector(".page").getBoundingClientRect(); return { x: r.left, y: r.top, width: r.width, height: r.height }; })()`,
  )) as { x: number; y: number; width: number; height: number };
  const margin = 16;
  const clip = {
    x: Math.max(0, box.x - margin),
    y: Math.max(0, box.y - margin),
    width: Math.ceil(box.width + 2 * margin),
    height: Math.min(MAX_HEIGHT_PX, Math.ceil(box.height + 2 * margin)),
  };
  await page.screenshot({ path: file as `${string}.png`, clip, captureBeyondViewport: true });
  return {
    file,
    bodyHeight: Math.round(metrics.bodyHeight),
    width: clip.width,
    height: clip.height,
    bytes: statSync(file).size,
  };
}

/** Every shot, each demo run once; returns what was written. */
export async function takeScreenshots(dir: string, shots = SHOTS): Promise<Taken[]> {
  mkdirSync(dir, { recursive: true });
  const runs = new Map<string, StepPage[]>();
  for (const shot of shots)
    if (!runs.has(shot.demo.join(" "))) runs.set(shot.demo.join(" "), await demoSteps(shot.demo));
  const browser = await launchChromium();
  try {
    const page = await newIssueTab(browser, SCREENSHOT_WIDTH);
    const taken: Taken[] = [];
    for (const shot of shots)
      taken.push(await takeScreenshot(page, stepFor(shot, runs.get(shot.demo.join(" "))!), join(dir, shot.file)));
    return taken;
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  takeScreenshots(resolve("docs/screenshots")).then(
    (taken) => {
      for (const [i, t] of taken.entries())
        console.log(
          `${relative(process.cwd(), t.file)} (${SHOTS[i]!.caption}): ${t.width}×${t.height} px, ${Math.round(t.bytes / 1024)} kB; issue body ${t.bodyHeight} px tall at 880 px`,
        );
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
