import { advanceQueue } from "./merge-queue.js";
import type { SimCore } from "../core.js";
import { ApiError, missingField, validationFailed } from "../errors.js";
import * as S from "../serialize/index.js";
import type {
  CheckConclusion,
  CheckRun,
  CheckStatus,
  CheckSuite,
  CommitStatus,
  Repo,
  StatusState,
} from "../store/types.js";
import { nodeId } from "../util/ids.js";
import { requireCommit } from "./git.js";

const STATUSES: CheckStatus[] = ["queued", "in_progress", "completed", "waiting", "requested", "pending"];
const CONCLUSIONS: CheckConclusion[] = [
  "success",
  "failure",
  "neutral",
  "cancelled",
  "skipped",
  "timed_out",
  "action_required",
  "stale",
];
const SUITE_PRECEDENCE: CheckConclusion[] = [
  "action_required",
  "cancelled",
  "timed_out",
  "failure",
  "stale",
  "neutral",
  "success",
  "skipped",
];

function branchAt(repo: Repo, sha: string): string | null {
  for (const [ref, tip] of repo.git.refs) if (ref.startsWith("refs/heads/") && tip === sha) return ref.slice(11);
  return null;
}

function suiteFor(core: SimCore, repo: Repo, appId: number, headSha: string): CheckSuite {
  let suite = repo.checkSuites.find((s) => s.appId === appId && s.headSha === headSha);
  if (!suite) {
    const id = core.store.ids.take("checkSuite");
    const c = repo.git.commit(headSha);
    suite = {
      id,
      nodeId: nodeId("CS", id),
      appId,
      headSha,
      headBranch: branchAt(repo, headSha),
      before: c?.parents[0] ?? null,
      status: "queued",
      conclusion: null,
      createdAt: core.now(),
      updatedAt: core.now(),
      rerequests: 0,
    };
    repo.checkSuites.push(suite);
  }
  return suite;
}

/** Recomputes the suite status; emits check_suite.completed when it completes. */
function refreshSuite(core: SimCore, repo: Repo, suite: CheckSuite, actor: string): void {
  const runs = repo.checkRuns.filter((r) => r.suiteId === suite.id);
  const wasCompleted = suite.status === "completed";
  if (runs.length && runs.every((r) => r.status === "completed")) {
    suite.status = "completed";
    suite.conclusion = SUITE_PRECEDENCE.find((c) => runs.some((r) => r.conclusion === c)) ?? "success";
  } else {
    suite.status = runs.some((r) => r.status === "in_progress" || r.status === "completed") ? "in_progress" : "queued";
    suite.conclusion = null;
  }
  suite.updatedAt = core.now();
  if (!wasCompleted && suite.status === "completed") {
    core.emit("check_suite", repo, actor, { action: "completed", check_suite: S.checkSuite(core, repo, suite) });
  }
}

export interface CheckRunInput {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: CheckStatus;
  conclusion?: CheckConclusion;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string };
}

function validateRunFields(input: CheckRunInput): void {
  if (input.status !== undefined && !STATUSES.includes(input.status)) {
    throw new ApiError(
      422,
      `Invalid request.\n\n${JSON.stringify(input.status)} is not a member of ${JSON.stringify(STATUSES)}.`,
    );
  }
  if (input.conclusion !== undefined && input.conclusion !== null && !CONCLUSIONS.includes(input.conclusion)) {
    throw new ApiError(
      422,
      `Invalid request.\n\n${JSON.stringify(input.conclusion)} is not a member of ${JSON.stringify(CONCLUSIONS)}.`,
    );
  }
  if (input.output && (input.output.title === undefined || input.output.summary === undefined)) {
    throw new ApiError(422, `Invalid request.\n\n"title", "summary" weren't supplied.`);
  }
}

export function createCheckRun(
  core: SimCore,
  repo: Repo,
  appId: number,
  actor: string,
  input: CheckRunInput,
): CheckRun {
  if (!input.name) throw missingField("name");
  if (!input.head_sha) throw missingField("head_sha");
  validateRunFields(input);
  const commit = requireCommit(repo, input.head_sha);
  const now = core.now();
  let status: CheckStatus = input.status ?? "queued";
  if (input.conclusion) status = "completed";
  if (status === "completed" && !input.conclusion) {
    throw validationFailed([
      {
        resource: "CheckRun",
        code: "custom",
        field: "conclusion",
        message: "conclusion must be provided when status is completed",
      },
    ]);
  }
  const suite = suiteFor(core, repo, appId, commit.sha);
  const id = core.store.ids.take("checkRun");
  const run: CheckRun = {
    id,
    nodeId: nodeId("CR", id),
    suiteId: suite.id,
    appId,
    name: input.name,
    headSha: commit.sha,
    externalId: input.external_id ?? null,
    detailsUrl: input.details_url ?? null,
    status,
    conclusion: input.conclusion ?? null,
    startedAt: input.started_at ?? now,
    completedAt: status === "completed" ? (input.completed_at ?? now) : null,
    output: {
      title: input.output?.title ?? null,
      summary: input.output?.summary ?? null,
      text: input.output?.text ?? null,
    },
    rerequests: 0,
  };
  repo.checkRuns.push(run);
  core.emit("check_run", repo, actor, { action: "created", check_run: S.checkRun(core, repo, run) });
  if (status === "completed")
    core.emit("check_run", repo, actor, { action: "completed", check_run: S.checkRun(core, repo, run) });
  refreshSuite(core, repo, suite, actor);
  if (repo.protection.queue.length > 0) advanceQueue(core, repo);
  return run;
}

