import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { setup, type Octokit } from "./helpers.js";

describe("sim health-check endpoints", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
  });
  afterEach(async () => {
    await sim.close();
  });

  it("answers 200 by default and the status set, counting probes per name", async () => {
    expect(sim.health.url("api staging")).toBe(`${sim.url}/_health/api%20staging`);
    const ok = await fetch(sim.health.url("api staging"));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok", name: "api staging" });

    sim.health.set("acme/web:production", 503);
    const bad = await fetch(sim.health.url("acme/web:production"));
    expect(bad.status).toBe(503);
    expect(await bad.json()).toEqual({ status: "failing", name: "acme/web:production" });
    sim.health.set("acme/web:production", 200);
    expect((await fetch(sim.health.url("acme/web:production"))).status).toBe(200);
    expect((await fetch(sim.health.url("acme/web:production"), { method: "HEAD" })).status).toBe(200);

    expect(sim.health.probes("api staging")).toBe(1);
    expect(sim.health.probes("acme/web:production")).toBe(3);
    expect(sim.health.probes("never")).toBe(0);
    expect(sim.health.probes()).toBe(4);
    expect(() => sim.health.set("x", 42)).toThrow(/200-599/);
  });

  it("answers 405 to other methods, without counting a probe", async () => {
    const res = await fetch(sim.health.url("api"), { method: "POST", body: "{}" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect(sim.health.probes()).toBe(0);
  });

  it("is not recorded as a GitHub request, so reads and writes are unchanged", async () => {
    await octokit.rest.repos.get({ owner: "acme", repo: "web" });
    const before = {
      all: sim.requests.count(),
      reads: sim.requests.count({ kind: "read" }),
      writes: sim.requests.count({ kind: "write" }),
    };
    await fetch(sim.health.url("api"));
    await fetch(sim.health.url("api"), { method: "DELETE" });
    await sim.settle();
    expect({
      all: sim.requests.count(),
      reads: sim.requests.count({ kind: "read" }),
      writes: sim.requests.count({ kind: "write" }),
    }).toEqual(before);
    expect(Object.keys(sim.requests.summary()).some((k) => k.includes("_health"))).toBe(false);
  });
});
