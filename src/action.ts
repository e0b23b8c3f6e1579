// GitHub Actions mode (`action.yml`): no server; each workflow run is one short-lived
// process. A scheduled or manual run finds every open train of the app's installations
// and reconciles each to quiescence; a run for another event feeds that event's payload
// to the app, as a webhook would, and waits until its reconciles are done.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { Logger } from "pino";
import { Probot } from "probot";
import { createReleaseTrainApp, type AppEvents, type ReleaseTrainApp } from "./app.js";
import { TRAIN_ISSUE_LABELS } from "./github/queries.js";
import { productionOctokit } from "./github/production-octokit.js";
import { UnpacedOctokit } from "./github/unpaced-octokit.js";
import { LOG_LEVELS, type LogLevel } from "./ops/env.js";
import { createLogger } from "./ops/logger.js";

export interface ActionOptions {
  /** The workflow's environment: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, APP_ID, PRIVATE_KEY, RELEASE_TRAIN_REPO, WEBHOOK_SECRET… */
  env: Record<string, string | undefined>;
  /** REST base URL (default: GITHUB_API_URL, which Actions sets, else api.github.com). */
  baseUrl?: string;
  log?: Logger;
  /** Write pacing as GitHub asks (default on; the simulator's tests switch it off). */
  pacing?: boolean;
  /** Give up waiting for quiescence after this long (ms). */
  timeoutMs?: number;
}

export interface ActionResult {
  event: string;
  /** "resync": every open train; "event": the trains the payload concerned. */
  mode: "resync" | "event";
  /** Trains reconciled, with their last outcome. */
  trains: Record<string, string>;
  /** Reconciles that threw, and writes that failed (retried by the next run). */
  failures: string[];
}

/** Events after which every open train is reconciled; others are fed to the app as webhooks. */
const RESYNC_EVENTS = new Set(["schedule", "workflow_dispatch", "repository_dispatch"]);
/** Events the app routes by their tracking issue, so a fresh process knows which train they concern. */
const TRAIN_EVENTS = new Set(["issues", "issue_comment"]);

export class ActionError extends Error {}

function required(env: ActionOptions["env"], name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ActionError(`${name} is required (${what})`);
  return value;
}

interface Payload {
  repository?: { name: string; owner: { login: string } };
  installation?: { id: number };
  [key: string]: unknown;
}

/** An issue the train opened (labelled `release-train:…`), as opposed to a tracking issue or an unrelated one. */
function trainIssue(payload: Payload): boolean {
  const labels = (payload.issue as { labels?: Array<{ name?: string } | null> } | undefined)?.labels ?? [];
  return labels.some((label) => TRAIN_ISSUE_LABELS.includes(label?.name?.toLowerCase() ?? ""));
}

