// probot.receive() with GitHub's real payload shapes; GitHub itself mocked with nock.
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UnpacedOctokit } from "../../src/github/unpaced-octokit.js";
import { createReleaseTrainApp, type ReleaseTrainApp } from "../../src/app.js";
import { decodeState } from "../../src/train/state.js";
import { examplePayload } from "../fixtures/webhooks.js";
import { OWNER, REPO_NAMES, fixtureConfigText } from "../helpers/core.js";

const API = "https://api.github.com";
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

function gqlRepo(name: string) {
  const commit = {
    oid: `${name}-head`,
    checkSuites: {
      nodes: [
        {
          databaseId: 1,
          checkRuns: {
            nodes: [
              {
                name: "ci",
                status: "COMPLETED",
                conclusion: "SUCCESS",
                detailsUrl: null,
                startedAt: null,
                completedAt: "2026-11-26T10:00:00Z",
              },
            ],
          },
        },
      ],
    },
    status: { contexts: [] },
  };
  return {
    nameWithOwner: `${OWNER}/${name}`,
    url: `https://github.com/${OWNER}/${name}`,
    defaultBranchRef: { name: "main", target: commit },
    releaseRef: null,
    tags: { nodes: [{ name: "v1.4.0", target: { __typename: "Commit", oid: `${name}-v140` } }] },
    pullRequests: { nodes: [] },
    openPulls: { nodes: [] },
  };
}

function issueNode(overrides: Record<string, unknown> = {}) {
  return {
    number: 1,
    title: "BlackRoad OS 2.0",
    body: "The big launch.",
    state: "OPEN",
    url: `https://github.com/${OWNER}/release-train/issues/1`,
    lastEditedAt: null,
    author: { login: "rita" },
    editor: null,
    milestone: { title: "v2.0.0" },
    labels: { nodes: [{ name: "release-train" }] },
    comments: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
    createdAt: "2026-11-27T09:00:00Z",
    revisions: { totalCount: 0, nodes: [] },
    events: {
      pageInfo: { hasPreviousPage: false },
      nodes: [
        {
          __typename: "LabeledEvent",
          createdAt: "2026-11-27T09:00:00Z",
          actor: { __typename: "User", login: "rita" },
          label: { name: "release-train" },
        },
      ],
    },
    ...overrides,
  };
}

let probot: InstanceType<typeof Probot>;
let train: ReleaseTrainApp;

// nock intercepts every request of the process: the test files after this one in the same worker talk to the simulated GitHub.
beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

