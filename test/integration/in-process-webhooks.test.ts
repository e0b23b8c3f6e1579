// Webhooks handed to the app's server in process go through the same listener as over
// HTTP: the same signature check, the same answers; a closed server refuses them as a
// closed port does.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { serverFetch } from "../../src/demo/in-process-webhooks.js";
import { openTrain, startDemoWorld, type DemoWorld } from "../../src/demo/run.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const headers = (signature: string | null) => ({
  "content-type": "application/json",
  "x-github-event": "issues",
  "x-github-delivery": `forged-${Math.random()}`,
  ...(signature ? { "x-hub-signature-256": signature } : {}),
});

describe("webhooks in process", () => {
  it("answer as over HTTP: a forged or unsigned delivery is refused the same way, ops routes too", async () => {
    world = await startDemoWorld({ quiet: true });
    const w = world;
    const inProcess = serverFetch(() => w.server);
    const body = JSON.stringify({ action: "labeled", issue: { number: 1 } });
    const forged = `sha256=${createHmac("sha256", "not-the-secret").update(body).digest("hex")}`;
    const answers = async (via: typeof fetch) =>
      Promise.all(
        [
          via(w.server.webhookUrl, { method: "POST", headers: headers(forged), body }),
          via(w.server.webhookUrl, { method: "POST", headers: headers(null), body }),
          via(`${w.server.url}/healthz`, { method: "GET" }),
          via(`${w.server.url}/nothing-here`, { method: "GET" }),
        ].map(async (r) => {
          const res = await r;
          return [res.status, await res.text()];
        }),
      );
    const http = await answers(fetch);
    expect(await answers(inProcess)).toEqual(http);
    expect(http.map(([status]) => status)).toEqual([400, 400, 200, 404]);
    expect(http[0]![1]).toContain("signature does not match event payload and secret");
  });

  it("carry the world's deliveries to the app, and are refused once its server is closed", async () => {
    world = await startDemoWorld({ quiet: true });
    const w = world;
    openTrain(w);
    await w.settle();
    const labelled = w.sim.deliveries.last({ event: "issues", action: "labeled" })!;
    expect(labelled).toMatchObject({ outcome: "delivered", status: 200, target: w.server.webhookUrl });
    expect(w.sim.deliveries.list({ outcome: "failed" })).toEqual([]);

    const closed = w.server;
    await closed.close();
    const error = await serverFetch(() => closed)(closed.webhookUrl, { method: "POST", body: "{}" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("fetch failed");
    world = undefined;
    await w.sim.close();
  });
});
