// The Probot app: routes webhooks to the trains they may affect and runs reconciles
// in per-train lanes. Webhooks are hints; the reconciler reads GitHub for the truth.
import type { Probot } from "probot";
import { autoOpenTrain } from "./github/auto-open.js";
import { InstallationRepos } from "./github/installation-repos.js";
import { DEFAULT_HEALTH, HealthProber, type HealthOptions } from "./github/health.js";
import type { LaneOptions, TrainLanes } from "./github/lanes.js";
import { MembershipCache } from "./github/memberships.js";
import type { Octokit } from "./github/octokit.js";
import {
  Reconciler,
  RESYNC,
  type ReconcileOutcome,
  type ReconcileScope,
  type ReconcilerDeps,
} from "./github/reconciler.js";
import { TRAIN_ISSUE_LABELS } from "./github/queries.js";
import { TrainRegistry } from "./github/registry.js";
import { trainId, type TrainRef } from "./train/model/observation.js";
import { createReplicas, type ReplicaOptions } from "./replicas/index.js";

/** `redisUrl` (default: REDIS_URL) or `redis`: several replicas share lanes, delivery ids and trains through Redis. */
export interface AppOptions extends ReplicaOptions {
  /** Name of the orchestration repository in each installation's account. */
  orchestrationRepo: string;
  /** Label that marks tracking issues when the config does not say otherwise. */
  defaultLabel: string;
  lanes: LaneOptions;
  /** Resync interval for trains whose config has not been read yet (ms); 0 disables the timer. Each train's `resyncMinutes` applies once known. */
  resyncMs: number;
  now: () => Date;
  health: HealthOptions;
  /** Observes the lane work (metrics); optional. */
  events?: AppEvents;
  /** The installation's writes waiting for GitHub's rate limits, shown on the tracking issue (from the server's API budget). */
  githubWait?: ReconcilerDeps["githubWait"];
  /** When the installation's next writes could go out (the server's API budget): bounds a reconcile's batch in time. */
  nextWritesAt?: ReconcilerDeps["nextWritesAt"];
  /** How many writes a reconcile's batch carries out at most (default BATCH_WRITES, src/github/write-batch.ts). */
  batchWrites?: number;
}

export interface AppEvents {
  /** A reconcile ended with this outcome (`failed` when it threw) after `ms` milliseconds. */
  reconciled(train: string, outcome: ReconcileOutcome | { kind: "failed" }, ms: number): void;
}

export const DEFAULT_OPTIONS: AppOptions = {
  orchestrationRepo: process.env.RELEASE_TRAIN_REPO ?? "release-train",
  defaultLabel: "release-train",
  lanes: { debounceMs: 300, maxWaitMs: 3000 },
  resyncMs: Number(process.env.RESYNC_MINUTES ?? 10) * 60_000,
  now: () => new Date(),
  health: DEFAULT_HEALTH,
  redisUrl: process.env.REDIS_URL || undefined,
};

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

interface RepoPayload {
  repository?: { name: string; full_name: string; owner: { login: string } };
  installation?: { id: number };
}

/** The webhook delivery behind a hint, and the repository it came from (for the reconcile's log lines). */
interface HintCause {
  delivery: string;
  repo: string;
}

