// Helpers for end-to-end tests: the real app behind its webhook server, talking to the
// simulated GitHub over loopback, with the playbook's constellation seeded.
import { ORCHESTRATION_REPO, ORG } from "../../src/demo/constellation.js";
import { type DemoWorld, openTrain, reportChecks, startDemoWorld } from "../../src/demo/run.js";
import { toApproved, toBaked } from "../../src/demo/script.js";
export { toApproved, toBaked, toPhase1, validateStaging } from "../../src/demo/script.js";

export const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

export function appWrites(world: DemoWorld, since = 0) {
  return world.sim.requests
    .list()
    .slice(since)
    .filter((r) => r.kind === "write");
}

/** The tracking issue's comments, as GitHub keeps them. */
export function trackingComments(w: DemoWorld, issue: number) {
  return w.sim.store.commentsOf(w.sim.store.requireRepo(ORCH), issue);
}

export function appReads(world: DemoWorld, since = 0) {
  return world.sim.requests
    .list()
    .slice(since)
    .filter((r) => r.kind === "read");
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
    pulls: pulls.map((p) => ({
      number: p.number,
      base: p.baseRef,
      title: repo.issues.get(p.number)?.title,
      labels: repo.issues.get(p.number)?.labels,
    })),
    branches: [...repo.git.refs.keys()].filter((r) => r.startsWith("refs/heads/")).sort(),
  };
}

/** Deployments the app created, in creation order, with the repository's short name. */
export function deploymentsOf(w: DemoWorld) {
  return w.repos
    .concat(ORCH)
    .flatMap((full) =>
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
    )
    .sort((a, b) => a.id - b.id);
}

/** The playbook's release order (levels from dependsOn). */
export const LEVEL: Record<string, number> = {
  "blackroad-os-infra": 1,
  "blackroad-os-api-gateway": 2,
  "blackroad-os-archive": 2,
  "blackroad-os-api": 3,
  "blackroad-os-core": 3,
  "blackroad-os-web": 4,
  "blackroad-os-pack-finance": 4,
  "blackroad-os-pack-legal": 4,
  "blackroad-os-prism-console": 5,
  "blackroad-os-docs": 5,
  "blackroad-os-home": 5,
};

/** A train on the production client, its automatic preconditions met, waiting for P6–P8; `keep` gets the world first (to close it). */
export async function trainAtPreconditions(keep: (w: DemoWorld) => void) {
  const w = await startDemoWorld({
    quiet: true,
    commitsPerRepo: 3,
    frozenAt: "2026-11-27T09:00:00Z",
    productionClient: true,
  });
  keep(w);
  const issue = openTrain(w);
  await w.settle();
  reportChecks(w);
  await w.settle();
  return { w, issue };
}

/** A whole train up to its retrospective: released everywhere, the retrospective issue open. */
export async function toRetrospective(w: DemoWorld) {
  const issue = await toApproved(w);
  await toBaked(w, issue);
  w.sim.as("oscar").comment(ORCH, issue, "/check 6.4 no escalations");
  await w.settle();
  const retro = [...w.sim.store.requireRepo(ORCH).issues.values()].find((i) =>
    i.labels.includes("release-train:retrospective"),
  )!;
  return { issue, retro };
}

export const COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";

export type Fault = "502" | "drop-response" | "drop-connection";

/**
 * The first write to `route` from now on (whose body text contains `containing`, when given)
 * fails as `fault` says; counts how many it failed. `onFail` runs as it fails.
 */
export function failFirstWrite(
  w: DemoWorld,
  fault: Fault,
  route = COMMENT,
  { containing = "", onFail = () => undefined }: { containing?: string; onFail?: () => void } = {},
) {
  const failed = { count: 0 };
  w.sim.faults.add((req) => {
    const text = (req.body as { body?: string } | undefined)?.body ?? "";
    if (failed.count > 0 || req.route !== route || !text.includes(containing)) return undefined;
    failed.count++;
    onFail();
    return fault === "502" ? { status: 502, body: { message: "Server Error" } } : fault;
  });
  return failed;
}
