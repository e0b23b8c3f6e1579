// The Probot app: routes webhooks to the trains they may affect and runs reconciles
// in per-train lanes. Webhooks are hints; the reconciler reads GitHub for the truth.
// Each part lives in src/app/; this file puts them together.
import type { Probot } from "probot";
import { InstallationRepos } from "./github/installation-repos.js";
import type { TrainLanes } from "./github/lanes.js";
import type { Reconciler } from "./github/reconciler.js";
import { TrainRegistry } from "./github/registry.js";
import { createReplicas } from "./replicas/index.js";
import { botLogin } from "./app/bot-login.js";
import { discovery } from "./app/discovery.js";
import { TrainHints } from "./app/hints.js";
import { laneWork } from "./app/lane-work.js";
import { DEFAULT_OPTIONS, type AppOptions } from "./app/options.js";
import { createReconciler } from "./app/reconciler.js";
import { onInstallationChanges, onRepositoryActivity } from "./app/repository-webhooks.js";
import { resyncSchedule, startResyncTimer } from "./app/resync-schedule.js";
import { onMilestoneCreated, onTrackingIssues } from "./app/tracking-issue-webhooks.js";
import { webhookContext } from "./app/webhook-context.js";

export { DEFAULT_OPTIONS, type AppEvents, type AppOptions } from "./app/options.js";

export interface ReleaseTrainApp {
  registry: TrainRegistry;
  lanes: TrainLanes;
  reconciler: Reconciler;
  /** Finds open tracking issues in every installation and reconciles them. */
  discover: () => Promise<void>;
  /** Reconciles every active train now. */
  resync: () => Promise<void>;
  /** Reconciles the trains due for their periodic resync. */
  resyncDue: () => Promise<void>;
  /** What the periodic timer runs: discovery once per resync interval (on the app's clock), and resyncDue; resolves when both are done. */
  tick: () => Promise<void>;
  close: () => void;
}

/** Builds the app; `appFn` is what Probot loads, the rest is for the server, tests and the demo. */
export function createReleaseTrainApp(overrides: Partial<AppOptions> = {}): {
  appFn: (app: Probot) => void;
  instance: Promise<ReleaseTrainApp>;
} {
  const options = { ...DEFAULT_OPTIONS, ...overrides };
  let resolveInstance!: (value: ReleaseTrainApp) => void;
  const instance = new Promise<ReleaseTrainApp>((resolve) => (resolveInstance = resolve));
  const appFn = (app: Probot): void => resolveInstance(startApp(app, options));
  return { appFn, instance };
}

function startApp(app: Probot, options: AppOptions): ReleaseTrainApp {
  const registry = new TrainRegistry();
  // After close, nothing starts again (a retry timer of a failed write included).
  let closed = false;
  const installationRepos = new InstallationRepos();
  const ownLogin = botLogin(app);
  const reconciler = createReconciler(app, options, registry, installationRepos, ownLogin);
  const hints = new TrainHints(registry, options.orchestrationRepo, (key) => lanes.hint(key));
  const replicas = createReplicas(options, app.log);
  const lanes = replicas.lanes(
    laneWork({ app, registry, reconciler, hints, replicas, events: options.events, closed: () => closed }),
    options.lanes,
    (key, error) => app.log.error({ train: key, err: error }, "reconcile failed; the next hint or resync retries it"),
  );

  const webhooks = webhookContext(app, lanes, replicas, registry);
  const deps = { app, options, webhooks, registry, hints, reconciler, ownLogin };
  onTrackingIssues(deps);
  onRepositoryActivity(app, webhooks, registry, hints);
  onMilestoneCreated(deps);
  onInstallationChanges(app, webhooks, installationRepos);

  const discover = discovery(app, options, hints);
  const schedule = resyncSchedule(app, options, registry, hints, discover);
  // Through the instance, so what the timer runs can be observed.
  const timer = startResyncTimer(options.resyncMs, () => releaseTrain.tick());
  const releaseTrain: ReleaseTrainApp = {
    registry,
    lanes,
    reconciler,
    discover,
    ...schedule,
    close: () => {
      closed = true;
      if (timer) clearInterval(timer);
      lanes.close();
      // Running reconciles still need Redis to check and release their leases.
      void lanes.whenIdle().then(() => replicas.close());
    },
  };
  return releaseTrain;
}