beforeEach(async () => {
  const { appFn, instance } = createReleaseTrainApp({
    lanes: { debounceMs: 0, maxWaitMs: 0 },
    resyncMs: 0,
    now: () => new Date("2026-11-27T10:00:00Z"),
  });
  probot = new Probot({
    appId: 1,
    privateKey,
    logLevel: "fatal",
    Octokit: UnpacedOctokit,
  });
  await probot.load(appFn);
  train = await instance;
  nock(API)
    .post("/app/installations/7/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  nock(API).get("/app").reply(200, { slug: "release-train" });
});

afterEach(() => {
  train.close();
  nock.cleanAll();
});

const labelled = (issue: Record<string, unknown>) => {
  const payload = examplePayload<Record<string, any>>("issues", "labeled", {
    owner: OWNER,
    repo: "release-train",
    installationId: 7,
    sender: "rita",
  });
  payload.label = { ...payload.label, name: "release-train" };
  payload.issue = { ...payload.issue, ...issue, labels: [payload.label] };
  return payload;
};

describe("starting a train from a label", () => {
  it("renders the tracking issue: one GraphQL read for issue and config, one for the repositories, one for their history", async () => {
    const queries: string[] = [];
    nock(API)
      .post("/graphql", (body) => body.query.includes("query TrainObservation"))
      .reply(200, (_uri, body: any) => {
        queries.push("TrainObservation");
        expect(body.variables).toMatchObject({
          owner: OWNER,
          repo: "release-train",
          issue: 1,
          configExpr: "HEAD:.github/release-train.yml",
        });
        return {
          data: {
            orchestration: {
              nameWithOwner: `${OWNER}/release-train`,
              config: { text: fixtureConfigText() },
              issue: issueNode(),
            },
          },
        };
      });
    nock(API)
      .get("/installation/repositories")
      .query(true)
      .reply(200, {
        total_count: 12,
        repositories: [...REPO_NAMES, "release-train"].map((name) => ({ full_name: `${OWNER}/${name}` })),
      });
    nock(API)
      .post("/graphql", (body) => body.query.includes("query TrainRepositories"))
      .reply(200, (_uri, body: any) => {
        queries.push("TrainRepositories");
        expect(body.variables.releaseBranch).toBe("release/v2.0.0");
        const data: Record<string, unknown> = {};
        for (let i = 0; body.variables[`n${i}`]; i += 1) data[`r${i}`] = gqlRepo(body.variables[`n${i}`]);
        expect(Object.keys(data)).toHaveLength(11);
        return { data };
      });
    nock(API)
      .post("/graphql", (body) => body.query.includes("query ReleaseDetails"))
      .reply(200, (_uri, body: any) => {
        queries.push("ReleaseDetails");
        const data: Record<string, unknown> = {};
        for (let i = 0; body.variables[`n${i}`]; i += 1) {
          const name = body.variables[`n${i}`];
          expect(body.variables[`h${i}`]).toBe(`${name}-head`);
          expect(body.variables[`f${i}_0`]).toBe(`${name}-head:package.json`);
          data[`r${i}`] = {
            head: {
              history: {
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: [
                  {
                    oid: `${name}-c2`,
                    message: "feat: a new thing",
                    committedDate: "2026-11-20T10:00:00Z",
                    author: { user: { login: "dev" } },
                    associatedPullRequests: { nodes: [{ number: 4, labels: { nodes: [] } }] },
                  },
                  {
                    oid: `${name}-v140`,
                    message: "chore(release): v1.4.0",
                    committedDate: "2026-10-01T10:00:00Z",
                    author: null,
                    associatedPullRequests: { nodes: [] },
                  },
                ],
              },
            },
            f0: { text: '{ "name": "x", "version": "1.4.0" }\n' },
            f1: null,
            f2: null,
          };
        }
        return { data };
      });
    const scanned: string[] = [];
    nock(API)
      .get(/\/repos\/blackroad-os\/[a-z-]+\/code-scanning\/alerts/)
      .query({ ref: "refs/heads/main", state: "open", severity: "critical", per_page: "100" })
      .times(11)
      .reply((uri) => {
        scanned.push(uri.split("/")[3]!);
        return [404, { message: "no analysis found" }];
      });
    // Precondition P9: the rulesets on each default branch and on the release branch (none here).
    const ruled: string[] = [];
    nock(API)
      .get(/\/repos\/blackroad-os\/[a-z-]+\/rules\/branches\//)
      .query({ per_page: "100" })
      .times(22)
      .reply((uri) => {
        ruled.push(decodeURIComponent(uri.split("?")[0]!.split("/").slice(3).join("/")));
        return [200, []];
      });
    nock(API).get(`/repos/${OWNER}/release-train/issues/1`).reply(200, { number: 1, body: "The big launch." });
    let written = "";
    nock(API)
      .patch(`/repos/${OWNER}/release-train/issues/1`, (body) => {
        written = body.body;
        return Object.keys(body).join() === "body";
      })
      .reply(200, {});

    await probot.receive({
      id: "d1",
      name: "issues",
      payload: labelled({ number: 1, title: "BlackRoad OS 2.0" }),
    } as never);
    await train.lanes.whenIdle();

    expect(nock.pendingMocks()).toEqual([]);
    expect(queries).toEqual(["TrainObservation", "TrainRepositories", "ReleaseDetails"]);
    expect(scanned.sort()).toEqual([...REPO_NAMES].sort());
    expect(ruled.sort()).toEqual(
      REPO_NAMES.flatMap((n) => [`${n}/rules/branches/main`, `${n}/rules/branches/release/v2.0.0`]).sort(),
    );
    expect(written).toContain("code scanning not available in any repository");
    expect(written).toContain("# 🚂 Release train v2.0.0");
    expect(written).toContain(
      "| 4 | [blackroad-os-pack-finance](https://github.com/blackroad-os/blackroad-os-pack-finance) | packs | v1.4.0 | — | — | 1/1 |",
    );
    expect(written).toContain("The big launch.");
    expect(decodeState(written)).toMatchObject({ version: "2.0.0", startedAt: "2026-11-27T10:00:00.000Z" });
  });

  it("explains the accepted version forms when neither milestone nor title has one, and renders nothing", async () => {
    nock(API)
      .post("/graphql", (body) => body.query.includes("query TrainObservation"))
      .reply(200, {
        data: {
          orchestration: {
            nameWithOwner: `${OWNER}/release-train`,
            config: { text: fixtureConfigText() },
            issue: issueNode({ title: "Next big release", milestone: null }),
          },
        },
      });
    let comment = "";
    nock(API)
      .post(`/repos/${OWNER}/release-train/issues/1/comments`, (body) => {
        comment = body.body;
        return true;
      })
      .reply(201, { id: 99 });

    await probot.receive({
      id: "d2",
      name: "issues",
      payload: labelled({ number: 1, title: "Next big release", milestone: null }),
    } as never);
    await train.lanes.whenIdle();

    expect(nock.pendingMocks()).toEqual([]);
    expect(comment).toMatch(/^<!-- release-train:key=version-\w+ -->\n⚠️ /);
    expect(comment).toContain("v2.0.0");
    expect(train.registry.all()).toEqual([]);
  });

  it("reports an invalid configuration with its path and changes nothing", async () => {
    const broken = fixtureConfigText().replace(
      "dependsOn: [blackroad-os-infra]",
      "dependsOn: [blackroad-os-infrastructure]",
    );
    nock(API)
      .post("/graphql", (body) => body.query.includes("query TrainObservation"))
      .reply(200, {
        data: {
          orchestration: { nameWithOwner: `${OWNER}/release-train`, config: { text: broken }, issue: issueNode() },
        },
      });
    let comment = "";
    nock(API)
      .post(`/repos/${OWNER}/release-train/issues/1/comments`, (body) => {
        comment = body.body;
        return true;
      })
      .reply(201, { id: 100 });

    await probot.receive({ id: "d3", name: "issues", payload: labelled({ number: 1 }) } as never);
    await train.lanes.whenIdle();

    expect(nock.pendingMocks()).toEqual([]);
    expect(comment).toContain(
      "release-train cannot run this train until the configuration is fixed. Nothing was changed.",
    );
    expect(comment).toContain('- `repos[1].dependsOn[0]`: unknown repo "blackroad-os-infrastructure"');
  });

  it("drops events from repositories outside every active train without calling GitHub", async () => {
    nock.cleanAll();
    const payload = examplePayload("check_run", "completed", {
      owner: OWNER,
      repo: "somewhere-else",
      installationId: 7,
    });
    await probot.receive({ id: "d4", name: "check_run", payload } as never);
    await train.lanes.whenIdle();
    expect(train.lanes.runs.size).toBe(0);
  });
});
