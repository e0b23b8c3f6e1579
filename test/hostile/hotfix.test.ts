// Row 8 of the trust review: the `hotfix` label exempts a pull request from the code
// freeze only when GitHub's timeline says someone of the orchestration team applied it,
// and `/unfreeze` lifts every freeze status the train set, whatever labels came since.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import { toPhase1 } from "../e2e/helpers.js";
import { ORCH } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const WEB = "blackroad-os/blackroad-os-web";

function openFeature(w: DemoWorld, name: string): { number: number; sha: string } {
  const ben = w.sim.as("ben");
  ben.createBranch(WEB, name);
  const sha = ben.pushCommit(WEB, name, { message: `feat: ${name}`, files: { [`src/${name}.ts`]: "export {};\n" } });
  return { number: ben.createPullRequest(WEB, { head: name, title: `feat: ${name}` }), sha };
}

/** The freeze status on a commit, as GitHub shows it (the latest for the context). */
const freezeOf = (w: DemoWorld, sha: string) =>
  w.sim.store
    .requireRepo(WEB)
    .statuses.filter((s) => s.sha === sha && s.context === "release-train/freeze")
    .at(-1)?.state ?? null;

describe("the code freeze and the hotfix label", () => {
  it("a hotfix label from mallory exempts nothing; rita's does; /unfreeze lifts every freeze status, labelled since or not", async () => {
    world = await startDemoWorld({ quiet: true });
    const issue = await toPhase1(world);
    const byMallory = openFeature(world, "quick-fix");
    const plain = openFeature(world, "feature");
    const byRita = openFeature(world, "real-fix");
    await world.settle();
    for (const pr of [byMallory, plain, byRita]) expect(freezeOf(world, pr.sha)).toBe("failure");

    world.sim.as("mallory").addLabels(WEB, byMallory.number, ["hotfix"]);
    world.sim.as("rita").addLabels(WEB, byRita.number, ["hotfix"]);
    await world.server.app.resync();
    await world.settle();
    expect(freezeOf(world, byMallory.sha)).toBe("failure");
    expect(freezeOf(world, plain.sha)).toBe("failure");
    expect(freezeOf(world, byRita.sha)).toBe("success");

    world.sim.as("rita").comment(ORCH, issue, "/unfreeze");
    await world.settle();
    for (const pr of [byMallory, plain, byRita]) expect(freezeOf(world, pr.sha)).toBe("success");
  }, 120_000);
});
