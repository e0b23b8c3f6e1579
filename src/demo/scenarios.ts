// Release modes, scripted: a whole train from the tracking issue to the closed
// retrospective, and the pre-release scenario (rc.1, a fix on the release branch, rc.2,
// the final release) that the demo's `--scenario rc` and the tests run.
import { ORCHESTRATION_REPO, ORG } from "./constellation.js";
import { startDemoWorld, trackingBody, type DemoWorld } from "./run.js";
import { toApproved, toBaked, validateStaging } from "./script.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

/**
 * One train for `milestone` (e.g. `v2.0.0-rc.1`) through Phase 7, ended by closing its
 * retrospective. A pre-release stays out of production (the default), so Phase 7 follows
 * the staging validation. Returns the tracking issue.
 */
export async function releaseTrain(w: DemoWorld, milestone: string): Promise<number> {
  const issue = await toApproved(w, milestone);
  if (milestone.includes("-")) await validateStaging(w, issue);
  else {
    await toBaked(w, issue);
    w.sim.as("oscar").comment(ORCH, issue, "/check 6.4 no escalations");
    await w.settle();
  }
  const orch = w.sim.store.requireRepo(ORCH);
  const retro = [...orch.issues.values()].find((i) => i.state === "open" && i.title === `Retrospective: release train ${milestone}`);
  if (retro) {
    w.sim.as("rita").closeIssue(ORCH, retro.number);
    await w.settle();
  }
  return issue;
}

/** A fix merged into the shared release branch between two release candidates. */
export function fixOnReleaseBranch(w: DemoWorld, repo: string, branch = "release/v2.0.0"): string {
  return w.sim.seed.commit(`${ORG}/${repo}`, branch, { message: "fix: close the session on logout", files: { "src/logout.ts": "export const logout = () => true;\n" } });
}

/** rc.1, a fix, rc.2, then the final v2.0.0 from the same release branch. Returns the tracking issues in order. */
export async function rcScenario(w: DemoWorld): Promise<number[]> {
  const issues = [await releaseTrain(w, "v2.0.0-rc.1")];
  fixOnReleaseBranch(w, "blackroad-os-api");
  issues.push(await releaseTrain(w, "v2.0.0-rc.2"));
  issues.push(await releaseTrain(w, "v2.0.0"));
  return issues;
}

/** `npm run demo -- --scenario rc [--json]`: the scenario, a line per train, and the last train's status/summary.json. */
export async function runScenario(scenario: "rc", json: boolean): Promise<number> {
  const world = await startDemoWorld({ quiet: true, frozenAt: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString() });
  const say = (text: string) => (json ? undefined : console.log(text));
  try {
    const issues = await rcScenario(world);
    const api = world.sim.store.requireRepo(`${ORG}/blackroad-os-api`);
    for (const release of api.releases) {
      say(`${api.fullName} ${release.tagName}: prerelease ${release.prerelease}, make_latest ${release.makeLatest}`);
    }
    for (const issue of issues) say(`#${issue}: ${trackingBody(world, issue).split("\n").find((l) => l.startsWith("**")) ?? ""}`);
    const orch = world.sim.store.requireRepo(ORCH);
    const summary = orch.git.readFile(orch.git.resolveCommit("main")!, "status/summary.json")?.toString("utf8");
    if (!summary) {
      console.error(`the ${scenario} scenario did not finish: no status/summary.json was written`);
      return 1;
    }
    process.stdout.write(json ? summary : `\nstatus/summary.json:\n${summary}`);
    return 0;
  } finally {
    await world.close();
  }
}
