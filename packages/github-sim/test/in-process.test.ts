// The in-process transport is the HTTP front without the socket: a client given
// `sim.fetch` must meet the same answers, faults and records as one over loopback.
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { appOctokit, setup, TRANSPORTS, type Transport } from "./helpers.js";

let sim: SimulatedGitHub;
afterEach(async () => sim?.close());

/** Every request both ways, the records of the two compared without their timings. */
async function bothWays<T>(call: (octokit: ReturnType<typeof appOctokit>, transport: Transport) => Promise<T>) {
  const outcomes: { value?: T; error?: { name: string; status: unknown; message: string } }[] = [];
  for (const transport of TRANSPORTS) {
    const octokit = appOctokit(sim, undefined, transport);
    try {
      outcomes.push({ value: await call(octokit, transport) });
    } catch (e) {
      const error = e as { name: string; status?: unknown; message: string };
      outcomes.push({ error: { name: error.name, status: error.status, message: error.message } });
    }
  }
  return outcomes;
}

describe("the in-process transport", () => {
  it("answers as HTTP does: data, headers, pagination, 404s, HEAD", async () => {
    ({ sim } = await setup());
    for (let i = 0; i < 5; i += 1) sim.as("alice").createIssue({ repo: "acme/web", title: `issue ${i}` });
    const [overHttp, inProcess] = await bothWays(async (octokit) => {
      // Pagination follows the Link header and reads the response's address.
      const titles = (
        await octokit.paginate(octokit.rest.issues.listForRepo, { owner: "acme", repo: "web", per_page: 2 })
      ).map((i) => i.title);
      const repo = await octokit.rest.repos.get({ owner: "acme", repo: "web" });
      const missing = await octokit.rest.repos
        .get({ owner: "acme", repo: "nope" })
        .catch((e: { status: number }) => e.status);
      const head = await octokit.request("HEAD /repos/{owner}/{repo}", { owner: "acme", repo: "web" });
      return {
        titles,
        status: repo.status,
        url: repo.url,
        name: repo.data.full_name,
        type: repo.headers["content-type"],
        missing,
        head: [head.status, head.data],
      };
    });
    expect(inProcess).toEqual(overHttp);
    expect(inProcess!.value).toMatchObject({ titles: expect.arrayContaining(["issue 0", "issue 4"]), missing: 404 });
    expect(inProcess!.value!.titles).toHaveLength(5);
  });

  it("goes through the same faults and records: a lost response and a dropped connection fail as on a socket", async () => {
    ({ sim } = await setup());
    const head = sim.store.requireRepo("acme/web").git.resolveCommit("main")!;
    const createRef = "POST /repos/{owner}/{repo}/git/refs";
    sim.faults.add((req) => {
      const ref = (req.body as { ref?: string } | undefined)?.ref ?? "";
      if (req.route !== createRef) return undefined;
      return ref.includes("lost") ? "drop-response" : ref.includes("dropped") ? "drop-connection" : undefined;
    });
    const outcomes = await bothWays(async (octokit, transport) => {
      const failure = (e: { status: number; message: string }) => [e.status, e.message];
      const lost = await octokit.rest.git
        .createRef({ owner: "acme", repo: "web", ref: `refs/heads/lost-${transport}`, sha: head })
        .catch(failure);
      const dropped = await octokit.rest.git
        .createRef({ owner: "acme", repo: "web", ref: `refs/heads/dropped-${transport}`, sha: head })
        .catch(failure);
      return { lost, dropped };
    });
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[1]!.value).toEqual({ lost: [500, "other side closed"], dropped: [500, "other side closed"] });
    // The lost responses' writes were carried out, the dropped connections' were not.
    const refs = [...sim.store.requireRepo("acme/web").git.refs.keys()].filter((r) => /lost|dropped/.test(r)).sort();
    expect(refs).toEqual(["refs/heads/lost-http", "refs/heads/lost-in-process"]);
    expect(
      sim.requests
        .list()
        .filter((r) => r.route === createRef)
        .map((r) => [r.status, r.fault]),
    ).toEqual([
      [0, true],
      [0, true],
      [0, true],
      [0, true],
    ]);
  });

  it("sends other addresses to the real fetch", async () => {
    ({ sim } = await setup());
    // The health endpoints are served on the simulator's socket but are not GitHub: a
    // different origin (localhost instead of 127.0.0.1) must leave the process.
    const other = sim.url.replace("127.0.0.1", "localhost");
    const answer = await sim.fetch(`${other}/repos/acme/web`, {
      headers: { authorization: `token nope` },
    });
    expect(answer.status).toBe(401);
    expect(sim.requests.list().at(-1)).toMatchObject({ route: "GET /repos/{owner}/{repo}", status: 401 });
  });

  it("lets go of a signal shared by many requests once each is answered", async () => {
    ({ sim } = await setup());
    const shared = new AbortController().signal;
    for (let i = 0; i < 20; i += 1) {
      const answer = await sim.fetch(`${sim.url}/repos/acme/web`, { signal: shared });
      await answer.arrayBuffer();
    }
    expect(getEventListeners(shared, "abort")).toHaveLength(0);
  });
});
