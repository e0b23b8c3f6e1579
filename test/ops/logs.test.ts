// Structured logs: a train run to Phase 1 at trace level, every line captured. Lines of a
// reconcile name the train, the repository and the webhook delivery that caused it; no line carries the
// app's private key, the webhook secret or an installation token GitHub issued.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import { createLogger } from "../../src/ops/logger.js";
import { startAppServer } from "../../src/server.js";
import { ORCH, toPhase1 } from "../e2e/helpers.js";
import { parseStrictJson } from "../helpers/strict-json.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("logs", () => {
  /** The demo world with the app logging every line at trace level into memory. */
  async function worldWithLogs(): Promise<{ w: DemoWorld; lines: string[]; secret: string }> {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    await world.server.close();
    const lines: string[] = [];
    const log = createLogger("trace", {
      write: (chunk: string) => void lines.push(...chunk.split("\n").filter(Boolean)),
    });
    const secret = randomBytes(20).toString("hex");
    world.server = await startAppServer({
      baseUrl: world.sim.url,
      appId: world.sim.app.id,
      privateKey: world.sim.app.privateKey!,
      webhookSecret: secret,
      pacing: false,
      log,
      app: { lanes: { debounceMs: 25, maxWaitMs: 500 }, now: () => world!.sim.clock.now() },
    });
    world.sim.setWebhookTarget(world.server.webhookUrl, secret);
    return { w: world, lines, secret };
  }

  it("reconcile lines carry the train, the repository and the delivery; no line carries a key, secret or token", async () => {
    const { w, lines, secret } = await worldWithLogs();

    const issue = await toPhase1(w);
    const train = `${ORCH}#${issue}`;
    // Every line is one JSON object with each key once (a collector reads a repeated key either way).
    const entries = lines.map((l) => parseStrictJson(l) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThan(100);
    for (const e of entries)
      expect(e).toMatchObject({
        level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        msg: expect.any(String),
      });

    // Every reconcile logged its end with the train, and the delivery that caused it with that delivery's repository.
    const reconciled = entries.filter((e) => e.msg === "reconciled");
    expect(reconciled.length).toBeGreaterThanOrEqual(3);
    expect(reconciled.length).toBe(w.server.app.lanes.runs.get(train));
    const repoOf = new Map(
      w.sim.deliveries.list().map((d) => [d.id, (d.payload.repository as { full_name: string }).full_name]),
    );
    for (const e of reconciled) {
      expect(e).toMatchObject({ train, outcome: "reconciled", ms: expect.any(Number) });
      expect(repoOf.has(e.delivery as string), `delivery ${String(e.delivery)}`).toBe(true);
      expect(e.repo, `repository of delivery ${String(e.delivery)}`).toBe(repoOf.get(e.delivery as string));
    }
    // Deliveries from constellation repositories caused reconciles too, and their lines name those repositories.
    expect(new Set(reconciled.map((e) => e.repo)).size).toBeGreaterThan(1);
    // The /check comments caused reconciles; their deliveries are named.
    const checkDeliveries = w.sim.deliveries.list({ event: "issue_comment", action: "created" }).map((d) => d.id);
    expect(reconciled.some((e) => checkDeliveries.includes(e.delivery as string))).toBe(true);
    expect(entries.filter((e) => e.level === "error")).toEqual([]);

    // The GitHub requests a reconcile makes are its lines too: every write names the train and a delivery.
    const writes = entries.filter(
      (e) => typeof e.msg === "string" && /^GitHub request: (POST|PATCH|PUT|DELETE) \S+\/repos\//.test(e.msg),
    );
    expect(writes.length).toBe(
      w.sim.requests.list().filter((r) => r.kind === "write" && r.path.startsWith("/repos/")).length,
    );
    for (const e of writes)
      expect(e, String(e.msg)).toMatchObject({
        train,
        repo: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/),
        delivery: expect.any(String),
      });
    const requestLines = entries.filter((e) => typeof e.msg === "string" && e.msg.startsWith("GitHub request:"));
    expect(requestLines.filter((e) => e.train === train).length).toBeGreaterThan(requestLines.length * 0.9);

    // Nothing secret, anywhere.
    const text = lines.join("\n");
    const pem = w.sim.app.privateKey!;
    expect(text).not.toContain("PRIVATE KEY");
    for (const keyLine of pem.split("\n").filter((l) => l && !l.startsWith("-----")))
      expect(text.includes(keyLine), "a line of the private key").toBe(false);
    expect(text.includes(secret), "the webhook secret").toBe(false);
    const tokens = [...w.sim.store.tokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(text.includes(token), "an installation token").toBe(false);
    // The app's JWTs (header.payload.signature, base64url) never appear either.
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  });

  it("a rejected delivery is one line: a forged signature, a signed body that is not JSON", async () => {
    const { w, lines } = await worldWithLogs();
    const deliver = async (id: string, body: string, signature: string) => {
      const before = lines.length;
      const response = await fetch(w.server.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "issues",
          "x-github-delivery": id,
          "x-hub-signature-256": signature,
        },
        body,
      });
      expect(response.status).toBe(400);
      const logged = lines.slice(before).map((l) => parseStrictJson(l) as Record<string, unknown>);
      return logged.filter((e) => e.level === "warn" || e.level === "error");
    };
    const body = JSON.stringify({ action: "opened", repository: { full_name: ORCH }, installation: { id: 1 } });
    const forged = await deliver("forged-1", body, `sha256=${"0".repeat(64)}`);
    expect(forged).toEqual([
      expect.objectContaining({
        level: "error",
        name: "event",
        err: expect.objectContaining({ event: expect.objectContaining({ id: "forged-1" }) }),
        msg: expect.stringContaining("signature does not match"),
      }),
    ]);
    const notJson = await deliver("not-json-1", "{not json", await w.server.probot.webhooks.sign("{not json"));
    expect(notJson).toEqual([
      expect.objectContaining({
        level: "warn",
        msg: "webhook delivery rejected",
        err: expect.objectContaining({ message: "Invalid JSON" }),
      }),
    ]);
  });
});
