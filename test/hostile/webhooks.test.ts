// Webhook requests that are not what GitHub sends: forged, unsigned, truncated, unknown,
// replayed. Sent with a raw HTTP client to the app's webhook endpoint; the app must answer
// with Probot's status, start no reconcile and write nothing.
import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { ORCH, appWrites, commentsOf, sendRaw } from "./helpers.js";

let world: DemoWorld;
let issue: number;
let labelled: string;

beforeEach(async () => {
  world = await startDemoWorld({ quiet: true });
  issue = openTrain(world);
  await world.settle();
  labelled = JSON.stringify(world.sim.deliveries.last({ event: "issues", action: "labeled" })!.payload);
});
afterEach(async () => world?.close());

/** Sends, waits for anything it may have started, and returns what the app did meanwhile. */
async function deliver(input: Parameters<typeof sendRaw>[1]) {
  const reconcile = vi.spyOn(world.server.app.reconciler, "reconcile");
  const before = world.sim.requests.length;
  const response = await sendRaw(world, input);
  await world.settle();
  const requests = world.sim.requests.list().slice(before);
  reconcile.mockRestore();
  return { ...response, reconciles: reconcile.mock.calls.length, requests };
}

describe("webhooks that GitHub did not send", () => {
  it("a signature made with another secret: 400, no reconcile, no request to GitHub", async () => {
    const forged = `sha256=${createHmac("sha256", "guessed-secret").update(labelled).digest("hex")}`;
    const result = await deliver({ body: labelled, signature: forged });
    expect(result.status).toBe(400);
    expect(result.text).toContain("signature does not match event payload and secret");
    expect(result.reconciles).toBe(0);
    expect(result.requests).toEqual([]);
  });

  it("no signature at all: 400 naming the missing header, nothing done", async () => {
    const result = await deliver({ body: labelled, signature: null });
    expect(result.status).toBe(400);
    expect(result.text).toContain("Required headers missing: x-hub-signature-256");
    expect(result.reconciles).toBe(0);
    expect(result.requests).toEqual([]);
  });

  it("a signature in the old SHA-1 form only: refused like an unsigned one", async () => {
    const result = await deliver({
      body: labelled,
      signature: `sha1=${createHmac("sha1", "x").update(labelled).digest("hex")}`,
    });
    expect(result.status).toBe(400);
    expect(result.reconciles).toBe(0);
    expect(result.requests).toEqual([]);
  });

  it("a valid signature over a different body (payload swapped after signing): 400", async () => {
    const signature = await world.server.probot.webhooks.sign(labelled);
    const tampered = labelled.replace('"labeled"', '"unlabeled"');
    expect(tampered).not.toBe(labelled);
    const result = await deliver({ body: tampered, signature });
    expect(result.status).toBe(400);
    expect(result.text).toContain("signature does not match");
    expect(result.requests).toEqual([]);
  });

  it("a truncated payload, correctly signed: 400 Invalid JSON, nothing done", async () => {
    const result = await deliver({ body: labelled.slice(0, Math.floor(labelled.length / 2)) });
    expect(result.status).toBe(400);
    expect(result.text).toContain("Invalid JSON");
    expect(result.reconciles).toBe(0);
    expect(result.requests).toEqual([]);
  });

  it("no event name: 400 naming the missing header", async () => {
    const result = await deliver({ body: labelled, event: null });
    expect(result.status).toBe(400);
    expect(result.text).toContain("Required headers missing: x-github-event");
    expect(result.requests).toEqual([]);
  });

  it("an event name the app does not know, correctly signed: accepted (200) and ignored", async () => {
    // GitHub adds events over time; Probot acknowledges them so GitHub does not retry.
    const result = await deliver({ body: labelled, event: "definitely_not_an_event" });
    expect(result.status).toBe(200);
    expect(result.reconciles).toBe(0);
    expect(result.requests).toEqual([]);
  });

  it("a signed event with a payload of the wrong shape is ignored without a crash", async () => {
    const result = await deliver({
      body: JSON.stringify({ action: "created", comment: { body: "/approve" } }),
      event: "issue_comment",
    });
    expect(result.status).toBe(200);
    expect(result.reconciles).toBe(0);
    expect(result.requests).toEqual([]);
  });

  it("the same delivery replayed (same X-GitHub-Delivery, same body): no extra writes", async () => {
    world.sim.as("rita").comment(ORCH, issue, "/hold waiting for the security review");
    await world.settle();
    expect(decodeState(trackingBody(world, issue))?.hold).toMatchObject({
      by: "rita",
      reason: "waiting for the security review",
    });
    const created = world.sim.deliveries.last({ event: "issue_comment", action: "created" })!;
    const bodyBefore = trackingBody(world, issue);
    const commentsBefore = commentsOf(world, issue).map((c) => ({
      id: c.id,
      body: c.body,
      reactions: c.reactions.map((r) => r.content),
    }));

    const replay = { body: JSON.stringify(created.payload), event: "issue_comment", delivery: created.id };
    const first = await deliver(replay);
    const second = await deliver(replay);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([...first.requests, ...second.requests].filter((r) => r.kind === "write")).toEqual([]);
    expect(trackingBody(world, issue)).toBe(bodyBefore);
    expect(
      commentsOf(world, issue).map((c) => ({ id: c.id, body: c.body, reactions: c.reactions.map((r) => r.content) })),
    ).toEqual(commentsBefore);
    expect(appWrites(world).filter((w) => w.route.endsWith("/reactions"))).toHaveLength(1);
  });
});
