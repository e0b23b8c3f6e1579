import { afterEach, describe, expect, it } from "vitest";
import { costOfQuery } from "../src/graphql/cost.js";
import type { SimulatedGitHub } from "../src/index.js";
import { installationToken, setup } from "./helpers.js";

const START = "2026-03-02T14:00:00Z";

describe("sim GraphQL points (GitHub's cost formula, charged to the installation)", () => {
  let sim: SimulatedGitHub;
  let token: string;

  async function start(rateLimit?: number): Promise<void> {
    const made = await setup({ clock: { start: START, frozen: true }, ...(rateLimit ? { rateLimit } : {}) });
    sim = made.sim;
    token = await installationToken(made.octokit);
  }

  async function post(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; headers: Headers; body: any }> {
    const res = await fetch(`${sim.url}/graphql`, {
      method: "POST",
      headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, headers: res.headers, body: await res.json() };
  }

  afterEach(async () => {
    await sim?.close();
  });

  it("costs the sum of requests each connection needs (first/last multiplied through the nesting) / 100, rounded, at least 1", () => {
    // 1 request for the pull requests + 100 for their labels + 100 for their reviews = 201 → 2 points
    const q = `{ repository(owner: "acme", name: "web") { pullRequests(first: 100) { nodes { labels(first: 50) { nodes { name } } reviews(last: 100) { totalCount } } } } }`;
    expect(costOfQuery(q)).toMatchObject({ requests: 201, cost: 2, nodeCount: 100 + 100 * 50 + 100 * 100 });
    // through a fragment and a variable: 1 + 100 + 100 × 100 = 10,101 → 101
    const deep = `query($n: Int) { repository(owner: "acme", name: "web") { pullRequests(first: $n) { nodes { ...C } } } }
      fragment C on PullRequest { commits(first: 100) { nodes { commit { checkSuites(first: 1) { totalCount } } } } }`;
    expect(costOfQuery(deep, { n: 100 })).toMatchObject({ requests: 10_101, cost: 101 });
    // rounding: 151 requests → 2, 148 → 1; no connection at all → the minimum of 1
    const three = (n: number) =>
      `{ repository(owner: "acme", name: "web") { pullRequests(first: ${n}) { nodes { labels(first: 10) { totalCount } reviews(first: 10) { totalCount } commits(first: 10) { totalCount } } } } }`;
    expect(costOfQuery(three(50)).cost).toBe(2);
    expect(costOfQuery(three(49)).cost).toBe(1);
    expect(costOfQuery(`{ repository(owner: "acme", name: "web") { name } }`).cost).toBe(1);
  });

  it("charges each call its cost, answers rateLimit { cost remaining resetAt limit used nodeCount } and the x-ratelimit-* headers", async () => {
    await start();
    const q = `{ rateLimit { cost remaining resetAt limit used nodeCount } repository(owner: "acme", name: "web") { pullRequests(first: 100) { nodes { labels(first: 50) { totalCount } reviews(last: 100) { totalCount } } } } }`;
    const first = await post(q);
    expect(first.status).toBe(200);
    expect(first.body.data.rateLimit).toEqual({
      cost: 2,
      remaining: 14_998,
      resetAt: "2026-03-02T15:00:00Z",
      limit: 15_000,
      used: 2,
      nodeCount: 15_100,
    });
    expect(first.headers.get("x-ratelimit-resource")).toBe("graphql");
    expect(first.headers.get("x-ratelimit-used")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("14998");
    expect(first.headers.get("x-ratelimit-reset")).toBe(String(Date.parse("2026-03-02T15:00:00Z") / 1000));
    const second = await post(q);
    expect(second.body.data.rateLimit).toMatchObject({ cost: 2, remaining: 14_996, used: 4 });
    // REST has its own budget
    const rest = await fetch(`${sim.url}/repos/acme/web`, { headers: { authorization: `token ${token}` } });
    expect(rest.headers.get("x-ratelimit-resource")).toBe("core");
    expect(rest.headers.get("x-ratelimit-used")).toBe("1");
  });

  it("refuses a call once the points are spent, with GitHub's RATE_LIMITED error, until the reset on the simulated clock", async () => {
    await start(10);
    const q = `{ repository(owner: "acme", name: "web") { pullRequests(first: 100) { nodes { labels(first: 50) { totalCount } reviews(last: 100) { totalCount } } } } }`;
    for (let i = 0; i < 5; i++) expect((await post(q)).body.data.repository).toBeTruthy();
    const refused = await post(q);
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({
      errors: [
        {
          type: "RATE_LIMITED",
          code: "graphql_rate_limit",
          message: "API rate limit already exceeded for installation ID 77.",
        },
      ],
    });
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    sim.clock.advance(59 * 60_000);
    expect((await post(q)).body.errors[0].type).toBe("RATE_LIMITED");
    sim.clock.advance(60_000);
    const after = await post(`{ rateLimit { remaining used } }`);
    expect(after.body.data.rateLimit).toEqual({ remaining: 9, used: 1 });
  });

  it("refuses a call over 500,000 possible nodes with GitHub's error, before running it", async () => {
    await start();
    const q = `{ repository(owner: "acme", name: "web") { pullRequests(first: 100) { nodes { commits(first: 100) { nodes { commit {
      checkSuites(first: 100) { nodes { checkRuns(first: 100) { totalCount } } } } } } } } } }`;
    const res = await post(q);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      {
        type: "MAX_NODE_LIMIT_EXCEEDED",
        path: [],
        locations: [],
        message:
          "By the time this query traverses to the checkSuites connection, it is requesting up to 1,010,100 possible nodes which exceeds the maximum limit of 500,000.",
      },
    ]);
    expect(res.headers.get("x-ratelimit-used")).toBe("1");
  });
});
