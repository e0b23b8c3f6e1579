// The people's part of a train, scripted: what the release manager, CI and the team
// leads do to take a train to a given point. Used by the tests and the benchmarks.
import { ORCHESTRATION_REPO, ORG } from "./constellation.js";
import { branchRequirements } from "github-sim";
import { RELEASE_CHECKS } from "./constellation.js";
import {
  leadOf,
  openTrain,
  reportChecks,
  reportReleaseChecks,
  reportSmoke,
  reviewReleasePrs,
  SIGNOFF_LEADS,
} from "./people.js";
import type { DemoWorld } from "./world.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

/**
 * Opens the train (for `milestone`'s version, v2.0.0 by default; or takes the tracking issue
 * `/rc` or `/promote` opened), makes every precondition true, and lets Phase 1 run.
 */
export async function toPhase1(w: DemoWorld, train?: string | number): Promise<number> {
  const issue = typeof train === "number" ? train : train ? openTrain(w, `BlackRoad OS ${train}`, train) : openTrain(w);
  await w.settle();
  reportChecks(w);
  await w.settle();
  w.sim.as("rita").comment(ORCH, issue, "/check P6");
  w.sim.as("rita").comment(ORCH, issue, "/check P7");
  w.sim.as("olga").comment(ORCH, issue, "/check P8");
  await w.settle();
  return issue;
}

/** From nothing to final approval (2.5): Phase 1, green release checks, the leads' PR reviews, sign-offs, review meeting, /approve. */
export async function toApproved(w: DemoWorld, train?: string | number, branch = "release/v2.0.0"): Promise<number> {
  const issue = await toPhase1(w, train);
  reportReleaseChecks(w, "success", w.repos, branch);
  reviewReleasePrs(w, w.repos, branch);
  await w.settle();
  for (const lead of Object.values(SIGNOFF_LEADS)) w.sim.as(lead).comment(ORCH, issue, "/signoff");
  w.sim.as("rita").comment(ORCH, issue, "/check 2.3");
  await w.settle();
  w.sim.as("olga").comment(ORCH, issue, "/approve");
  await w.settle();
  return issue;
}

/** Phase 4 done: smoke tests green, QA, monitoring and the staging sign-off checked by their owners. */
export async function validateStaging(w: DemoWorld, issue: number, branch = "release/v2.0.0"): Promise<void> {
  reportSmoke(w, "success", w.repos, branch);
  w.sim.as("ivan").comment(ORCH, issue, "/check 4.2 manual QA done");
  w.sim.as("oscar").comment(ORCH, issue, "/check 4.3 dashboards and alerts verified");
  await w.settle();
  w.sim.as("rita").comment(ORCH, issue, "/check 4.4");
  await w.settle();
}

/** Phases 4–6: staging validated, production rolled out through its canary and bake windows, 6.3 checked. */
export async function toBaked(w: DemoWorld, issue: number, branch = "release/v2.0.0"): Promise<void> {
  await validateStaging(w, issue, branch);
  for (let i = 0; i < 8; i += 1) await w.advance(10);
  w.sim.as("fran").comment(ORCH, issue, "/check 6.3 critical journeys pass");
  await w.settle();
}

export interface DefaultBranchChange {
  branch: string;
  message: string;
  files: Record<string, string>;
}

/** `author`'s pull request of `change` into `full`'s default branch, approved by the owning team's lead, CI green on its head. */
export function openReviewedPull(w: DemoWorld, full: string, author: string, change: DefaultBranchChange): number {
  const dev = w.sim.as(author);
  dev.createBranch(full, change.branch);
  const head = dev.pushCommit(full, change.branch, { message: change.message, files: change.files });
  const number = dev.createPullRequest(full, { head: change.branch, title: change.message });
  w.sim.as(leadOf(full)).review(full, number, "APPROVED");
  for (const check of RELEASE_CHECKS) w.sim.as("ci-runner").completeCheckRun(full, head, check, "success");
  return number;
}

/**
 * A change lands on each repository's protected default branch the way GitHub lets it:
 * `author`'s branch and pull request, the owning team lead's approval, green CI on its
 * head, then a merge (through the merge queue where the branch has one).
 */
export async function landOnDefaultBranch(
  w: DemoWorld,
  repos: string[],
  author: string,
  change: DefaultBranchChange,
): Promise<void> {
  const dev = w.sim.as(author);
  const pulls = repos.map((full) => {
    const number = openReviewedPull(w, full, author, change);
    const repo = w.sim.store.requireRepo(full);
    if (branchRequirements(repo, repo.defaultBranch).mergeQueue) dev.enqueue(full, number);
    else dev.mergePullRequest(full, number);
    return { full, number };
  });
  await w.settle();
  const open = pulls.filter((p) => !w.sim.store.requireRepo(p.full).pulls.get(p.number)?.merged);
  if (open.length > 0) throw new Error(`not merged: ${open.map((p) => `${p.full}#${p.number}`).join(", ")}`);
}
