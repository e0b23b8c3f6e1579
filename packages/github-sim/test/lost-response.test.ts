// A response lost after GitHub did the work: the write happened and its webhook went
// out, but the client saw a broken connection — the case idempotent writes exist for.
import { afterEach, describe, expect, it } from "vitest";
import type { FaultRequest, SimulatedGitHub } from "../src/index.js";
import { receiver, setup, TRANSPORTS } from "./helpers.js";

let sim: SimulatedGitHub;
afterEach(async () => sim?.close());

describe.each(TRANSPORTS)("drop-response fault (%s)", (transport) => {
  it("applies the write, sends its webhook, records status 0, and the client sees a network error", async () => {
    const env = await setup({}, transport);
    sim = env.sim;
    const hook = await receiver();
    sim.setWebhookTarget(hook.url, "secret");
    const head = sim.store.requireRepo("acme/web").git.resolveCommit("main")!;
    sim.faults.once((req) => (req.route === "POST /repos/{owner}/{repo}/git/refs" ? "drop-response" : undefined));

    await expect(
      env.octokit.rest.git.createRef({ owner: "acme", repo: "web", ref: "refs/heads/release/v1.1.0", sha: head }),
    ).rejects.toThrow();
    expect(sim.store.requireRepo("acme/web").git.refs.get("refs/heads/release/v1.1.0")).toBe(head);
    expect(sim.requests.list().pop()).toMatchObject({
      route: "POST /repos/{owner}/{repo}/git/refs",
      status: 0,
      fault: true,
      kind: "write",
    });
    await sim.settle();
    const created = hook.received
      .map((r) => [r.headers["x-github-event"], JSON.parse(r.body) as { ref?: string }] as const)
      .filter(([event]) => event === "create");
    expect(created.map(([, body]) => body.ref)).toEqual(["release/v1.1.0"]);

    // Retrying the same write is what GitHub answers for an existing ref: 422.
    await expect(
      env.octokit.rest.git.createRef({ owner: "acme", repo: "web", ref: "refs/heads/release/v1.1.0", sha: head }),
    ).rejects.toMatchObject({ status: 422 });
    await hook.close();
  });

  it("hold: a held request is carried out when released, unless its client gave up first", async () => {
    const env = await setup({}, transport);
    sim = env.sim;
    const head = sim.store.requireRepo("acme/web").git.resolveCommit("main")!;
    const refs = sim.store.requireRepo("acme/web").git.refs;
    const createRef = (req: FaultRequest) => req.route === "POST /repos/{owner}/{repo}/git/refs";

    // Waited for: it lands late.
    let held = sim.faults.hold(createRef);
    const late = env.octokit.rest.git.createRef({ owner: "acme", repo: "web", ref: "refs/heads/late", sha: head });
    await held.reached;
    expect(refs.has("refs/heads/late")).toBe(false);
    held.release();
    await expect(late).resolves.toMatchObject({ status: 201 });
    expect(refs.get("refs/heads/late")).toBe(head);

    // Abandoned by the client while on its way: it never arrives.
    held = sim.faults.hold(createRef);
    const controller = new AbortController();
    const abandoned = env.octokit.rest.git.createRef({
      owner: "acme",
      repo: "web",
      ref: "refs/heads/abandoned",
      sha: head,
      request: { signal: controller.signal },
    });
    await held.reached;
    controller.abort();
    await expect(abandoned).rejects.toThrow("This operation was aborted");
    // GitHub sees the connection close: the request is over, and releasing it later does nothing.
    await sim.settle();
    held.release();
    await sim.settle();
    expect(refs.has("refs/heads/abandoned")).toBe(false);
    expect(
      sim.requests
        .list()
        .filter((r) => createRef(r as unknown as FaultRequest))
        .map((r) => r.status),
    ).toEqual([201, 0]);
  });
});
