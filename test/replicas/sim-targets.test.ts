// The simulated GitHub delivers every webhook to several targets (replicas of the app):
// the same delivery id and body to each, signed with each target's secret.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "github-sim";
import { receiver, setup } from "../../packages/github-sim/test/helpers.js";

type Receiver = Awaited<ReturnType<typeof receiver>>;
const sign = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("sim webhooks to several targets", () => {
  let sim: SimulatedGitHub;
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await sim?.close();
    for (const r of receivers.splice(0)) await r.close();
  });
  const start = async (...statuses: number[]) => {
    for (const status of statuses) receivers.push(await receiver(status));
    ({ sim } = await setup());
    return receivers;
  };

  it("sends each delivery to every target with the same id and body, each signed with its own secret", async () => {
    const [a, b] = await start(200, 200);
    sim.addWebhookTarget(a!.url, "secret-a");
    sim.addWebhookTarget(b!.url, "secret-b");
    const issue = sim.as("alice").createIssue({ repo: "acme/web", title: "Release 1.2" });
    sim.as("bob").comment("acme/web", issue, "/status");
    await sim.settle();
    for (const [r, secret] of [
      [a!, "secret-a"],
      [b!, "secret-b"],
    ] as const) {
      expect(r.received.map((x) => x.headers["x-github-event"])).toEqual(["issues", "issue_comment"]);
      for (const x of r.received) expect(x.headers["x-hub-signature-256"]).toBe(sign(secret, x.body));
    }
    expect(a!.received.map((x) => x.headers["x-github-delivery"])).toEqual(
      b!.received.map((x) => x.headers["x-github-delivery"]),
    );
    expect(a!.received.map((x) => x.body)).toEqual(b!.received.map((x) => x.body));

    // The log has one record per target, each the first attempt at that target.
    const id = String(a!.received[1]!.headers["x-github-delivery"]);
    expect(
      sim.deliveries
        .get(id)
        .map((d) => ({ target: d.target, status: d.status, attempt: d.attempt, outcome: d.outcome }))
        .sort((x, y) => x.target!.localeCompare(y.target!)),
    ).toEqual([a!.url, b!.url].sort().map((target) => ({ target, status: 200, attempt: 1, outcome: "delivered" })));
    // A redelivery is a second attempt at each target.
    sim.redeliver(id);
    await sim.settle();
    expect(
      sim.deliveries
        .get(id)
        .map((d) => d.attempt)
        .sort(),
    ).toEqual([1, 1, 2, 2]);
  });

  it("a dead target fails while the others still get the delivery; removed and replaced targets get nothing more", async () => {
    const [a, b] = await start(200, 200);
    sim.addWebhookTarget(a!.url, "s");
    sim.addWebhookTarget("http://127.0.0.1:9/webhooks", "s");
    sim.as("alice").createIssue({ repo: "acme/web", title: "One" });
    await sim.settle();
    expect(a!.received).toHaveLength(1);
    const [first] = sim.deliveries.list();
    const records = sim.deliveries.get(first!.id);
    expect(records.find((d) => d.target === a!.url)).toMatchObject({ outcome: "delivered", status: 200 });
    expect(records.find((d) => d.target !== a!.url)).toMatchObject({
      outcome: "failed",
      status: 0,
      error: expect.any(String),
    });

    sim.removeWebhookTarget("http://127.0.0.1:9/webhooks");
    sim.addWebhookTarget(b!.url, "s");
    sim.as("alice").createIssue({ repo: "acme/web", title: "Two" });
    await sim.settle();
    expect(a!.received).toHaveLength(2);
    expect(b!.received).toHaveLength(1);
    expect(sim.deliveries.list({ outcome: "failed" })).toHaveLength(1);

    // setWebhookTarget replaces every target.
    sim.setWebhookTarget(b!.url, "s");
    sim.as("alice").createIssue({ repo: "acme/web", title: "Three" });
    await sim.settle();
    expect(a!.received).toHaveLength(2);
    expect(b!.received.map((x) => JSON.parse(x.body).issue.title)).toEqual(["Two", "Three"]);
  });
});
