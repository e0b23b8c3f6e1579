// Two replicas of the app spend one installation budget through one real Redis: together
// they never exceed GitHub's content-creation caps (each with a budget of its own would).
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InstallationBudgets } from "../../src/github/budget/scheduler.js";
import { LocalBudgetStore, type BudgetStore } from "../../src/github/budget/store.js";
import { SteppedClock } from "../../src/github/production-octokit.js";
import { unpacedOctokit } from "../../src/github/unpaced-octokit.js";
import { RedisBudgetStore } from "../../src/replicas/redis-budget.js";
import type { SimulatedGitHub } from "github-sim";
import { useRedis, type TestRedis } from "../helpers/redis.js";
import { INSTALLATION_ID, setup, type Octokit } from "../../packages/github-sim/test/helpers.js";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const testRedis = useRedis();
let redis: TestRedis;
let sim: SimulatedGitHub;
const clients: Redis[] = [];
beforeEach(() => {
  redis = testRedis();
});
afterEach(async () => {
  await sim?.close();
  for (const c of clients.splice(0)) c.disconnect();
});

/** Two replicas' clients of one installation, each with its budget in `store()`; 200 comments sent half by each. */
async function twoReplicas(store: () => BudgetStore) {
  ({ sim } = await setup({ clock: { start: "2026-03-02T14:00:00Z", frozen: true } }));
  const clock = new SteppedClock(sim.clock); // GitHub's time, seen by both
  const replica = () => {
    const Octokit = unpacedOctokit(new InstallationBudgets(store(), clock, false));
    return new Octokit({
      auth: { appId: sim.app.id, privateKey: sim.app.privateKey!, installationId: INSTALLATION_ID },
      baseUrl: sim.url,
      log: quiet,
    }) as Octokit;
  };
  const [a, b] = [replica(), replica()];
  const issue = sim.seed.issue("acme/web", { title: "t", author: "alice" });
  await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      (i % 2 ? a : b).rest.issues
        .createComment({ owner: "acme", repo: "web", issue_number: issue, body: `n${i}` })
        .catch(() => undefined),
    ),
  );
  return issue;
}

describe("two replicas on one Redis", () => {
  it("share one budget: 200 comments between them without one secondary-limit answer", async () => {
    const issue = await twoReplicas(() => {
      const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      clients.push(client);
      return new RedisBudgetStore(client);
    });
    expect(sim.contentLimits.hits).toBe(0);
    expect(sim.store.commentsOf(sim.store.requireRepo("acme/web"), issue)).toHaveLength(200);
    const writes = sim.requests.list().filter((r) => r.kind === "write");
    const perMinute = new Map<string, number>();
    for (const w of writes) perMinute.set(w.at.slice(0, 16), (perMinute.get(w.at.slice(0, 16)) ?? 0) + 1);
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(80);
  });

  it("each with a budget of its own, they would exceed the cap together", async () => {
    await twoReplicas(() => new LocalBudgetStore());
    expect(sim.contentLimits.hits).toBeGreaterThan(0);
  });
});
