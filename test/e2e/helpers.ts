// Helpers for end-to-end tests: the real app behind its webhook server, talking to the
// simulated GitHub over loopback, with the playbook's constellation seeded.
import { ORCHESTRATION_REPO, ORG } from "../../src/demo/constellation.js";
import { openTrain, reportChecks, reportReleaseChecks, reportSmoke, SIGNOFF_LEADS, type DemoWorld } from "../../src/demo/run.js";

export const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

export function appWrites(world: DemoWorld, since = 0) {
  return world.sim.requests.list().slice(since).filter((r) => r.kind === "write");
}

export function appReads(world: DemoWorld, since = 0) {
  return world.sim.requests.list().slice(since).filter((r) => r.kind === "read");
}

/** What Phase 1 leaves in a repository, for comparing runs. */
export function releaseState(world: DemoWorld, fullName: string) {
  const repo = world.sim.store.requireRepo(fullName);
  const head = repo.git.refs.get("refs/heads/release/v2.0.0") ?? null;
  const commit = head ? repo.git.commit(head) : undefined;
  const read = (path: string) => (head ? (repo.git.readFile(head, path)?.toString("utf8") ?? null) : null);
  const pulls = [...repo.pulls.values()].filter((p) => p.headRef === "release/v2.0.0");
  return {
    branch: head !== null,
    headline: commit?.message.split("\n")[0] ?? null,
    verified: commit?.verified ?? false,
    parentIsMain: commit ? commit.parents[0] === repo.git.refs.get("refs/heads/main") : false,
    version: head ? (JSON.parse(read("package.json") ?? "{}") as { version?: string }).version : null,
    changelogTop: read("CHANGELOG.md")?.split("\n").slice(0, 3).join("\n") ?? null,
    pulls: pulls.map((p) => ({ number: p.number, base: p.baseRef, title: repo.issues.get(p.number)?.title, labels: repo.issues.get(p.number)?.labels })),
    branches: [...repo.git.refs.keys()].filter((r) => r.startsWith("refs/heads/")).sort(),
  };
}

/** Opens the train, makes every precondition true, and lets Phase 1 run. */
export async function toPhase1(w: DemoWorld): Promise<number> {
  const issue = openTrain(w);
  await w.settle();
  reportChecks(w);
  await w.settle();
  w.sim.as("rita").comment(ORCH, issue, "/check P6");
  w.sim.as("rita").comment(ORCH, issue, "/check P7");
  w.sim.as("olga").comment(ORCH, issue, "/check P8");
  await w.settle();
  return issue;
}

/** From nothing to final approval (2.5): Phase 1, green release checks, sign-offs, review, /approve. */
export async function toApproved(w: DemoWorld): Promise<number> {
  const issue = await toPhase1(w);
  reportReleaseChecks(w);
  await w.settle();
  for (const lead of Object.values(SIGNOFF_LEADS)) w.sim.as(lead).comment(ORCH, issue, "/signoff");
  w.sim.as("rita").comment(ORCH, issue, "/check 2.3");
  await w.settle();
  w.sim.as("olga").comment(ORCH, issue, "/approve");
  await w.settle();
  return issue;
}

/** Phase 4 done: smoke tests green, QA, monitoring and the staging sign-off checked by their owners. */
export async function validateStaging(w: DemoWorld, issue: number): Promise<void> {
  reportSmoke(w);
  w.sim.as("ivan").comment(ORCH, issue, "/check 4.2 manual QA done");
  w.sim.as("oscar").comment(ORCH, issue, "/check 4.3 dashboards and alerts verified");
  await w.settle();
  w.sim.as("rita").comment(ORCH, issue, "/check 4.4");
  await w.settle();
}

/** Deployments the app created, in creation order, with the repository's short name. */
export function deploymentsOf(w: DemoWorld) {
  return w.repos.concat(ORCH).flatMap((full) =>
    w.sim.store.requireRepo(full).deployments.map((d) => ({
      repo: full.split("/")[1]!,
      id: d.id,
      environment: d.environment,
      task: d.task,
      sha: d.sha,
      ref: d.ref,
      createdAt: d.createdAt,
      payload: d.payload as Record<string, string>,
      states: d.statuses.map((s) => ({ state: s.state, at: s.createdAt })),
    })),
  ).sort((a, b) => a.id - b.id);
}
