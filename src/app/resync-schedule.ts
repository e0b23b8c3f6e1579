// A missed webhook is repaired by the periodic resync, and canary and bake windows
// wake their train: check every 15 s who is due. A missed label event is repaired by
// looking for open tracking issues once per resync interval.
import type { Probot } from "probot";
import type { TrainRegistry } from "../github/registry.js";
import { trainId } from "../train/model/observation.js";
import type { TrainHints } from "./hints.js";
import type { AppOptions } from "./options.js";

export interface ResyncSchedule {
  /** Reconciles every active train now. */
  resync: () => Promise<void>;
  /** Reconciles the trains due for their periodic resync. */
  resyncDue: () => Promise<void>;
  /** Discovery once per resync interval (on the app's clock), and resyncDue; resolves when both are done. */
  tick: () => Promise<void>;
}

export function resyncSchedule(
  app: Probot,
  options: AppOptions,
  registry: TrainRegistry,
  hints: TrainHints,
  discover: () => Promise<void>,
): ResyncSchedule {
  const resyncDue = async () => {
    await Promise.all(
      registry.due(Date.now(), options.resyncMs, options.now().getTime()).map((t) => hints.resyncTrain(trainId(t.ref))),
    );
  };
  let lastDiscovery = options.now().getTime();
  let discovering: Promise<void> | undefined;
  const tick = async () => {
    const now = options.now().getTime();
    if (now - lastDiscovery >= options.resyncMs) {
      lastDiscovery = now;
      discovering = discover()
        .catch((error: unknown) =>
          app.log.warn({ err: error }, "discovery of open trains failed; the next interval retries it"),
        )
        .finally(() => (discovering = undefined));
    }
    // A tick also waits for a discovery an earlier one started.
    await Promise.all([discovering, resyncDue()]);
  };
  return {
    resync: async () => {
      await Promise.all(registry.all().map((t) => hints.resyncTrain(trainId(t.ref))));
    },
    resyncDue,
    tick,
  };
}

/** Runs `tick` every 15 s (or every resync interval when shorter); none when the interval is 0. */
export function startResyncTimer(resyncMs: number, tick: () => Promise<void>): NodeJS.Timeout | null {
  const timer = resyncMs > 0 ? setInterval(() => void tick(), Math.min(15_000, resyncMs)) : null;
  timer?.unref();
  return timer;
}
