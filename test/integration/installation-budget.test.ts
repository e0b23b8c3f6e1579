// The installation's one API budget against the strict simulated GitHub, on its clock:
// the content-creation caps are never exceeded, and a secondary-limit 403 pauses every
// client of the installation until GitHub's retry-after, the refused write then sent once.
import { afterEach, describe, expect, it } from "vitest";
import { InstallationBudgets } from "../../src/github/budget/scheduler.js";
import { LocalBudgetStore } from "../../src/github/budget/store.js";
import { productionOctokit, SteppedClock } from "../../src/github/production-octokit.js";
import { unpacedOctokit } from "../../src/github/unpaced-octokit.js";
import type { SimulatedGitHub } from "github-sim";
import { INSTALLATION_ID, setup, type Octokit } from "../../packages/github-sim/test/helpers.js";

let sim: SimulatedGitHub;
afterEach(async () => sim?.close());

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const START = "2026-03-02T14:00:00Z";

async function world(paced: boolean) {
  ({ sim } = await setup({ clock: { start: START, frozen: true } }));
  const clock = new SteppedClock(sim.clock);
  const budgets = new InstallationBudgets(new LocalBudgetStore(), clock, paced);
  const Octokit = paced ? productionOctokit(clock, budgets) : unpacedOctokit(budgets);
  const client = () =>
    new Octokit({
      auth: { appId: sim.app.id, privateKey: sim.app.privateKey!, installationId: INSTALLATION_ID },
      baseUrl: sim.url,
      log: quiet,
    }) as Octokit;
  const issue = sim.seed.issue("acme/web", { title: "t", author: "alice" });
  return { budgets, client, issue };
}

const commentPosts = () =>
  sim.requests.list().filter((r) => r.route === "POST /repos/{owner}/{repo}/issues/{issue_number}/comments");
const commentsOn = (issue: number) => sim.store.commentsOf(sim.store.requireRepo("acme/web"), issue);

describe("one API budget per installation", () => {
  it("sends 600 concurrent content-creating requests without one secondary-limit answer: 80 a minute, 500 an hour", async () => {
    const { client, issue } = await world(false);
    const a = client();
    const b = client(); // another client of the same installation (Probot makes one per event)
    await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        (i % 2 ? a : b).rest.issues.createComment({ owner: "acme", repo: "web", issue_number: issue, body: `n${i}` }),
      ),
    );
    expect(sim.contentLimits.hits).toBe(0);
    expect(commentPosts().every((r) => r.status === 201)).toBe(true);
    expect(commentsOn(issue)).toHaveLength(600);
    // the 501st had to wait for the first one's hour
    expect(sim.clock.ms() - Date.parse(START)).toBeGreaterThanOrEqual(3_600_000);
  });

  it("spaces writes 1 s apart on the simulated clock when paced", async () => {
    const { client, issue } = await world(true);
    const c = client();
    for (let i = 0; i < 3; i++)
      await c.rest.issues.update({ owner: "acme", repo: "web", issue_number: issue, title: `t${i}` });
    const at = sim.requests
      .list()
      .filter((r) => r.method === "PATCH")
      .map((r) => Date.parse(r.at));
    expect(at.map((t) => t - at[0]!)).toEqual([0, 1_000, 2_000]);
  });

  it("pauses the whole installation on a secondary-limit 403 until retry-after, then sends the refused write once", async () => {
    const { budgets, client, issue } = await world(false);
    let refusedAt = 0;
    sim.faults.once((req) => {
      if (req.route !== "POST /repos/{owner}/{repo}/issues/{issue_number}/comments") return undefined;
      refusedAt = sim.clock.ms();
      return {
        status: 403,
        headers: { "retry-after": "120" },
        body: {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          status: "403",
        },
      };
    });
    const first = client().rest.issues.createComment({
      owner: "acme",
      repo: "web",
      issue_number: issue,
      body: "refused, then sent",
    });
    while (budgets.rateLimited === 0) await new Promise((r) => setImmediate(r));
    const before = sim.requests.length;
    const other = client();
    await Promise.all([
      first,
      other.rest.repos.get({ owner: "acme", repo: "web" }),
      other.rest.issues.createComment({ owner: "acme", repo: "web", issue_number: issue, body: "other" }),
    ]);
    const after = sim.requests
      .list()
      .slice(before)
      .filter((r) => r.kind !== "auth");
    expect(after.length).toBe(3);
    for (const r of after) expect(Date.parse(r.at)).toBeGreaterThanOrEqual(refusedAt + 120_000);
    expect(commentPosts().map((r) => r.status)).toEqual([403, 201, 201]);
    expect(
      commentsOn(issue)
        .map((c) => c.body)
        .sort(),
    ).toEqual(["other", "refused, then sent"]);
  });

  it("waits for the reset when GitHub reports the GraphQL points spent, then sends the query again", async () => {
    const { budgets, client } = await world(false);
    sim.rateLimiter.exhaust(`installation:${INSTALLATION_ID}`, "graphql");
    const c = client();
    const data = await c.graphql<{ repository: { name: string } }>(
      `{ repository(owner: "acme", name: "web") { name } }`,
    );
    expect(data.repository.name).toBe("web");
    expect(budgets.rateLimited).toBe(1);
    const graphql = sim.requests.list().filter((r) => r.route === "POST /graphql");
    expect(graphql).toHaveLength(2);
    expect(Date.parse(graphql[1]!.at) - Date.parse(graphql[0]!.at)).toBeGreaterThanOrEqual(3_600_000);
  });
});
