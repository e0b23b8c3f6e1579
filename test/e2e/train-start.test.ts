// End to end: the simulated GitHub sends signed webhooks to the real app server.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { ORCH, appWrites } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

describe("a train starts from a label", () => {
  it("renders the tracking issue for v2.0.0 with all 11 repositories at the playbook's levels", async () => {
    world = await startDemoWorld({ quiet: true });
    const issue = openTrain(world);
    await world.settle();
    const body = trackingBody(world, issue);
    expect(body).toContain("# 🚂 Release train v2.0.0");
    const rows = [...body.matchAll(/^\| (\d) \| \[(blackroad-os-[a-z-]+)\]/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual([
      "1 blackroad-os-infra",
      "2 blackroad-os-api-gateway",
      "2 blackroad-os-archive",
      "3 blackroad-os-api",
      "3 blackroad-os-core",
      "4 blackroad-os-pack-finance",
      "4 blackroad-os-pack-legal",
      "4 blackroad-os-web",
      "5 blackroad-os-docs",
      "5 blackroad-os-home",
      "5 blackroad-os-prism-console",
    ]);
    expect(decodeState(body)?.version).toBe("2.0.0");
    // The only write is the body; nothing touched the constellation.
    expect(appWrites(world).map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH /repos/${ORCH}/issues/${issue}`]);
  });

  it.each([
    ["milestone v2.0.0", "v2.0.0", "Constellation release", "2.0.0"],
    ["milestone 2.1.0", "2.1.0", "Constellation release", "2.1.0"],
    ["milestone 'BlackRoad OS 3.0.0'", "BlackRoad OS 3.0.0", "Constellation release", "3.0.0"],
    ["title, no milestone", null, "Release v2.0.0-rc.1", "2.0.0-rc.1"],
  ])("takes the version from the %s", async (_case, milestone, title, version) => {
    world = await startDemoWorld({ quiet: true });
    const rita = world.sim.as("rita");
    const number = milestone ? rita.createMilestone(ORCH, milestone) : undefined;
    const issue = rita.createIssue({ repo: ORCH, title, ...(number ? { milestone: number } : {}) });
    rita.addLabels(ORCH, issue, ["release-train"]);
    await world.settle();
    expect(decodeState(trackingBody(world, issue))?.version).toBe(version);
    expect(trackingBody(world, issue)).toContain(`# 🚂 Release train v${version}`);
  });

  it("explains the accepted forms when there is no version, and writes nothing else", async () => {
    world = await startDemoWorld({ quiet: true });
    const rita = world.sim.as("rita");
    const issue = rita.createIssue({ repo: ORCH, title: "The next big release", body: "Soon." });
    rita.addLabels(ORCH, issue, ["release-train"]);
    await world.settle();
    const writes = appWrites(world);
    expect(writes.map((w) => w.route)).toEqual(["POST /repos/{owner}/{repo}/issues/{issue_number}/comments"]);
    const comments = world.sim.store.commentsOf(world.sim.store.requireRepo(ORCH), issue);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.user).toBe("release-train[bot]");
    expect(comments[0]!.body).toContain("v2.0.0");
    expect(trackingBody(world, issue)).toBe("Soon.");
  });

  it("a duplicate delivery of the label event writes nothing", async () => {
    world = await startDemoWorld({ quiet: true });
    const issue = openTrain(world);
    await world.settle();
    const labelled = world.sim.deliveries.last({ event: "issues", action: "labeled" })!;
    const before = world.sim.requests.length;
    world.sim.redeliver(labelled.id);
    await world.settle();
    expect(world.sim.deliveries.get(labelled.id).map((d) => d.status)).toEqual([200, 200]);
    expect(appWrites(world, before)).toEqual([]);
    expect(trackingBody(world, issue)).toContain("# 🚂 Release train v2.0.0");
  });

  it("rejects a forged webhook and does nothing", async () => {
    world = await startDemoWorld({ quiet: true });
    const issue = openTrain(world);
    await world.settle();
    const labelled = world.sim.deliveries.last({ event: "issues", action: "labeled" })!;
    const body = JSON.stringify({ ...labelled.payload, action: "labeled" });
    const before = world.sim.requests.length;
    const post = (signature: string | null) =>
      fetch(world.server.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "issues",
          "x-github-delivery": "forged-1",
          ...(signature ? { "x-hub-signature-256": signature } : {}),
        },
        body,
      });
    const forged = await post(`sha256=${createHmac("sha256", "not-the-secret").update(body).digest("hex")}`);
    const unsigned = await post(null);
    await world.settle();
    expect([forged.status, unsigned.status]).toEqual([400, 400]);
    expect(await forged.text()).toContain("signature does not match event payload and secret");
    expect(await unsigned.text()).toContain("Required headers missing: x-hub-signature-256");
    expect(world.sim.requests.list().slice(before)).toEqual([]);
    expect(issue).toBeGreaterThan(0);
  });
});
