// Hostile milestone titles: refused with a precise message on the tracking issue, and no
// ref is ever created from them. Pure cases first, then end to end on the simulator.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { isValidRefName, versionFromIssue } from "../../src/train/version.js";
import { ORCH, allPulls, allRefs, appWrites, botComments, lastBotReply } from "./helpers.js";

const HELP =
  "Name the milestone (or, without a milestone, the tracking issue) with exactly one version, for example `v2.0.0`, `2.0.0`, `BlackRoad OS 2.0.0` or `Release v2.1.0-rc.1`. Prereleases such as `-rc.1` are allowed; build metadata such as `+build.5` is not.";
const FORBIDDEN =
  "contains characters that are not allowed in a release title (backticks, `$(`, `${`, `;`, `|`, `<`, `>`, backslashes, `../` or control characters)";

/** Milestone title -> the exact message the tracking issue gets. */
const REFUSED: Array<[string, string]> = [
  ["v1.0.0;rm -rf /", `The milestone title "v1.0.0;rm -rf /" ${FORBIDDEN}. ${HELP}`],
  ["../../x", `The milestone title "../../x" ${FORBIDDEN}. ${HELP}`],
  ["1.0.0\n", `The milestone title "1.0.0\\n" ${FORBIDDEN}. ${HELP}`],
  ["release/v1.0.0/../../main", `The milestone title "release/v1.0.0/../../main" ${FORBIDDEN}. ${HELP}`],
  ["v1.0.0 $(reboot)", `The milestone title "v1.0.0 $(reboot)" ${FORBIDDEN}. ${HELP}`],
  ["v1.0.0 `id`", `The milestone title "v1.0.0 \`id\`" ${FORBIDDEN}. ${HELP}`],
  [
    "１.0.0",
    `The milestone title has "１.0.0", which is written with characters that are not ASCII (U+FF11): a version uses the digits 0-9, for example \`1.0.0\`. ${HELP}`,
  ],
  [
    "v1.0.0\u202E",
    `The milestone title has "v1.0.0\\u202E", which is written with characters that are not ASCII (U+202E): a version uses the digits 0-9, for example \`v1.0.0\`. ${HELP}`,
  ],
  [
    "01.0.0",
    `The milestone title has "01.0.0", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
  ],
  [
    "v1..0.0",
    `The milestone title has "v1..0.0", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
  ],
  [
    "v1.0.0@{1}",
    `The milestone title has "v1.0.0@{1}", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
  ],
  [
    "v1.0.0.lock",
    `The milestone title has "v1.0.0.lock", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
  ],
  [
    "v1.0.0-rc.lock",
    `The milestone title has "1.0.0-rc.lock", which does not make a valid git tag or branch name. ${HELP}`,
  ],
  [`v1.0.0-${"a".repeat(300)}`, `The version in the milestone title is longer than 64 characters. ${HELP}`],
];

describe("hostile versions (pure)", () => {
  it.each(REFUSED)("%j is refused with its reason", (milestone, message) => {
    expect(versionFromIssue({ milestoneTitle: milestone, issueTitle: "Release" })).toEqual({ ok: false, message });
  });

  it("whatever the title, an accepted version makes only plain, valid ref names", () => {
    const pieces = [
      "v1.0.0",
      "1.2.3-rc.1",
      " ",
      "..",
      "/",
      ";",
      "$(",
      "`",
      "@{",
      ".lock",
      "~",
      "^",
      ":",
      "?",
      "*",
      "[",
      "\\",
      "\u202E",
      "１",
      "-",
      "+b",
      "0",
      "01",
      "\t",
      "&&",
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let accepted = 0;
    for (let i = 0; i < 5000; i += 1) {
      const title = Array.from({ length: 1 + (next() % 6) }, () => pieces[next() % pieces.length]).join("");
      const result = versionFromIssue({ milestoneTitle: title, issueTitle: "Release" });
      if (!result.ok) continue;
      accepted += 1;
      expect(result.tag).toMatch(/^v[0-9A-Za-z.-]+$/);
      expect(isValidRefName(result.tag) && isValidRefName(result.branch)).toBe(true);
      // Every pre-release of a version shares its final version's branch.
      expect(result.branch).toBe(`release/${result.tag.replace(/-.*$/, "")}`);
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it.each([
    "release/v1.0.0/../../main",
    "release/v1.0.0 beta",
    "release/v1..0",
    "release/v1.0.0@{1}",
    "release/v1.0.0.lock",
    "release/v1.0.0/",
    "release//v1.0.0",
    "v1.0.0~1",
    "v1.0.0^{}",
    "v1.0.0:x",
    "v1.0.0\u0000",
  ])(
    "%j is not a valid ref name (git's rules; `;`, `$()` and backticks are legal to git, and no accepted version contains them)",
    (ref) => {
      expect(isValidRefName(ref)).toBe(false);
    },
  );
});

describe("hostile versions end to end", () => {
  let world: DemoWorld;
  afterEach(async () => world?.close());

  /** Labels an issue with this milestone and title: the only write is one reply, nothing is created anywhere. */
  async function expectRefused(milestone: string, title: string, message: string) {
    world = await startDemoWorld({ quiet: true });
    const refs = allRefs(world);
    const pulls = allPulls(world);
    const rita = world.sim.as("rita");
    const number = rita.createMilestone(ORCH, milestone);
    const issue = rita.createIssue({ repo: ORCH, title, body: "Next release.", milestone: number });
    const before = world.sim.requests.length;
    rita.addLabels(ORCH, issue, ["release-train"]);
    await world.settle();
    expect(lastBotReply(world, issue)).toBe(`⚠️ ${message}`);
    expect(botComments(world, issue)).toHaveLength(1);
    expect(appWrites(world, before).map((w) => w.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
    expect(trackingBody(world, issue)).toBe("Next release.");
    expect(allRefs(world)).toEqual(refs);
    expect(allPulls(world)).toEqual(pulls);
  }

  it.each([REFUSED[0]!, REFUSED[2]!, REFUSED[6]!, REFUSED[8]!, REFUSED[13]!])(
    "milestone %j: the tracking issue gets the reason, no ref is created",
    async (milestone, message) => {
      await expectRefused(milestone, "Constellation release", message);
    },
  );

  // One rule: a milestone that is not a version is refused, even when the issue title has one.
  it.each([
    [
      "vX",
      `No version found in the milestone title "vX" (with a milestone, the version comes from the milestone alone, not from the issue title). ${HELP}`,
    ],
    [
      "v3.1",
      `The milestone title has "v3.1", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
    ],
  ])(
    "milestone %j on an issue titled 'Release v3.1.0': refused on the tracking issue, nothing created",
    async (milestone, message) => {
      await expectRefused(milestone, "Release v3.1.0", message);
    },
  );
});
