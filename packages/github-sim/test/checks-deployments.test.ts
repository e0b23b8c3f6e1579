import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { expectStatus, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };

describe("sim checks, statuses, deployments, releases, code scanning", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let sha: string;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    sha = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
  });
  afterEach(async () => {
    await sim.close();
  });

  it("creates and completes the app's check runs; lists runs and suites; rerequests", async () => {
    const run = await octokit.rest.checks.create({
      ...repo,
      name: "release-train",
      head_sha: sha,
      status: "in_progress",
    });
    expect(run.status).toBe(201);
    expect(run.data).toMatchObject({
      name: "release-train",
      status: "in_progress",
      conclusion: null,
      app: { id: sim.app.id },
    });
    const done = await octokit.rest.checks.update({
      ...repo,
      check_run_id: run.data.id,
      conclusion: "success",
      output: { title: "ok", summary: "all good" },
    });
    expect(done.data).toMatchObject({ status: "completed", conclusion: "success", output: { title: "ok" } });
    sim.as("alice").completeCheckRun("acme/web", sha, "build", "success");
    const runs = await octokit.rest.checks.listForRef({ ...repo, ref: "main" });
    expect(runs.data.check_runs.map((r) => r.name).sort()).toEqual(["build", "release-train"]);
    const suites = await octokit.rest.checks.listSuitesForRef({ ...repo, ref: sha });
    expect(suites.data.total_count).toBe(2);
    const ciSuite = suites.data.check_suites.find((s) => s.app?.slug === "ci")!;
    const ciRun = sim.store.requireRepo("acme/web").checkRuns.find((r) => r.name === "build")!;
    await expectStatus(octokit.rest.checks.update({ ...repo, check_run_id: ciRun.id, conclusion: "failure" }), 403);
    const rr = await octokit.rest.checks.rerequestSuite({ ...repo, check_suite_id: ciSuite.id });
    expect(rr.status).toBe(201);
    expect(sim.store.requireRepo("acme/web").checkSuites.find((s) => s.id === ciSuite.id)!.rerequests).toBe(1);
    const own = suites.data.check_suites.find((s) => s.app?.id === sim.app.id)!;
    sim.deliveries.reset();
    await octokit.rest.checks.rerequestSuite({ ...repo, check_suite_id: own.id });
    await sim.settle();
    expect(sim.deliveries.names()).toEqual(["check_suite.rerequested"]);
  });

  it("lets a simulated CI create a completed run in one call", async () => {
    sim.as("alice").createCheckRun("acme/web", sha, "unit", "success");
    const runs = await octokit.rest.checks.listForRef({ ...repo, ref: sha, check_name: "unit" });
    expect(runs.data.check_runs).toEqual([
      expect.objectContaining({ name: "unit", status: "completed", conclusion: "success" }),
    ]);
    const user = await octokit.request("GET /users/{username}", { username: "alice" });
    expect(user.data).toMatchObject({ login: "alice", type: "User" });
    const org = await octokit.request("GET /orgs/{org}", { org: "acme" });
    expect(org.data).toMatchObject({ login: "acme", type: "Organization" });
  });

  it("combines commit statuses (latest per context)", async () => {
    expect((await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: "main" })).data).toMatchObject({
      state: "pending",
      total_count: 0,
    });
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: "pending", context: "ci" });
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: "success", context: "ci" });
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: "success", context: "e2e" });
    const combined = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: "main" });
    expect(combined.data).toMatchObject({ state: "success", total_count: 2, sha });
    const all = await octokit.rest.repos.listCommitStatusesForRef({ ...repo, ref: sha });
    expect(all.data).toHaveLength(3);
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: "failure", context: "e2e" });
    expect((await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha })).data.state).toBe("failure");
    await expectStatus(octokit.rest.repos.createCommitStatus({ ...repo, sha, state: "bogus" as "success" }), 422);
  });

  it("creates deployments (ref -> sha, payload as object or JSON string) and statuses", async () => {
    const d = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: "main",
      environment: "production",
      task: "deploy:train",
      payload: '{"train":"1.2"}',
      auto_merge: false,
      required_contexts: [],
    });
    expect(d.status).toBe(201);
    const dep = d.data as { id: number; sha: string; payload: unknown; task: string };
    expect(dep).toMatchObject({ sha, task: "deploy:train", payload: { train: "1.2" } });
    const s = await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: dep.id,
      state: "in_progress",
      log_url: "https://ci/log",
    });
    expect(s.status).toBe(201);
    sim
      .as("deployer")
      .createDeploymentStatus("acme/web", dep.id, "success", { environment_url: "https://web.example" });
    const statuses = await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: dep.id });
    expect(statuses.data.map((x) => x.state)).toEqual(["success", "in_progress"]);
    const list = await octokit.rest.repos.listDeployments({
      ...repo,
      sha,
      task: "deploy:train",
      environment: "production",
    });
    expect(list.data.map((x) => x.id)).toEqual([dep.id]);
    expect((await octokit.rest.repos.listDeployments({ ...repo, environment: "staging" })).data).toEqual([]);
    await sim.settle();
    expect(sim.deliveries.names()).toEqual([
      "deployment.created",
      "deployment_status.created",
      "deployment_status.created",
    ]);
    const ds = sim.deliveries.last()!.payload as any;
    expect(ds).toMatchObject({
      deployment_status: { state: "success", environment_url: "https://web.example" },
      deployment: { id: dep.id },
      sender: { login: "deployer" },
    });
  });

  it("refuses a deployment whose required contexts are not green (409)", async () => {
    sim.as("ci").setStatus("acme/web", sha, "ci", "failure");
    const body = await expectStatus(octokit.rest.repos.createDeployment({ ...repo, ref: "main" }), 409);
    expect(body["message"]).toBe("Conflict: Commit status checks failed for main.");
    expect(body["errors"][0]).toMatchObject({
      contexts: [{ context: "ci", state: "failure" }],
      field: "required_contexts",
    });
    const forced = await octokit.rest.repos.createDeployment({ ...repo, ref: "main", required_contexts: [] });
    expect(forced.status).toBe(201);
  });

  it("creates releases (tag created from target), refuses duplicates, finds latest and by tag", async () => {
    const r = await octokit.rest.repos.createRelease({ ...repo, tag_name: "v1.2.0", name: "1.2.0", body: "notes" });
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject({
      tag_name: "v1.2.0",
      target_commitish: "main",
      draft: false,
      author: { login: "release-train[bot]" },
    });
    expect(sim.store.requireRepo("acme/web").git.refs.get("refs/tags/v1.2.0")).toBe(sha);
    const dup = await expectStatus(octokit.rest.repos.createRelease({ ...repo, tag_name: "v1.2.0" }), 422);
    expect(dup).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Release", code: "already_exists", field: "tag_name" }],
    });
    await octokit.rest.repos.createRelease({ ...repo, tag_name: "v1.3.0-rc.1", prerelease: true });
    const latest = await octokit.rest.repos.getLatestRelease({ ...repo });
    expect(latest.data.tag_name).toBe("v1.2.0");
    const byTag = await octokit.rest.repos.getReleaseByTag({ ...repo, tag: "v1.3.0-rc.1" });
    expect(byTag.data.prerelease).toBe(true);
    const edited = await octokit.rest.repos.updateRelease({ ...repo, release_id: r.data.id, body: "better notes" });
    expect(edited.data.body).toBe("better notes");
    expect((await octokit.rest.repos.listReleases({ ...repo })).data).toHaveLength(2);
    await sim.settle();
    expect(sim.deliveries.names().slice(0, 5)).toEqual([
      "push",
      "create",
      "release.created",
      "release.published",
      "release.released",
    ]);
  });

  it("seeds deployments and releases without webhooks", async () => {
    const id = sim.seed.deployment("acme/web", {
      ref: "main",
      environment: "production",
      statuses: ["in_progress", "success"],
    });
    sim.seed.release("acme/web", { tag_name: "v0.9.0" });
    const data = await octokit.graphql<any>(`{ repository(owner: "acme", name: "web") {
      deployments(first: 5) { nodes { databaseId state latestStatus { state } } } latestRelease { tagName } } }`);
    expect(data.repository.deployments.nodes).toEqual([
      { databaseId: id, state: "ACTIVE", latestStatus: { state: "SUCCESS" } },
    ]);
    expect(data.repository.latestRelease.tagName).toBe("v0.9.0");
    await sim.settle();
    expect(sim.deliveries.length).toBe(0);
  });

  it("answers code scanning 404 'no analysis found' until enabled", async () => {
    const body = await expectStatus(octokit.request("GET /repos/{owner}/{repo}/code-scanning/alerts", repo), 404);
    expect(body["message"]).toBe("no analysis found");
    sim.seed.codeScanning("acme/web", [{ securitySeverityLevel: "critical" }, { state: "fixed" }]);
    const open = await octokit.rest.codeScanning.listAlertsForRepo({ ...repo, state: "open" });
    expect(open.data.map((a) => a.rule.security_severity_level)).toEqual(["critical"]);
  });
});
