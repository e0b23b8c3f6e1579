import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { setup, type Octokit } from "./helpers.js";

/** The exact selections the app's deployment phases read. */
const DEPLOYMENTS = /* GraphQL */ `
  query Deployments($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      deployments(first: 30, environments: ["staging", "production", "maintenance"], orderBy: { field: CREATED_AT, direction: DESC }) {
        nodes { databaseId environment task payload commitOid createdAt latestStatus { state createdAt } }
      }
    }
  }`;

const INCIDENTS = /* GraphQL */ `
  query Incidents($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      issues(first: 20, labels: ["release-train:incident"], orderBy: { field: CREATED_AT, direction: DESC }) {
        nodes { number url title body state }
      }
    }
  }`;

describe("sim GraphQL reads of deployments and incidents", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup({ clock: { start: "2024-05-01T10:00:00Z", frozen: true } }));
  });
  afterEach(async () => {
    await sim.close();
  });

  it("answers the deployments selection: environments filter, CREATED_AT DESC, payload string, latestStatus", async () => {
    const sha = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
    const staging = sim.seed.deployment("acme/web", {
      ref: "main",
      environment: "staging",
      payload: { train: "1.2.0" },
      statuses: ["in_progress", "success"],
    });
    sim.clock.advance(60_000);
    const preview = sim.seed.deployment("acme/web", { ref: "main", environment: "preview" });
    sim.clock.advance(60_000);
    const prod = sim.seed.deployment("acme/web", {
      ref: "main",
      environment: "production",
      task: "deploy:train",
      statuses: ["in_progress"],
    });
    sim.clock.set("2024-05-01T09:00:00Z"); // created last but dated earliest: order follows createdAt, not id
    const maint = sim.seed.deployment("acme/web", { ref: "main", environment: "maintenance" });

    const data = await octokit.graphql<any>(DEPLOYMENTS, { owner: "acme", name: "web" });
    const nodes = data.repository.deployments.nodes;
    expect(nodes.map((n: any) => n.databaseId)).toEqual([prod, staging, maint]);
    expect(nodes.map((n: any) => n.databaseId)).not.toContain(preview);
    expect(nodes[0]).toEqual({
      databaseId: prod,
      environment: "production",
      task: "deploy:train",
      payload: "{}",
      commitOid: sha,
      createdAt: "2024-05-01T10:02:00Z",
      latestStatus: { state: "IN_PROGRESS", createdAt: "2024-05-01T10:02:00Z" },
    });
    expect(nodes[1]).toMatchObject({ payload: '{"train":"1.2.0"}', latestStatus: { state: "SUCCESS" } });
    expect(JSON.parse(nodes[1].payload)).toEqual({ train: "1.2.0" });
    expect(nodes[2]).toMatchObject({
      environment: "maintenance",
      createdAt: "2024-05-01T09:00:00Z",
      latestStatus: null,
    });
  });

  it("shows the deployer's statuses to the same query", async () => {
    sim.deployer.enable({ delayMs: 1 });
    sim.deployer.breakRepo("web", { environment: "production" });
    await octokit.rest.repos.createDeployment({
      owner: "acme",
      repo: "web",
      ref: "main",
      environment: "staging",
      payload: { v: 1 },
      required_contexts: [],
    });
    await octokit.rest.repos.createDeployment({
      owner: "acme",
      repo: "web",
      ref: "main",
      environment: "production",
      required_contexts: [],
    });
    await sim.settle();
    const data = await octokit.graphql<any>(DEPLOYMENTS, { owner: "acme", name: "web" });
    expect(data.repository.deployments.nodes.map((n: any) => [n.environment, n.payload, n.latestStatus.state])).toEqual(
      [
        ["production", "{}", "FAILURE"],
        ["staging", '{"v":1}', "SUCCESS"],
      ],
    );
  });

  it("answers the incidents selection: label filter (any state), CREATED_AT DESC", async () => {
    const alice = sim.as("alice");
    const first = alice.createIssue({
      repo: "acme/web",
      title: "Incident A",
      body: "api down",
      labels: ["release-train:incident"],
    });
    sim.clock.advance(60_000);
    alice.createIssue({ repo: "acme/web", title: "Unrelated", labels: ["bug"] });
    sim.clock.advance(60_000);
    const second = alice.createIssue({
      repo: "acme/web",
      title: "Incident B",
      labels: ["release-train:incident", "p1"],
    });
    alice.closeIssue("acme/web", first);

    const data = await octokit.graphql<any>(INCIDENTS, { owner: "acme", name: "web" });
    expect(data.repository.issues.nodes).toEqual([
      {
        number: second,
        url: `https://github.com/acme/web/issues/${second}`,
        title: "Incident B",
        body: "",
        state: "OPEN",
      },
      {
        number: first,
        url: `https://github.com/acme/web/issues/${first}`,
        title: "Incident A",
        body: "api down",
        state: "CLOSED",
      },
    ]);
  });
});
