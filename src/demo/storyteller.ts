// Plays the demo's steps one at a time: lets the people act, waits until the app has
// answered, then prints what the app did and how the tracking issue changed.
import type { DemoArgs } from "./args.js";
import { type DemoStep, pause, printStep } from "./narration.js";
import { type DemoWorld, trackingBody } from "./world.js";

/** Minutes of simulated time between the demo's steps. */
const STEP_MINUTES = 5;

/** For tests: called after each step with the tracking issue as it is then. */
export interface DemoHooks {
  onStep?: (step: DemoStep, world: DemoWorld) => void | Promise<void>;
}

export class Storyteller {
  /** The train's tracking issue, once the first step opened it. */
  issue = 0;
  /** The steps told so far, each with the tracking issue after it. */
  readonly told: DemoStep[] = [];
  /** How many requests the simulator had recorded when the last step was reported. */
  private mark = 0;

  constructor(
    readonly world: DemoWorld,
    private readonly args: Pick<DemoArgs, "verbose" | "step">,
    private readonly hooks: DemoHooks,
  ) {}

  /** Prints what the last step did and changed, then remembers the body. */
  async report(title: string): Promise<void> {
    const { world } = this;
    const step = { n: title.split(".")[0]!, title, body: trackingBody(world, this.issue) };
    printStep(step, this.told.at(-1)?.body ?? "", world.sim.requests.list().slice(this.mark), this.args.verbose);
    this.told.push(step);
    await this.hooks.onStep?.(step, world);
    this.mark = world.sim.requests.length;
    if (this.args.step) await pause();
  }

  async step(title: string, act: () => void): Promise<void> {
    // People take a few minutes between steps, so the summary's phase times are a train's, not one instant.
    if (this.issue) await this.world.advance(STEP_MINUTES);
    act();
    await this.world.settle();
    await this.report(title);
  }
}
