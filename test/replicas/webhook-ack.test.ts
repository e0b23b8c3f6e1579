// Webhooks are answered whatever Redis does. With a Redis that accepts connections and
// never answers, every delivery of a train's start is still answered 200: the answer
// cannot have waited for Redis, since no Redis call ever completed.
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ORCHESTRATION_REPO, ORG } from "../../src/demo/constellation.js";
import { startReplicaWorld } from "./world.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

/** A loopback TCP server that takes every connection and never sends a byte back. */
async function silentRedis(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => (received += chunk.length));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    received: () => received,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe("webhooks with a Redis that never answers", () => {
  it("are all answered 200, before any Redis call could complete", async () => {
    const silent = await silentRedis();
    cleanup.push(() => silent.close());
    const world = await startReplicaWorld({
      redisUrl: silent.url,
      replicas: 1,
      frozenAt: "2026-11-27T09:00:00Z",
      commitsPerRepo: 2,
    });
    const { sim } = world;
    const redis = world.replicas[0]!.redis;
    // The commands the app gives this client (they wait in its queue: Redis never answers).
    const asked: string[] = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = (command, stream) => {
      asked.push(command.name);
      return send(command, stream);
    };
    // Closing Redis ends the calls still waiting on it; then the app can stop.
    cleanup.push(() => world.close());
    cleanup.push(() => redis.disconnect());

    const rita = sim.as("rita");
    const milestone = rita.createMilestone(ORCH, "v2.0.0");
    const issue = rita.createIssue({ repo: ORCH, title: "BlackRoad OS 2.0", body: "The big launch.", milestone });
    rita.addLabels(ORCH, issue, ["release-train"]);
    rita.comment(ORCH, issue, "/status");
    await sim.settle();

    const deliveries = sim.deliveries.list();
    expect(deliveries.length).toBeGreaterThanOrEqual(4);
    for (const d of deliveries) expect(d.status, `${d.event} ${d.id}`).toBe(200);
    // The app did ask Redis (a delivery id for each delivery), and Redis never answered anything.
    expect(asked.filter((name) => name === "set").length).toBeGreaterThanOrEqual(deliveries.length);
    expect(silent.received()).toBeGreaterThan(0);
    expect(redis.status).not.toBe("ready");
  }, 60_000);
});
