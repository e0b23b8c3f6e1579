// The production wiring with Redis: readiness follows Redis answering PING, the
// replicas share it (lanes through Redis), and shutdown closes the client.
import { afterEach, describe, expect, it } from "vitest";
import { ORCHESTRATION_REPO, ORG } from "../../src/demo/constellation.js";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import type { ProductionConfig } from "../../src/ops/env.js";
import { createLogger } from "../../src/ops/logger.js";
import { startProduction, type Production } from "../../src/production.js";
import { useRedis } from "../helpers/redis.js";
import { freePort } from "../helpers/ports.js";

const redis = useRedis();

let world: DemoWorld | undefined;
let production: Production | undefined;
afterEach(async () => {
  await production?.shutdown();
  production = undefined;
  await world?.close();
  world = undefined;
});

describe("production with Redis", () => {
  it("is ready while Redis answers PING, not ready once it stops; trains run through Redis lanes", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 1 });
    await world.server.close();
    world.sim.setWebhookTarget(undefined, undefined);
    const issue = openTrain(world);
    const config: ProductionConfig = {
      appId: world.sim.app.id,
      privateKey: world.sim.app.privateKey!,
      webhookSecret: "prod-secret",
      baseUrl: world.sim.url,
      port: await freePort(),
      host: "127.0.0.1",
      logLevel: "fatal",
      redisUrl: redis().url,
      orchestrationRepo: ORCHESTRATION_REPO,
      resyncMinutes: 10,
      shutdownTimeoutMs: 10_000,
      leaseMs: 30_000,
    };
    production = await startProduction(config, createLogger("fatal"));
    const url = `http://127.0.0.1:${config.port}`;
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ ready: true });

    // Discovery found the train opened before the process started, and reconciled it under a Redis lease.
    await production.discovered;
    await production.server.app.lanes.whenIdle();
    expect(trackingBody(world, issue)).toContain("⏳ Checking preconditions");
    expect((await redis().client.keys("release-train:*")).length).toBeGreaterThan(0);
    // Its phase is shared with the other replicas, whose metrics show it too. The metrics
    // read the phases on the connection that wrote them, so they answer after the write.
    const train = `${ORG}/${ORCHESTRATION_REPO}#${issue}`;
    expect(await (await fetch(`${url}/metrics`)).text()).toContain(
      'release_train_active_trains{phase="preconditions"} 1',
    );
    expect(await redis().client.hgetall("release-train:phases")).toEqual({ [train]: "preconditions" });

    await redis().stop();
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ready: boolean; reason: string };
    expect(body.ready).toBe(false);
    expect(body.reason.length).toBeGreaterThan(0);
    // Liveness does not depend on Redis.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    expect(await production.shutdown()).toBe("drained");
    production = undefined;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
