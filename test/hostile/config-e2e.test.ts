// A broken configuration, end to end: the error shows on the tracking issue (once), and
// nothing is created anywhere until the file is fixed.
import { afterEach, describe, expect, it } from "vitest";
import { CONFIG_PATH, PLAYBOOK_CONFIG } from "../../src/demo/constellation.js";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORCH, allPulls, allRefs, appWrites, botComments, lastBotReply } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const HEAD =
  "⚠️ release-train cannot run this train until the configuration is fixed. Nothing was changed.\n\nInvalid `blackroad-os/release-train:.github/release-train.yml`";

/** Commits a new configuration file to the orchestration repository, as a person would. */
function writeConfig(w: DemoWorld, text: string): void {
  w.sim.as("rita").pushCommit(ORCH, "main", {
    message: "chore: edit the release train configuration",
    files: { [CONFIG_PATH]: text },
  });
}

describe("a broken configuration is reported on the tracking issue", () => {
  it.each([
    [
      "malformed YAML",
      PLAYBOOK_CONFIG.replace("repos:\n", "repos:\n\t- oops\n"),
      `${HEAD} (1 problem):\n\n- YAML syntax error: tab characters must not be used in indentation at line`,
    ],
    [
      "a dependency cycle",
      PLAYBOOK_CONFIG.replace(
        /(- name: blackroad-os-infra\n(\s+)team: infrastructure\n)/,
        "$1$2dependsOn: [blackroad-os-home]\n",
      ),
      `${HEAD} (1 problem):\n\n- \`repos[0].dependsOn\`: dependency cycle blackroad-os-infra → blackroad-os-home →`,
    ],
    [
      "an unknown team",
      PLAYBOOK_CONFIG.replace("team: infrastructure", "team: infrastucture"),
      `${HEAD} (1 problem):\n\n- \`repos[0].team\`: unknown team "infrastucture": define it under \`teams\` (did you mean "infrastructure"?)`,
    ],
  ])("%s: one comment with the path and message; no branch, PR or body written", async (_case, config, expected) => {
    world = await startDemoWorld({ quiet: true });
    writeConfig(world, config);
    const refs = allRefs(world);
    const pulls = allPulls(world);
    const before = world.sim.requests.length;
    const issue = openTrain(world);
    await world.settle();
    expect(lastBotReply(world, issue).startsWith(expected)).toBe(true);
    expect(botComments(world, issue)).toHaveLength(1);
    expect(appWrites(world, before).map((w) => w.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
    expect(trackingBody(world, issue)).toBe(
      "The big launch: every repository of the constellation ships 2.0.0 together.",
    );
    expect(allRefs(world)).toEqual(refs);
    expect(allPulls(world)).toEqual(pulls);

    // Looked at again: the same problem is not posted twice.
    const again = world.sim.requests.length;
    await world.server.app.resync();
    world.sim.as("rita").comment(ORCH, issue, "/refresh");
    await world.settle();
    expect(appWrites(world, again)).toEqual([]);
    expect(botComments(world, issue)).toHaveLength(1);
  });

  it("a person's comment carrying the notice's marker does not stand for the notice", async () => {
    world = await startDemoWorld({ quiet: true });
    writeConfig(world, PLAYBOOK_CONFIG.replace("team: infrastructure", "team: infra-team"));
    const issue = openTrain(world);
    await world.settle();
    const [notice] = botComments(world, issue);
    const marker = /<!-- release-train:key=\S+ -->/.exec(notice!.body)![0];
    // The notice deleted by a maintainer, and a copy of its marker in someone else's words.
    world.sim.as("rita").deleteComment(ORCH, notice!.id);
    world.sim.as("mallory").comment(ORCH, issue, `${marker}\nall good, nothing to fix`);
    world.sim.as("rita").comment(ORCH, issue, "/refresh");
    await world.settle();
    expect(botComments(world, issue).map((c) => c.body)).toEqual([notice!.body]);
  });

  it("once the file is fixed, the train starts", async () => {
    world = await startDemoWorld({ quiet: true });
    writeConfig(world, PLAYBOOK_CONFIG.replace("team: infrastructure", "team: infra-team"));
    const issue = openTrain(world);
    await world.settle();
    expect(lastBotReply(world, issue)).toContain('unknown team "infra-team"');
    writeConfig(world, PLAYBOOK_CONFIG);
    world.sim.as("rita").comment(ORCH, issue, "/refresh");
    await world.settle();
    expect(trackingBody(world, issue)).toContain("# 🚂 Release train v2.0.0");
  });
});
