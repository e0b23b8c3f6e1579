import type { SimCore } from "../../core.js";
import { ApiError, missingField, validationFailed } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { CheckConclusion, CheckRun, CheckStatus, Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { requireCommit } from "../git.js";
import { advanceQueue } from "../merge-queue.js";
import { refreshSuite, suiteFor } from "./suites.js";

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