/** Resolves once no lane is busy and none is about to be (a look-again hint lands right after a reconcile). */
async function quiesce(app: ReleaseTrainApp, deadline: number): Promise<void> {
  for (let quiet = 0; quiet < 3; ) {
    if (Date.now() > deadline)
      throw new ActionError("reconciles still running when the time limit was reached; the next run continues");
    if (app.lanes.busy) {
      quiet = 0;
      await Promise.race([app.lanes.whenIdle(), new Promise((r) => setTimeout(r, 1_000))]);
    } else {
      quiet += 1;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** What the workflow's environment says, checked before anything connects. */
interface ActionSettings {
  event: string;
  appId: number;
  privateKey: string;
  orchestrationRepo: string;
  baseUrl: string;
  secret: string;
}

function readSettings(options: ActionOptions): ActionSettings {
  const { env } = options;
  const event = required(env, "GITHUB_EVENT_NAME", "set by GitHub Actions");
  const appId = Number(required(env, "APP_ID", "the app-id input"));
  if (!Number.isSafeInteger(appId) || appId <= 0)
    throw new ActionError("APP_ID must be a positive integer (the app-id input)");
  const privateKey = required(env, "PRIVATE_KEY", "the private-key input").replace(/\\n/g, "\n");
  const orchestrationRepo = required(env, "RELEASE_TRAIN_REPO", "the orchestration-repo input");
  const baseUrl = (options.baseUrl ?? env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  // No webhooks arrive, but the secret keys the signature of each train's hidden state: without
  // it a hand-edited state could not be told from ours. The same value as a server running the app.
  const secret = required(
    env,
    "WEBHOOK_SECRET",
    "the webhook-secret input: the app's webhook secret, which signs each train's hidden state",
  );
  return { event, appId, privateKey, orchestrationRepo, baseUrl, secret };
}

/** What the run's reconciles ended with: each train's last outcome, and what failed. */
interface RunRecord {
  trains: Record<string, string>;
  failures: string[];
}

function recordOutcomes(record: RunRecord): AppEvents {
  const { trains, failures } = record;
  return {
    reconciled: (train, outcome) => {
      trains[train] = outcome.kind;
      if (outcome.kind === "failed") failures.push(`${train}: the reconcile failed (see the log)`);
      if (outcome.kind === "reconciled") failures.push(...outcome.failures.map((f) => `${train}: ${f}`));
      // A configuration or version problem needs a person: show the run red (the issue has the details).
      if (outcome.kind === "refused")
        failures.push(`${train}: refused: ${outcome.reason.replace(/\s*\n\s*/g, " ").slice(0, 500)}`);
    },
  };
}

async function loadApp(
  settings: ActionSettings,
  options: ActionOptions,
  log: Logger,
  record: RunRecord,
): Promise<{ probot: Probot; app: ReleaseTrainApp }> {
  const { appId, privateKey, baseUrl, secret, orchestrationRepo } = settings;
  const probot = new Probot({
    appId,
    privateKey,
    baseUrl,
    log,
    secret,
    Octokit: options.pacing === false ? UnpacedOctokit : productionOctokit(),
  });
  const { appFn, instance } = createReleaseTrainApp({
    orchestrationRepo,
    // One process per run: no timers, no Redis; quiet periods short, the run is the batch.
    resyncMs: 0,
    redisUrl: undefined,
    lanes: { debounceMs: 50, maxWaitMs: 1_000 },
    events: recordOutcomes(record),
  });
  await probot.load(appFn);
  return { probot, app: await instance };
}

async function readPayload(path: string, event: string): Promise<Payload> {
  let payload: Payload;
  try {
    payload = JSON.parse(await readFile(path, "utf8")) as Payload;
  } catch (error) {
    throw new ActionError(`cannot read the event payload at ${path}: ${(error as Error).message}`);
  }
  if (!payload.repository) throw new ActionError(`the ${event} payload has no repository`);
  return payload;
}

// Workflow payloads carry no installation; the app routes by it, so look it up as the app.
async function withInstallation(probot: Probot, payload: Payload): Promise<Payload> {
  if (payload.installation || !payload.repository) return payload;
  const octokit = await probot.auth();
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/installation", {
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
  });
  return { ...payload, installation: { id: data.id } };
}

/** Feeds the workflow's event to the app as a webhook, and waits for what it started. */
async function feedEvent(
  loaded: { probot: Probot; app: ReleaseTrainApp },
  settings: ActionSettings,
  env: ActionOptions["env"],
  record: RunRecord,
  deadline: number,
): Promise<void> {
  const { probot, app } = loaded;
  const { event } = settings;
  const path = required(env, "GITHUB_EVENT_PATH", "set by GitHub Actions");
  const payload = await withInstallation(probot, await readPayload(path, event));
  const id = env.GITHUB_RUN_ID ? `actions-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? "1"}` : randomUUID();
  await probot.receive({ id, name: event, payload } as Parameters<Probot["receive"]>[0]);
  await quiesce(app, deadline);
  // A train's own issues (the retrospective, incidents) move their train, which this fresh
  // process does not know yet: find the open trains.
  if (Object.values(record.trains).every((outcome) => outcome === "not-a-train") && trainIssue(payload))
    await app.discover();
}

export async function runAction(options: ActionOptions): Promise<ActionResult> {
  const settings = readSettings(options);
  const log = options.log ?? createLogger("info");
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  const record: RunRecord = { trains: {}, failures: [] };
  const loaded = await loadApp(settings, options, log, record);
  const { app } = loaded;
  const { event } = settings;
  try {
    let mode: ActionResult["mode"] = "resync";
    if (RESYNC_EVENTS.has(event) || !TRAIN_EVENTS.has(event)) {
      // Other repositories' events (deployment_status, check_run…) need the trains known: find them all.
      await app.discover();
    } else {
      mode = "event";
      await feedEvent(loaded, settings, options.env, record, deadline);
    }
    await quiesce(app, deadline);
    return { event, mode, trains: record.trains, failures: record.failures };
  } finally {
    app.close();
  }
}

/** The action's entry: exit 0 when every reconcile went through, 1 with a clear message otherwise. */
export async function actionMain(env = process.env): Promise<number> {
  const level = (env.LOG_LEVEL ?? "info").toLowerCase();
  const log = createLogger((LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : "info");
  try {
    const result = await runAction({ env, log });
    const names = Object.entries(result.trains).map(([train, outcome]) => `${train} (${outcome})`);
    process.stdout.write(
      `release-train: ${result.event}: ${names.length ? `reconciled ${names.join(", ")}` : "no train to reconcile"}\n`,
    );
    if (result.failures.length > 0) {
      for (const failure of result.failures) process.stdout.write(`::error title=release-train::${failure}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    const message =
      error instanceof ActionError
        ? error.message
        : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    if (!(error instanceof ActionError)) log.error({ err: error }, "action failed");
    process.stdout.write(`::error title=release-train::${message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void actionMain().then((code) => process.exit(code));
}
