// What a decision needed but did not have: the shell fetches it and decides again (the
// actions wait until then). Pure.
import type { MembershipQuery } from "../authz.js";
import { environmentsToRead } from "../deploy/waiting.js";
import type { SteerResult } from "../deploy/steer.js";
import { pickKey, trainId, type Observation } from "../model/observation.js";
import type { TrainState } from "../model/train-state.js";
import type { ReleasePlan } from "../plan.js";
import type { PublishResult } from "../publish.js";
import type { Phase1Step } from "./phase1-step.js";
import type { Phase2Step } from "./phase2-step.js";
import type { TrainRun } from "./train-run.js";

export interface Needs {
  memberships: MembershipQuery[];
  /** Repositories (full names) whose Phase 1 details are missing. */
  details: string[];
  /** Repositories whose open critical code-scanning alerts are unknown, and at which head. */
  codeScanning: CodeScanningNeed[];
  /** Teams whose leads decide wants to mention. */
  teamLeads: string[];
  /** Health-check URLs to probe. */
  health: string[];
  /** Phase 7 wants releases, the summary file and discussions read. */
  final: boolean;
  /** Repositories whose rulesets (default and release branch) decide wants read: precondition P9. */
  rules: string[];
  /** Independent versioning: the version a repository's changelog is titled with, when not the train's. */
  changelogVersions?: Record<string, string>;
  /** Environments a train deployment waits on, whose protection rules name who can approve. */
  environments?: Array<{ repo: string; environment: string }>;
  /** Commits named by `/pick`, with the release branch they go onto. */
  picks?: Array<{ repo: string; sha: string }>;
  /** Repositories to read again as GitHub is now (a command is judged on them). */
  fresh?: string[];
}

export interface CodeScanningNeed {
  repo: string;
  /** The default branch head (precondition P4) or the release branch head (gate 2.2). */
  head: "default" | "release";
}

export const hasNeeds = (needs: Needs): boolean =>
  needs.memberships.length +
    needs.details.length +
    needs.codeScanning.length +
    needs.teamLeads.length +
    needs.health.length +
    needs.rules.length +
    (needs.environments?.length ?? 0) +
    (needs.picks?.length ?? 0) +
    (needs.fresh?.length ?? 0) >
    0 || needs.final;

/**
 * Before Phase 1, precondition P4 wants code scanning read on every default branch head,
 * also where a release branch already exists (a crash may have cut Phase 1 short before
 * its start was recorded).
 */
function preconditionScans(plan: ReleasePlan, observation: Observation): CodeScanningNeed[] {
  return plan.repos
    .map((r) => r.fullName)
    .filter((name) => {
      const observed = observation.repos[name];
      return observed?.found && observed.defaultHead && observed.defaultCodeScanning?.oid !== observed.defaultHead.oid;
    })
    .map((repo) => ({ repo, head: "default" }));
}

/**
 * Before final approval, a release PR GitHub reports blocked for a reason other than its
 * reviews: read the rulesets to name the required check (2.1).
 */
function blockedByRules(observed: Observation["repos"][string], state: TrainState): boolean {
  const pr = observed.pullRequest;
  return (
    !state.approval &&
    pr?.state === "OPEN" &&
    pr.mergeStateStatus === "BLOCKED" &&
    pr.reviewDecision !== "REVIEW_REQUIRED" &&
    pr.reviewDecision !== "CHANGES_REQUESTED"
  );
}

export function needsOf(
  run: TrainRun,
  phase1: Phase1Step,
  phase2: Phase2Step,
  deploy: SteerResult,
  published: PublishResult,
): Needs {
  const { plan, observation, state, matrix, pickNeeds } = run;
  const { started } = phase1;
  return {
    memberships: run.authz.needs,
    details: [...new Set([...matrix.needsDetails, ...phase1.p1.needsDetails])],
    ...(Object.keys(matrix.changelogVersions).length > 0 ? { changelogVersions: matrix.changelogVersions } : {}),
    codeScanning: started
      ? phase2.report.needsCodeScanning.map((repo) => ({ repo, head: "release" }))
      : preconditionScans(plan, observation),
    teamLeads: [...new Set(run.teamLeadNeeds)].filter((t) => !(t in observation.teamLeads)),
    health: deploy.healthNeeds.filter((url) => !observation.health[url]),
    final: published.needsFinal,
    rules: plan.repos
      .map((r) => r.fullName)
      .filter(
        (name) =>
          !observation.repos[name]?.rules &&
          observation.repos[name]?.defaultBranch &&
          (!started || blockedByRules(observation.repos[name]!, state)),
      ),
    environments: plan.repos.flatMap((r) =>
      environmentsToRead(r.fullName, observation.repos[r.fullName], trainId(observation.train)),
    ),
    ...(pickNeeds.length > 0
      ? { picks: [...new Map(pickNeeds.map((n) => [pickKey(n.repo, n.sha), n])).values()] }
      : {}),
    ...(run.freshNeeds.length > 0 ? { fresh: [...new Set(run.freshNeeds)] } : {}),
  };
}
