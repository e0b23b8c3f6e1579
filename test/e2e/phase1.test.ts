// End to end: Phase 1 across the playbook's 11 repositories on the simulated GitHub,
// including a crash after every single write.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import type { FaultRequest } from "github-sim";
import { appWrites, releaseState, toPhase1 } from "./helpers.js";

let world: DemoWorld;

/** Classifies a request the way GitHub's limits do: mutations and non-GET REST calls write. */
function isWrite(req: FaultRequest): boolean {
  if (req.route.startsWith("POST /app/installations/")) return false; // token, not a write
  if (req.path === "/graphql")
    return /^\s*mutation\b/.test(String((req.body as { query?: string } | null)?.query ?? ""));
  return req.method !== "GET" && req.method !== "HEAD";
}
/** A write's kind: its REST route, or its GraphQL mutation's operation name. */
function writeKind(req: {
  route: string;
  operationName?: string | null;
  graphql?: { operationName: string | null };
}): string {
  const operation = req.operationName ?? req.graphql?.operationName;
  return operation ? `mutation ${operation}` : req.route;
}
/** The tracking issue's body (re-rendered as often as reconciles run); every other write changes a repository. */
const BODY_WRITE = "PATCH /repos/{owner}/{repo}/issues/{issue_number}";
afterEach(async () => world?.close());

describe("Phase 1 end to end", () => {
  it("prepares all 11 repositories: branch, one verified commit, changelog, release PR", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 8 });
    const issue = await toPhase1(world);
    for (const repo of world.repos) {
      const state = releaseState(world, repo);
      expect(state, repo).toMatchObject({
        branch: true,
        headline: "chore(release): v2.0.0",
        verified: true,
        parentIsMain: true,
        version: "2.0.0",
      });
      expect(state.changelogTop).toMatch(
        /^# Changelog\n\n## \[2\.0\.0\]\(https:\/\/github\.com\/blackroad-os\/[a-z-]+\/compare\/v1\.\d\.\d\.\.\.v2\.0\.0\) \(\d{4}-\d{2}-\d{2}\)$/,
      );
      expect(state.pulls).toEqual([
        { number: expect.any(Number), base: "main", title: "release: v2.0.0", labels: ["release-train"] },
      ]);
    }
    const body = trackingBody(world, issue);
    for (const step of ["1.1", "1.3", "1.4", "1.5"])
      expect(body).toMatch(new RegExp(`- \\[x\\] \\*\\*${step.replace(".", "\\.")}\\*\\* .* · 11/11`));
    expect(body).toContain("- [x] **1.2**");

    // A reconcile right after writes nothing.
    const before = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    expect(appWrites(world, before)).toEqual([]);
  });

  it("the changelog keeps every commit: breaking, features, fixes, others", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 10 });
    await toPhase1(world);
    const repo = world.sim.store.requireRepo("blackroad-os/blackroad-os-api");
    const head = repo.git.refs.get("refs/heads/release/v2.0.0")!;
    const changelog = repo.git.readFile(head, "CHANGELOG.md")!.toString("utf8");
    for (const section of [
      "### ⚠ BREAKING CHANGES",
      "### Features",
      "### Bug Fixes",
      "### Performance Improvements",
      "### Other changes",
    ])
      expect(changelog).toContain(section);
    expect(changelog).toContain("* Update README");
    expect(changelog).toContain("* drop the v1 configuration format");
    const pr = [...repo.pulls.values()].find((p) => p.headRef === "release/v2.0.0")!;
    expect(repo.issues.get(pr.number)!.body).toContain("### ⚠ BREAKING CHANGES");
  });

  // The exhaustive version — a crash after every single write of a whole train — is
  // `npm run chaos` (crash modes). Here: a crash right after the first write of every kind
  // Phase 1 makes, and after its very last write.
  it("a crash after a write of any kind is harmless: the restarted app finishes with no duplicates", async () => {
    // The clean run, for comparison.
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3 });
    const cleanStart = world.sim.requests.length;
    await toPhase1(world);
    const expected = world.repos.map((r) => releaseState(world, r));
    const writes = appWrites(world, cleanStart);
    await world.close();
    expect(writes.length).toBeGreaterThanOrEqual(44);
    const kinds = [...new Set(writes.map(writeKind))];
    const changes = writes.filter((w) => w.route !== BODY_WRITE);
    expect(kinds.length).toBeGreaterThanOrEqual(6);

    const crashes: Array<{ name: string; at: (req: FaultRequest, kind: string, total: number) => boolean }> = [
      ...kinds.map((kind) => ({ name: `the first ${kind}`, at: (_: FaultRequest, k: string) => k === kind })),
      // The last write that changes a repository (how often the tracking issue is re-rendered varies with how deliveries batch).
      {
        name: `write ${changes.length} to the repositories, the last`,
        at: (req: FaultRequest, _k: string, total: number) => req.route !== BODY_WRITE && total === changes.length,
      },
    ];
    for (const crash of crashes) {
      world = await startDemoWorld({ quiet: true, commitsPerRepo: 3 });
      // After that write the app is dead: every further request of that process fails.
      let total = 0;
      let dead = false;
      world.sim.faults.add((req) => {
        if (dead) return "drop-connection";
        if (!isWrite(req)) return undefined;
        if (req.route !== BODY_WRITE) total += 1;
        if (crash.at(req, writeKind(req), total)) dead = true;
        return undefined;
      });
      await toPhase1(world).catch(() => undefined);
      expect(dead, `${crash.name} happened`).toBe(true);
      // A new process: no memory of the old one, only GitHub.
      world.sim.faults.clear();
      await world.restartApp();
      await world.settle();
      const actual = world.repos.map((r) => releaseState(world, r));
      expect(actual, `crash after ${crash.name}`).toEqual(
        expected.map((e, i) => ({
          ...e,
          pulls: e.pulls.map((p, j) => ({ ...p, number: actual[i]!.pulls[j]?.number })),
        })),
      );
      await world.close();
    }
  }, 240_000);
});
