// Two trains open at once (a patch train opened while another still holds the code
// freeze) share one pull request's `release-train/freeze` status: each lifts only a
// status it set, so the train that is not frozen leaves the other's failure alone
// instead of setting it back to success for the other to fail again, without end.
import { afterEach, describe, expect, it } from "vitest";
import { openTrain, startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import { toPhase1 } from "../../src/demo/script.js";
import { ORCH } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const WEB = "blackroad-os/blackroad-os-web";

describe("two open trains and one frozen pull request", () => {
  it("the freeze status is written once by the frozen train, and lifted once by it; the other train writes none", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, productionClient: true });
    const w = world;
    const fran = w.sim.as("fran");
    fran.createBranch(WEB, "feature/pricing");
    const sha = fran.pushCommit(WEB, "feature/pricing", { message: "feat: pricing", files: { "pricing.md": "new\n" } });
    fran.createPullRequest(WEB, { head: "feature/pricing", title: "feat: pricing" });
    const frozen = await toPhase1(w);
    const statuses = () =>
      w.sim.store
        .requireRepo(WEB)
        .statuses.filter((s) => s.sha === sha && s.context === "release-train/freeze")
        .map((s) => ({ state: s.state, train: s.targetUrl?.split("/").at(-1) }));
    expect(statuses()).toEqual([{ state: "failure", train: String(frozen) }]);

    const patch = openTrain(w, "BlackRoad OS 2.0.1", "v2.0.1");
    await w.settle();
    await w.server.app.resync();
    await w.settle();
    expect(w.sim.store.requireRepo(ORCH).issues.get(patch)?.body).toContain("v2.0.1");
    expect(statuses()).toEqual([{ state: "failure", train: String(frozen) }]);

    w.sim.as("rita").comment(ORCH, frozen, "/unfreeze");
    await w.settle();
    await w.server.app.resync();
    await w.settle();
    expect(statuses()).toEqual([
      { state: "failure", train: String(frozen) },
      { state: "success", train: String(frozen) },
    ]);
  }, 120_000);
});
