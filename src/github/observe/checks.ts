// A commit's checks as GitHub answers them: check runs (by suite) and commit statuses,
// read into one list with one notion of state.
import type { CheckObservation, CommitObservation } from "../../train/model/repo-observation.js";

export interface GqlCommit {
  oid: string;
  checkSuites?: { nodes: Array<{ databaseId: number; checkRuns: { nodes: GqlCheckRun[] } } | null> } | null;
  status?: { contexts: Array<{ context: string; state: string; targetUrl: string | null; createdAt: string }> } | null;
}
interface GqlCheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  detailsUrl: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

const checkState = (status: string, conclusion: string | null): CheckObservation["state"] => {
  if (status !== "COMPLETED") return "pending";
  switch (conclusion) {
    case "SUCCESS":
      return "success";
    case "NEUTRAL":
      return "neutral";
    case "SKIPPED":
      return "skipped";
    default:
      return "failure";
  }
};

const statusState = (state: string): CheckObservation["state"] =>
  state === "SUCCESS" ? "success" : state === "PENDING" || state === "EXPECTED" ? "pending" : "failure";

export function toCommit(commit: GqlCommit | null | undefined): CommitObservation | null {
  if (!commit?.oid) return null;
  const checks: CheckObservation[] = [];
  for (const suite of commit.checkSuites?.nodes ?? []) {
    for (const run of suite?.checkRuns.nodes ?? []) {
      checks.push({
        name: run.name,
        source: "check",
        state: checkState(run.status, run.conclusion),
        url: run.detailsUrl,
        suiteId: suite!.databaseId,
        at: run.completedAt ?? run.startedAt,
      });
    }
  }
  for (const ctx of commit.status?.contexts ?? []) {
    checks.push({
      name: ctx.context,
      source: "status",
      state: statusState(ctx.state),
      url: ctx.targetUrl,
      at: ctx.createdAt,
    });
  }
  return { oid: commit.oid, checks };
}
