// `npm run demo`: a release train on the simulated GitHub, no credentials, no network.
// Starts the simulator seeded with the playbook's constellation and the real app
// behind its webhook endpoint, then plays the people's part; after each step it prints
// what the app wrote and what changed on the tracking issue.
import { type DemoArgs, parseDemoArgs } from "./args.js";
import { showEnding, showResync } from "./ending.js";
import { runScenario } from "./scenarios.js";
import { tellStory } from "./story.js";
import { type DemoHooks, Storyteller } from "./storyteller.js";
import { type DemoWorld, startDemoWorld } from "./world.js";

// The tests, benchmarks and chaos runs build their trains from the demo's parts.
export type { DemoStep } from "./narration.js";
export {
  approveHeldDeployments,
  leadOf,
  openTrain,
  reportChecks,
  reportReleaseChecks,
  reportSmoke,
  reviewReleasePrs,
  SIGNOFF_LEADS,
} from "./people.js";
export type { DemoHooks } from "./storyteller.js";
export { type DemoWorld, type DemoWorldOptions, HEALTH, startDemoWorld, trackingBody } from "./world.js";

/** The demo's world: the clock frozen at the minute, production reviewed by the release managers, one canary broken with --fail. */
async function startStoryWorld(failing: string | undefined): Promise<DemoWorld> {
  // The demo's clock starts at a fixed time and only moves when the demo says so (between steps, canary and bake windows).
  // Over loopback HTTP, as the app and GitHub talk in production.
  const world = await startDemoWorld({
    frozenAt: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(),
    transport: "http",
  });
  // Production requires a review by the release managers, as the playbook's organisation sets it up.
  for (const full of world.repos)
    world.sim.seed.environment(full, "production", { reviewers: [{ team: "release-managers" }] });
  // --fail: that repository's production canary fails, as its deploy workflow would report (its rollback works).
  if (failing) world.sim.deployer.breakRepo(failing, { task: "deploy:canary" });
  return world;
}

export async function runDemo(argv: string[], hooks: DemoHooks = {}): Promise<number> {
  const args = parseDemoArgs(argv);
  return typeof args === "number" ? args : runParsedDemo(args, hooks);
}

/** The demo for flags already parsed (`parseDemoArgs`). */
export async function runParsedDemo(args: DemoArgs, hooks: DemoHooks = {}): Promise<number> {
  if (args.scenario) return runScenario(args.scenario, args.json);
  const world = await startStoryWorld(args.fail);
  // --json: the story is not told; only the final status/summary.json goes to stdout.
  const print = console.log;
  if (args.json) console.log = () => {};
  try {
    const teller = new Storyteller(world, args, hooks);
    await tellStory(teller, args.fail);
    const summary = await showEnding(teller, args);
    if (args.json) {
      console.log = print;
      if (!summary) {
        console.error("the train did not finish: no status/summary.json was written");
        return 1;
      }
      process.stdout.write(summary);
      return 0;
    }
    await showResync(world);
    return 0;
  } finally {
    console.log = print;
    await world.close();
  }
}
