// Incremental observation: what each reconcile read, from the simulated GitHub's request
// record (the repositories each GraphQL query resolved, the points it was charged).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAndPrepare } from "../../bench/measure.js";
import { startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import type { RecordedRequest } from "github-sim";
import { sum, scrape } from "../ops/helpers.js";
import { RELEASE_CHECKS } from "../../src/demo/constellation.js";
import { ORCH } from "./helpers.js";

let world: DemoWorld;
beforeAll(async () => {
  world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, greenChecks: true });
  await openAndPrepare(world);
  await world.server.app.resync();
  await world.settle();
}, 120_000);
afterAll(async () => world?.close());

const queriesSince = (since: number): RecordedRequest[] =>
  world.sim.requests
    .list()
    .slice(since)
    .filter((r) => r.graphql && !r.graphql.isMutation);
const reposRead = (queries: RecordedRequest[]) =>
  [...new Set(queries.flatMap((q) => q.graphql!.repositories ?? []))].sort();
const releaseHead = (repo: string) => world.sim.store.requireRepo(repo).git.refs.get("refs/heads/release/v2.0.0")!;
const issueBody = () =>
  [...world.sim.store.requireRepo(ORCH).issues.values()].find((i) => i.labels.includes("release-train"))!.body;

describe("incremental observation", () => {
  it("a webhook about one repository re-reads that repository and the tracking issue, not the constellation", async () => {
    const repo = world.repos[4]!;
    const since = world.sim.requests.length;
    world.sim.as("ci-runner").createCheckRun(repo, releaseHead(repo), "lint", { status: "in_progress" });
    await world.settle();
    const queries = queriesSince(since);
    expect(queries.length).toBeGreaterThan(0);
    expect(reposRead(queries)).toEqual([ORCH, repo].sort());
  });

  it("a resync where nothing changed reads every repository's fingerprint in one query and none in full", async () => {
    const since = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    const queries = queriesSince(since);
    expect(queries.map((q) => q.graphql!.operationName)).toEqual(["TrainObservation"]);
    expect(reposRead(queries)).toEqual([ORCH, ...world.repos].sort());
    expect(
      world.sim.requests
        .list()
        .slice(since)
        .filter((r) => r.kind === "write"),
    ).toEqual([]);
  });

  it("a resync after a missed webhook reads in full only the repository whose fingerprint moved, and the issue shows the change", async () => {
    const repo = world.repos[7]!;
    const name = repo.split("/")[1]!;
    world.sim.webhookFilter = () => "drop";
    // A release check (the Checks column counts those on a release branch).
    world.sim.as("ci-runner").completeCheckRun(repo, releaseHead(repo), RELEASE_CHECKS[0]!, "failure");
    await world.settle();
    world.sim.webhookFilter = () => "deliver";
    // Its row in the repositories matrix: "| 4 | [name](url) | team | PR | checks | ..."
    const row = () =>
      (issueBody() ?? "").split("\n").find((line) => new RegExp(`^\\| \\d+ \\| \\[${name}\\]\\(`).test(line)) ?? "";
    const before = row();
    const since = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    const queries = queriesSince(since);
    const full = queries.filter((q) => q.graphql!.operationName === "TrainRepositories");
    expect(full.map((q) => q.graphql!.repositories)).toEqual([[repo]]);
    expect(reposRead(queries.filter((q) => q.graphql!.operationName === "TrainObservation"))).toEqual(
      [ORCH, ...world.repos].sort(),
    );
    expect(row()).not.toEqual(before);
    expect(before).not.toContain("failing");
    expect(row()).toContain("failing");
  });

  it("counts the points GitHub charged for each reconcile's reads in /metrics", async () => {
    const before = sum(await scrape(world.server.url), "release_train_graphql_points_total");
    const since = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    const charged = queriesSince(since).reduce((total, q) => total + (q.graphql!.cost ?? 0), 0);
    expect(charged).toBeGreaterThan(0);
    expect(sum(await scrape(world.server.url), "release_train_graphql_points_total") - before).toBe(charged);
  });
});
