// Holding GitHub back on cue: a request held until the test releases it, and a promise
// for "every queued webhook answered", so tests act while the app provably waits
// instead of sleeping and hoping.
import { afterEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { receiver, setup, TRANSPORTS, type Octokit } from "./helpers.js";

let sim: SimulatedGitHub;
let octokit: Octokit;
afterEach(async () => sim?.close());

describe.each(TRANSPORTS)("a held request (%s)", (transport) => {
  it("waits until released while other requests are answered; only the first match is held", async () => {
    ({ sim, octokit } = await setup({}, transport));
    const held = sim.faults.hold((req) => req.route === "GET /repos/{owner}/{repo}/issues/{issue_number}");
    const issue = sim.as("alice").createIssue({ repo: "acme/web", title: "held" });
    let answered = false;
    const first = octokit.rest.issues.get({ owner: "acme", repo: "web", issue_number: issue }).then((r) => {
      answered = true;
      return r;
    });
    const reached = await held.reached;
    expect(reached).toMatchObject({ method: "GET", path: `/repos/acme/web/issues/${issue}` });

    // Meanwhile GitHub answers everything else, and the held request is neither answered nor recorded.
    expect((await octokit.rest.repos.get({ owner: "acme", repo: "web" })).status).toBe(200);
    expect(answered).toBe(false);
    expect(sim.requests.list().map((r) => r.route)).not.toContain("GET /repos/{owner}/{repo}/issues/{issue_number}");

    held.release();
    expect((await first).data.title).toBe("held");
    // The hold is over: the next matching request goes straight through.
    expect((await octokit.rest.issues.get({ owner: "acme", repo: "web", issue_number: issue })).status).toBe(200);
    expect(
      sim.requests
        .list()
        .filter((r) => r.route === "GET /repos/{owner}/{repo}/issues/{issue_number}")
        .map((r) => r.status),
    ).toEqual([200, 200]);
  });
});

describe("webhooksDelivered()", () => {
  it("resolves once the app answered every queued delivery, not before", async () => {
    const hook = await receiver();
    try {
      ({ sim } = await setup({ webhookUrl: hook.url }));
      let answer!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      let arrived!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      hook.server.removeAllListeners("request");
      hook.server.on("request", (req, res) => {
        req.resume();
        arrived();
        void answered.then(() => res.writeHead(200).end());
      });
      sim.as("alice").createIssue({ repo: "acme/web", title: "t" });
      let delivered = false;
      const done = sim.webhooksDelivered().then(() => (delivered = true));
      await arrival;
      expect(delivered).toBe(false);
      expect(sim.deliveries.count()).toBe(0);
      answer();
      await done;
      expect(sim.deliveries.list().map((d) => [d.event, d.outcome])).toEqual([["issues", "delivered"]]);
      // Nothing queued: resolves at once.
      await sim.webhooksDelivered();
    } finally {
      await hook.close();
    }
  });
});
