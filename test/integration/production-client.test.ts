// The production client against the simulated GitHub: reads are retried after a 5xx,
// writes never are (their response may be lost after GitHub carried them out), and
// writes are spaced as GitHub asks (1 s; 3 s for those that notify), on the client's clock.
import { afterEach, describe, expect, it } from "vitest";
import { InstantClock, productionOctokit } from "../../src/github/production-octokit.js";
import type { SimulatedGitHub } from "github-sim";
import { INSTALLATION_ID, setup, type Octokit } from "../../packages/github-sim/test/helpers.js";

let sim: SimulatedGitHub;
afterEach(async () => sim?.close());

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function world() {
  const env = await setup();
  sim = env.sim;
  const clock = new InstantClock();
  const Octokit = productionOctokit(clock);
  const octokit = new Octokit({
    auth: { appId: sim.app.id, privateKey: sim.app.privateKey!, installationId: INSTALLATION_ID },
    baseUrl: sim.url,
    log: quiet,
  }) as Octokit;
  return { sim, octokit, clock, head: sim.store.requireRepo("acme/web").git.resolveCommit("main")! };
}

const routes = (s: SimulatedGitHub, route: string) => s.requests.list().filter((r) => r.route === route);

describe("the production client", () => {
  it("retries a read that failed with a 5xx", async () => {
    const { octokit } = await world();
    sim.faults.once((req) =>
      req.route === "GET /repos/{owner}/{repo}" ? { status: 502, body: { message: "Server Error" } } : undefined,
    );
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "web" })).resolves.toMatchObject({ status: 200 });
    expect(routes(sim, "GET /repos/{owner}/{repo}").map((r) => r.status)).toEqual([502, 200]);
  });

  it("does not repeat a write whose response was lost, nor one that failed with a 5xx", async () => {
    const { octokit, head } = await world();
    sim.faults.once((req) => (req.route === "POST /repos/{owner}/{repo}/git/refs" ? "drop-response" : undefined));
    await expect(
      octokit.rest.git.createRef({ owner: "acme", repo: "web", ref: "refs/heads/release/v1.1.0", sha: head }),
    ).rejects.toThrow();
    expect(routes(sim, "POST /repos/{owner}/{repo}/git/refs")).toHaveLength(1);
    expect(sim.store.requireRepo("acme/web").git.refs.get("refs/heads/release/v1.1.0")).toBe(head);

    sim.faults.once((req) =>
      req.route === "POST /repos/{owner}/{repo}/issues"
        ? { status: 500, body: { message: "Server Error" } }
        : undefined,
    );
    await expect(octokit.rest.issues.create({ owner: "acme", repo: "web", title: "once" })).rejects.toMatchObject({
      status: 500,
    });
    expect(routes(sim, "POST /repos/{owner}/{repo}/issues")).toHaveLength(1);

    // A GraphQL mutation is a write too; a GraphQL query is a read.
    sim.faults.once((req) =>
      req.operationName === "Once" ? { status: 502, body: { message: "Server Error" } } : undefined,
    );
    await expect(
      octokit.graphql(`mutation Once($id: ID!) { addStar(input: { starrableId: $id }) { clientMutationId } }`, {
        id: "x",
      }),
    ).rejects.toMatchObject({ status: 502 });
    expect(sim.requests.list().filter((r) => r.graphql?.operationName === "Once")).toHaveLength(1);
    sim.faults.once((req) =>
      req.operationName === "Viewer" ? { status: 502, body: { message: "Server Error" } } : undefined,
    );
    await octokit.graphql(`query Viewer { repository(owner: "acme", name: "web") { name } }`);
    expect(
      sim.requests
        .list()
        .filter((r) => r.graphql?.operationName === "Viewer")
        .map((r) => r.status),
    ).toEqual([502, 200]);
  });

  it("retries a write GitHub refused for its secondary rate limit, after the wait it asked for", async () => {
    const { octokit, clock } = await world();
    sim.faults.once((req) =>
      req.route === "POST /repos/{owner}/{repo}/issues"
        ? {
            status: 403,
            headers: { "retry-after": "60" },
            body: {
              message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            },
          }
        : undefined,
    );
    await octokit.rest.issues.create({ owner: "acme", repo: "web", title: "after the wait" });
    expect(routes(sim, "POST /repos/{owner}/{repo}/issues").map((r) => r.status)).toEqual([403, 201]);
    expect(
      [...sim.store.requireRepo("acme/web").issues.values()].filter((i) => i.title === "after the wait"),
    ).toHaveLength(1);
    expect(clock.waitedMs).toBeGreaterThanOrEqual(60_000);
  });

  it("spaces writes 1 s apart and writes that notify 3 s apart, on its clock", async () => {
    const { octokit, clock, head } = await world();
    for (const n of [1, 2, 3])
      await octokit.rest.repos.createCommitStatus({
        owner: "acme",
        repo: "web",
        sha: head,
        state: "success",
        context: `c${n}`,
      });
    expect(clock.waitedMs).toBe(2_000);
    for (const n of [1, 2]) await octokit.rest.issues.create({ owner: "acme", repo: "web", title: `notify ${n}` });
    // The first issue waits for the write spacing (1 s), the second for the notification spacing (3 s).
    expect(clock.waitedMs).toBe(2_000 + 1_000 + 3_000);
    // Reads are not spaced.
    for (let i = 0; i < 3; i += 1) await octokit.rest.repos.get({ owner: "acme", repo: "web" });
    expect(clock.waitedMs).toBe(6_000);
  });
});
