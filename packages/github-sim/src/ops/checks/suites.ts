import type { SimCore } from "../../core.js";
import * as S from "../../serialize/index.js";
import type { CheckConclusion, CheckSuite, Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";

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

export function suiteFor(core: SimCore, repo: Repo, appId: number, headSha: string): CheckSuite {
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
export function refreshSuite(core: SimCore, repo: Repo, suite: CheckSuite, actor: string): void {
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