/** Builds the app; `appFn` is what Probot loads, the rest is for the server, tests and the demo. */
export function createReleaseTrainApp(overrides: Partial<AppOptions> = {}): {
  appFn: (app: Probot) => void;
  instance: Promise<ReleaseTrainApp>;
} {
  const options = { ...DEFAULT_OPTIONS, ...overrides };
  let resolveInstance!: (value: ReleaseTrainApp) => void;
  const instance = new Promise<ReleaseTrainApp>((resolve) => (resolveInstance = resolve));

  const appFn = (app: Probot): void => {
    const registry = new TrainRegistry();
    // After close, nothing starts again (a retry timer of a failed write included).
    let closed = false;
    const installationRepos = new InstallationRepos();
    let botLogin: Promise<string> | null = null;
    let stateKey: Promise<string> | null = null;
    const ownLogin = () =>
      (botLogin ??= app
        .auth()
        .then(async (octokit) => {
          const { data } = await (octokit as Octokit).rest.apps.getAuthenticated();
          return `${data?.slug ?? "release-train"}[bot]`;
        })
        .catch((error: unknown) => {
          // A failed lookup (a 5xx, a rate limit) is asked again next time, not remembered.
          botLogin = null;
          throw error;
        }));
    const reconciler = new Reconciler({
      octokitFor: async (installationId) => (await app.auth(installationId)) as Octokit,
      registry,
      installationRepos,
      memberships: new MembershipCache(),
      log: app.log,
      now: options.now,
      botLogin: ownLogin,
      // An HMAC of a constant under the webhook secret: the state key needs no setting of its own.
      stateKey: () => (stateKey ??= app.webhooks.sign("release-train:state-key")),
      health: new HealthProber(options.health, options.now),
      ...(options.githubWait ? { githubWait: options.githubWait } : {}),
      ...(options.nextWritesAt ? { nextWritesAt: options.nextWritesAt } : {}),
      ...(options.batchWrites ? { batchWrites: options.batchWrites } : {}),
    });
    // The latest webhook delivery that hinted each train (and its repository), so a reconcile's log lines name their cause.
    const causes = new Map<string, HintCause>();
    // What the hints since a train's last reconcile said changed (see ReconcileScope). A train
    // hinted without one here (a resync, a hint another replica took in) reads everything.
    const scopes = new Map<string, ReconcileScope>();
    const widen = (key: string, change: { repo?: string; resync?: boolean } = {}) => {
      const scope = scopes.get(key) ?? { named: [], resync: false };
      if (change.repo && !scope.named.includes(change.repo)) scope.named.push(change.repo);
      if (change.resync) scope.resync = true;
      scopes.set(key, scope);
    };
    const replicas = createReplicas(options, app.log);
    const lanes = replicas.lanes(
      async (key, beforeWrite) => {
        const train = registry.get(key);
        if (!train) return;
        const cause = causes.get(key);
        causes.delete(key);
        const scope = scopes.get(key) ?? RESYNC;
        scopes.delete(key);
        // A resync has no delivery; its lines name the tracking issue's repository.
        const log = app.log.child({
          train: key,
          repo: cause?.repo ?? `${train.ref.owner}/${train.ref.repo}`,
          ...(cause ? { delivery: cause.delivery } : {}),
        });
        const started = performance.now();
        let outcome: ReconcileOutcome;
        try {
          outcome = await reconciler.reconcile(train.ref, { log, beforeWrite, scope });
        } catch (error) {
          options.events?.reconciled(key, { kind: "failed" }, performance.now() - started);
          log.error({ err: error }, "reconcile failed; the next hint or resync retries it");
          return;
        }
        registry.markReconciled(key, Date.now());
        await replicas.directory.publish(key, registry.get(key));
        options.events?.reconciled(key, outcome, performance.now() - started);
        log.debug(
          { outcome: outcome.kind, ms: Math.round(performance.now() - started), points: outcome.points },
          "reconciled",
        );
        // Someone edited the body while we worked, or a write failed: look again.
        if (outcome.kind === "reconciled" && (outcome.conflict || outcome.lookAgain || outcome.failures.length > 0)) {
          // What changed since is what this reconcile wrote (the cache knows) and what webhooks name.
          setTimeout(
            () => {
              if (closed) return;
              widen(key);
              void lanes.hint(key);
            },
            outcome.failures.length > 0 ? 30_000 : 0,
          ).unref();
        }
      },
      options.lanes,
      (key, error) => app.log.error({ train: key, err: error }, "reconcile failed; the next hint or resync retries it"),
    );

    // GitHub gives up on a delivery after 10 s, and Redis may be slow or down: every delivery is
    // answered at once and handled after (the lanes count it as busy until then).
    const acknowledged = async (handle: () => Promise<void>): Promise<void> => {
      lanes.track(
        handle().catch((error: unknown) =>
          app.log.error({ err: error }, "handling a webhook failed; the next hint or resync repairs it"),
        ),
      );
    };

    // A hint with a cause names its repository; one without (discovery, a resync) reads everything,
    // and so does one from the orchestration repository: people's commands and ticks often answer
    // what they saw in the repositories ("fixed it, /retry").
    const hintKey = (key: string, cause?: HintCause) => {
      if (cause) causes.set(key, cause);
      const fromPeople = !cause || cause.repo.split("/")[1]?.toLowerCase() === options.orchestrationRepo.toLowerCase();
      widen(key, fromPeople ? { resync: true } : { repo: cause.repo });
      void lanes.hint(key);
    };
    const hintTrain = (ref: TrainRef, cause?: HintCause) => {
      registry.upsert(ref);
      hintKey(trainId(ref), cause);
    };
    // A resync reads everything about the train, whatever the hints said.
    const resyncTrain = (key: string) => {
      widen(key, { resync: true });
      return lanes.hint(key);
    };
    // A delivery seen before (a duplicate, or one another replica handles) is ignored; the
    // shared directory tells this replica about trains other replicas reconciled.
    const admit = async (context: { id: string; name: string }) => {
      if (!(await replicas.deliveries.firstSeen(context.id))) {
        app.log.debug({ delivery: context.id, event: context.name }, "delivery seen before; ignored");
        return false;
      }
      await replicas.directory.syncInto(registry);
      return true;
    };
    const isOrchestrationRepo = (payload: RepoPayload) =>
      payload.repository?.name.toLowerCase() === options.orchestrationRepo.toLowerCase();
    const trackingRef = (payload: RepoPayload, issueNumber: number): TrainRef | null =>
      payload.repository && payload.installation
        ? {
            owner: payload.repository.owner.login,
            repo: payload.repository.name,
            issueNumber,
            installationId: payload.installation.id,
          }
        : null;

    // Tracking issues: labelling starts a train; any other change to a known one is a hint.
    app.on(["issues", "issue_comment"], async (context) =>
      acknowledged(async () => {
        if (!(await admit(context))) return;
        const payload = context.payload;
        if (!isOrchestrationRepo(payload) || ("pull_request" in payload.issue && payload.issue.pull_request)) return;
        const ref = trackingRef(payload, payload.issue.number);
        if (!ref) return;
        const labels = (payload.issue.labels ?? []).map((l) => l?.name.toLowerCase());
        const labelled = labels.includes(options.defaultLabel);
        const starting = context.name === "issues" && payload.action === "labeled";
        // A tracking issue we opened and labelled ourselves (`/rc`, `/promote`) starts its train.
        const ownLabel = starting && "label" in payload && payload.label?.name.toLowerCase() === options.defaultLabel;
        // Our own edits and comments change nothing we have not already decided, unless our edit overwrote someone's.
        if (payload.sender.type === "Bot" && payload.sender.login === (await ownLogin()) && !ownLabel) {
          const from =
            "changes" in payload
              ? (payload.changes as { body?: { from?: string } } | undefined)?.body?.from
              : undefined;
          if (from !== undefined && reconciler.bodyWrites.overwrote(trainId(ref), from, payload.issue.body ?? ""))
            hintTrain(ref, { delivery: context.id, repo: `${ref.owner}/${ref.repo}` });
          return;
        }
        const cause = { delivery: context.id, repo: `${ref.owner}/${ref.repo}` };
        if (starting || labelled || registry.byIssue(ref.owner, ref.repo, ref.issueNumber)) hintTrain(ref, cause);
        // A train's own issues (the retrospective above all) move their train along when people close them.
        else if (labels.some((l) => l && TRAIN_ISSUE_LABELS.includes(l))) {
          for (const train of registry.byRepo(`${ref.owner}/${ref.repo}`)) hintKey(trainId(train.ref), cause);
        }
      }),
    );

    // Everything that happens in a constellation repository may move its trains along.
    app.on(
      [
        "check_run",
        "check_suite",
        "status",
        "pull_request",
        "pull_request_review",
        "push",
        "deployment",
        "deployment_status",
        "create",
      ],
      async (context) =>
        acknowledged(async () => {
          if (!(await admit(context))) return;
          const full = (context.payload as RepoPayload).repository?.full_name;
          if (!full) return;
          for (const train of registry.byRepo(full)) hintKey(trainId(train.ref), { delivery: context.id, repo: full });
        }),
    );

    app.on("milestone.created", async (context) =>
      acknowledged(async () => {
        if (!(await admit(context))) return;
        if (!isOrchestrationRepo(context.payload)) return;
        const outcome = await autoOpenTrain(context.octokit as Octokit, {
          owner: context.payload.repository.owner.login,
          repo: context.payload.repository.name,
          milestone: context.payload.milestone,
        });
        app.log.info({ milestone: context.payload.milestone.title, outcome }, "milestone created");
      }),
    );

    app.on(["installation_repositories", "installation"], async (context) =>
      acknowledged(async () => {
        if (!(await admit(context))) return;
        installationRepos.invalidate(context.payload.installation.id);
      }),
    );

    const discover = async () => {
      const appOctokit = (await app.auth()) as Octokit;
      const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
      for (const installation of installations) {
        const owner = installation.account && "login" in installation.account ? installation.account.login : null;
        if (!owner) continue;
        const octokit = (await app.auth(installation.id)) as Octokit;
        try {
          const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
            owner,
            repo: options.orchestrationRepo,
            state: "open",
            labels: options.defaultLabel,
            per_page: 100,
          });
          for (const issue of issues)
            hintTrain({
              owner,
              repo: options.orchestrationRepo,
              issueNumber: issue.number,
              installationId: installation.id,
            });
        } catch (error) {
          app.log.debug({ owner, err: error }, "no orchestration repository in this installation");
        }
      }
    };
    const resync = async () => {
      await Promise.all(registry.all().map((t) => resyncTrain(trainId(t.ref))));
    };
    const resyncDue = async () => {
      await Promise.all(
        registry.due(Date.now(), options.resyncMs, options.now().getTime()).map((t) => resyncTrain(trainId(t.ref))),
      );
    };
    // A missed webhook is repaired by the periodic resync, and canary and bake windows
    // wake their train: check every 15 s who is due. A missed label event is repaired by
    // looking for open tracking issues once per resync interval.
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
    // Through the instance, so what the timer runs can be observed.
    const timer =
      options.resyncMs > 0 ? setInterval(() => void releaseTrain.tick(), Math.min(15_000, options.resyncMs)) : null;
    timer?.unref();

    const releaseTrain: ReleaseTrainApp = {
      registry,
      lanes,
      reconciler,
      discover,
      resync,
      resyncDue,
      tick,
      close: () => {
        closed = true;
        if (timer) clearInterval(timer);
        lanes.close();
        // Running reconciles still need Redis to check and release their leases.
        void lanes.whenIdle().then(() => replicas.close());
      },
    };
    resolveInstance(releaseTrain);
  };
  return { appFn, instance };
}
