import { describe, expect, it } from "vitest";
import { TrainRegistry } from "../../src/github/registry.js";

const ref = (issueNumber: number) => ({ owner: "acme", repo: "release-train", issueNumber, installationId: 1 });

describe("TrainRegistry", () => {
  it("routes a repository to the trains that include it, case-insensitively", () => {
    const registry = new TrainRegistry();
    registry.upsert(ref(1), { repos: ["acme/Web", "acme/api"] });
    registry.upsert(ref(2), { repos: ["acme/api"] });
    expect(registry.byRepo("acme/web").map((t) => t.ref.issueNumber)).toEqual([1]);
    expect(registry.byRepo("ACME/API").map((t) => t.ref.issueNumber)).toEqual([1, 2]);
    expect(registry.byRepo("acme/release-train").map((t) => t.ref.issueNumber)).toEqual([1, 2]);
    expect(registry.byRepo("other/web")).toEqual([]);
  });

  it("keeps what it knew when a hint upserts without details", () => {
    const registry = new TrainRegistry();
    registry.upsert(ref(1), { branch: "release/v2.0.0", repos: ["acme/web"], resyncMs: 60_000 });
    registry.upsert(ref(1));
    expect(registry.get("acme/release-train#1")).toMatchObject({ branch: "release/v2.0.0", resyncMs: 60_000 });
    expect([...registry.get("acme/release-train#1")!.repos]).toEqual(["acme/web"]);
  });

  it("a train is due for resync after its own interval, or the fallback until its config is read", () => {
    const registry = new TrainRegistry();
    registry.upsert(ref(1), { resyncMs: 120_000 });
    registry.upsert(ref(2));
    registry.markReconciled("acme/release-train#1", 1_000_000);
    registry.markReconciled("acme/release-train#2", 1_000_000);
    expect(registry.due(1_000_000 + 60_000, 600_000)).toEqual([]);
    expect(registry.due(1_000_000 + 120_000, 600_000).map((t) => t.ref.issueNumber)).toEqual([1]);
    expect(registry.due(1_000_000 + 600_000, 600_000).map((t) => t.ref.issueNumber)).toEqual([1, 2]);
  });
});
