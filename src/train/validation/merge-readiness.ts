/** What GitHub's branch rules still want before each release PR could merge (reviews, required checks). */
import { mergeReadiness, type Readiness } from "../branch-rules.js";
import { summarizeChecks } from "../checks.js";
import type { GateInput } from "./gate-report.js";

export function releaseReadiness(
  { plan, observation, prepared }: GateInput,
  missing: string[],
): { readiness: Record<string, Readiness>; computing: string[] } {
  const readiness: Record<string, Readiness> = {};
  for (const repo of plan.repos) {
    const observed = observation.repos[repo.fullName];
    const pr = observed?.pullRequest;
    if (!observed || !pr || pr.state !== "OPEN") continue;
    const head = observed.releaseBranch;
    readiness[repo.fullName] = mergeReadiness(observed, pr, (name) => {
      const summary = summarizeChecks(head, [name]);
      return summary.status === "ok" ? "ok" : summary.status === "failed" ? "failed" : "waiting";
    });
  }
  const pullOf = (r: { name: string; fullName: string }) =>
    `${r.name}#${observation.repos[r.fullName]!.pullRequest!.number}`;
  const blocked = plan.repos.filter(
    (r) => readiness[r.fullName] && !readiness[r.fullName]!.ready && !readiness[r.fullName]!.unknown,
  );
  if (prepared && blocked.length > 0) {
    missing.push(
      `GitHub's branch rules: ${blocked.map((r) => `${pullOf(r)} ${readiness[r.fullName]!.missing}`).join("; ")}`,
    );
  }
  // GitHub answers mergeability in the background: no failure, an answer to wait for.
  const computing = prepared ? plan.repos.filter((r) => readiness[r.fullName]?.unknown).map(pullOf) : [];
  return { readiness, computing };
}