export function updateCheckRun(
  core: SimCore,
  repo: Repo,
  run: CheckRun,
  actor: string,
  input: CheckRunInput,
): CheckRun {
  validateRunFields(input);
  const wasCompleted = run.status === "completed";
  const now = core.now();
  if (input.name !== undefined) run.name = input.name;
  if (input.details_url !== undefined) run.detailsUrl = input.details_url;
  if (input.external_id !== undefined) run.externalId = input.external_id;
  if (input.started_at !== undefined) run.startedAt = input.started_at;
  if (input.output)
    run.output = {
      title: input.output.title ?? null,
      summary: input.output.summary ?? null,
      text: input.output.text ?? null,
    };
  if (input.status !== undefined) run.status = input.status;
  if (input.conclusion !== undefined && input.conclusion !== null) {
    run.conclusion = input.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") {
    if (!run.conclusion) {
      throw validationFailed([
        {
          resource: "CheckRun",
          code: "custom",
          field: "conclusion",
          message: "conclusion must be provided when status is completed",
        },
      ]);
    }
    run.completedAt = input.completed_at ?? run.completedAt ?? now;
  }
  if (!wasCompleted && run.status === "completed") {
    core.emit("check_run", repo, actor, { action: "completed", check_run: S.checkRun(core, repo, run) });
  }
  const suite = repo.checkSuites.find((s) => s.id === run.suiteId);
  if (suite) refreshSuite(core, repo, suite, actor);
  if (repo.protection.queue.length > 0) advanceQueue(core, repo);
  return run;
}

export function rerequestSuite(core: SimCore, repo: Repo, suite: CheckSuite, actor: string): void {
  suite.rerequests++;
  suite.status = "queued";
  suite.conclusion = null;
  suite.updatedAt = core.now();
  core.emit(
    "check_suite",
    repo,
    actor,
    { action: "rerequested", check_suite: S.checkSuite(core, repo, suite) },
    { onlyForApp: suite.appId },
  );
}

export function rerequestRun(core: SimCore, repo: Repo, run: CheckRun, actor: string): void {
  run.rerequests++;
  core.emit(
    "check_run",
    repo,
    actor,
    { action: "rerequested", check_run: S.checkRun(core, repo, run) },
    { onlyForApp: run.appId },
  );
}

/** GitHub's limit on a commit status description, in characters. */
export const STATUS_DESCRIPTION_MAX = 140;

const STATUS_STATES: StatusState[] = ["error", "failure", "pending", "success"];

export function createStatus(
  core: SimCore,
  repo: Repo,
  sha: string,
  actor: string,
  input: { state?: string; context?: string; description?: string | null; target_url?: string | null },
): CommitStatus {
  if (!input.state) throw missingField("state");
  if (!STATUS_STATES.includes(input.state as StatusState)) {
    throw validationFailed([
      { resource: "Status", code: "custom", field: "state", message: "state is not included in the list" },
    ]);
  }
  if (typeof input.description === "string" && [...input.description].length > STATUS_DESCRIPTION_MAX) {
    throw validationFailed([
      {
        resource: "Status",
        code: "custom",
        field: "description",
        message: `description is too long (maximum is ${STATUS_DESCRIPTION_MAX} characters)`,
      },
    ]);
  }
  const commit = repo.git.commit(repo.git.expandSha(sha) ?? "");
  if (!commit)
    throw validationFailed(
      [{ resource: "Status", code: "custom", field: "sha", message: `No commit found for SHA: ${sha}` }],
      `No commit found for SHA: ${sha}`,
    );
  const now = core.now();
  const id = core.store.ids.take("status");
  const status: CommitStatus = {
    id,
    nodeId: nodeId("SC", id),
    sha: commit.sha,
    context: input.context ?? "default",
    state: input.state as StatusState,
    description: input.description ?? null,
    targetUrl: input.target_url ?? null,
    creator: actor,
    createdAt: now,
    updatedAt: now,
  };
  repo.statuses.push(status);
  const branches = [...repo.git.refs]
    .filter(([ref, tip]) => ref.startsWith("refs/heads/") && tip === commit.sha)
    .map(([ref, tip]) => ({
      name: ref.slice(11),
      commit: { sha: tip, url: `${core.urls.api}/repos/${repo.fullName}/commits/${tip}` },
      protected: false,
    }));
  core.emit("status", repo, actor, {
    id: status.id,
    sha: commit.sha,
    name: repo.fullName,
    target_url: status.targetUrl,
    avatar_url: null,
    context: status.context,
    description: status.description,
    state: status.state,
    commit: S.restCommit(core, repo, commit),
    branches,
    created_at: now,
    updated_at: now,
  });
  if (repo.protection.queue.length > 0) advanceQueue(core, repo);
  return status;
}
