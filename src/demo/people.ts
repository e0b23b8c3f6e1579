// The people around a train, as the demo plays them: the release manager opens it, CI
// reports its checks, the team leads review, a release manager approves held deployments.
import { CHECKS, ORCHESTRATION_REPO, ORG, RELEASE_CHECKS, REPO_TEAM } from "./constellation.js";
import type { DemoWorld } from "./world.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

/** Opens a train the way a release manager does: milestone, issue, label. */
export function openTrain(world: DemoWorld, title = "BlackRoad OS 2.0", milestone = "v2.0.0"): number {
  const rita = world.sim.as("rita");
  const number = rita.createMilestone(ORCH, milestone);
  const issue = rita.createIssue({
    repo: ORCH,
    title,
    body: "The big launch: every repository of the constellation ships 2.0.0 together.",
    milestone: number,
  });
  rita.addLabels(ORCH, issue, ["release-train"]);
  return issue;
}

/** Reports the green default-branch checks of every repository, as CI would. */
export function reportChecks(world: DemoWorld, repos = world.repos): void {
  const ci = world.sim.as("ci-runner");
  for (const repo of repos) {
    const head = world.sim.store.requireRepo(repo).git.resolveCommit("main")!;
    for (const check of CHECKS) ci.completeCheckRun(repo, head, check, "success");
  }
}

/** The repositories' CI completing `checks` on each release branch's head (where the branch exists). */
function completeOnReleaseHeads(
  world: DemoWorld,
  checks: readonly string[],
  conclusion: "success" | "failure",
  repos: string[],
  branch: string,
): void {
  const ci = world.sim.as("ci-runner");
  for (const repo of repos) {
    const head = world.sim.store.requireRepo(repo).git.resolveCommit(branch);
    if (!head) continue;
    for (const check of checks) ci.completeCheckRun(repo, head, check, conclusion);
  }
}

/** CI on the release PRs: the integration suite and the security scan, as configured in the example. */
export function reportReleaseChecks(
  world: DemoWorld,
  conclusion: "success" | "failure" = "success",
  repos = world.repos,
  branch = "release/v2.0.0",
): void {
  completeOnReleaseHeads(world, RELEASE_CHECKS, conclusion, repos, branch);
}

/** Smoke tests on the deployed release heads (the repositories' CI after the staging deploy). */
export function reportSmoke(
  world: DemoWorld,
  conclusion: "success" | "failure" = "success",
  repos = world.repos,
  branch = "release/v2.0.0",
): void {
  completeOnReleaseHeads(world, ["smoke-tests"], conclusion, repos, branch);
}

/** Team leads of the example configuration (maintainers of its GitHub teams), by team key. */
export const SIGNOFF_LEADS = {
  infrastructure: "ivan",
  backend: "bella",
  "core-platform": "carl",
  frontend: "fran",
  packs: "pat",
  docs: "dora",
} as const;

/** Production's required reviewer approves every deployment GitHub holds for review ("Review deployments"); returns how many. */
export function approveHeldDeployments(world: DemoWorld, reviewer: string): number {
  let count = 0;
  for (const full of world.repos) {
    for (const held of world.sim.store.requireRepo(full).environments.pending.filter((p) => !p.settled && !p.review)) {
      world.sim.as(reviewer).reviewDeployment(full, held.deploymentId, "approved", "Go for production.");
      count += 1;
    }
  }
  return count;
}

/** The lead of the team that owns a repository of the example configuration. */
export function leadOf(full: string): string {
  return SIGNOFF_LEADS[(REPO_TEAM[full.split("/")[1]!] ?? "backend") as keyof typeof SIGNOFF_LEADS];
}

/** The team leads approve their teams' open release PRs (of `branch`), as the protected default branches require. */
export function reviewReleasePrs(world: DemoWorld, repos = world.repos, branch = "release/v2.0.0"): void {
  for (const full of repos) {
    const lead = leadOf(full);
    const pr = [...world.sim.store.requireRepo(full).pulls.values()].find(
      (p) =>
        p.headRef === branch && !p.merged && world.sim.store.requireRepo(full).issues.get(p.number)?.state === "open",
    );
    if (pr) world.sim.as(lead).review(full, pr.number, "APPROVED", "Release notes and version bump look right.");
  }
}
