import type { BranchRequirements } from "../../store/protection.js";
import { latestRuns, latestStatuses } from "../../store/queries.js";
import type { Repo } from "../../store/types.js";

export type CheckVerdict = "success" | "failure" | "missing";

/** A required context on a commit: the latest check run or commit status of that name. */
export function requiredCheckState(repo: Repo, sha: string, context: string): CheckVerdict {
  const run = latestRuns(repo, sha).find((r) => r.name === context);
  const status = latestStatuses(repo, sha).find((s) => s.context === context);
  if (run?.status === "completed")
    return ["success", "neutral", "skipped"].includes(run.conclusion ?? "") ? "success" : "failure";
  if (status && status.state !== "pending") return status.state === "success" ? "success" : "failure";
  return "missing";
}

export function checkViolations(repo: Repo, sha: string, req: BranchRequirements): string[] {
  return req.checks.flatMap((c) => {
    const v = requiredCheckState(repo, sha, c);
    return v === "success"
      ? []
      : [v === "failure" ? `Required status check "${c}" is failing.` : `Required status check "${c}" is expected.`];
  });
}
