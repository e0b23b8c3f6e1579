import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNewer, isValidRefName, latestSemverTag, versionFromIssue } from "../../src/train/version.js";

const HELP =
  "Name the milestone (or, without a milestone, the tracking issue) with exactly one version, for example " +
  "`v2.0.0`, `2.0.0`, `BlackRoad OS 2.0.0` or `Release v2.1.0-rc.1`. " +
  "Prereleases such as `-rc.1` are allowed; build metadata such as `+build.5` is not.";

const FORBIDDEN =
  "contains characters that are not allowed in a release title (backticks, `$(`, `${`, `;`, `|`, `<`, `>`, backslashes, `../` or control characters)";

describe("versionFromIssue: accepted", () => {
  const accepted: {
    milestoneTitle?: string | null;
    issueTitle: string;
    version: string;
    source: "milestone" | "title";
  }[] = [
    { milestoneTitle: "v2.0.0", issueTitle: "Launch", version: "2.0.0", source: "milestone" },
    { milestoneTitle: "2.0.0", issueTitle: "Launch", version: "2.0.0", source: "milestone" },
    { milestoneTitle: "BlackRoad OS 2.0.0", issueTitle: "Launch", version: "2.0.0", source: "milestone" },
    { milestoneTitle: "Release v2.1.0-rc.1", issueTitle: "Launch", version: "2.1.0-rc.1", source: "milestone" },
    { milestoneTitle: "V3.0.0", issueTitle: "Launch", version: "3.0.0", source: "milestone" },
    { milestoneTitle: "BlackRoad OS 2.0.0", issueTitle: "Release v9.9.9", version: "2.0.0", source: "milestone" },
    { milestoneTitle: null, issueTitle: "v2.0.0", version: "2.0.0", source: "title" },
    { issueTitle: "2.0.0", version: "2.0.0", source: "title" },
    { issueTitle: "BlackRoad OS 2.0.0", version: "2.0.0", source: "title" },
    { issueTitle: "Release v2.1.0-rc.1", version: "2.1.0-rc.1", source: "title" },
    {
      issueTitle: "🚂 Release train: BlackRoad OS v10.20.30-beta.2 (big launch)",
      version: "10.20.30-beta.2",
      source: "title",
    },
    { issueTitle: "Release (v2.0.0).", version: "2.0.0", source: "title" },
    { issueTitle: "Release [2.0.0], finally", version: "2.0.0", source: "title" },
    { issueTitle: "v0.0.0-0", version: "0.0.0-0", source: "title" },
    { issueTitle: "v1.0.0-alpha-1.x-y.0", version: "1.0.0-alpha-1.x-y.0", source: "title" },
    // An empty milestone title is no milestone: the version comes from the issue title.
    { milestoneTitle: "", issueTitle: "Release 2.0.0", version: "2.0.0", source: "title" },
    { milestoneTitle: "   ", issueTitle: "Release 2.0.0", version: "2.0.0", source: "title" },
  ];

  it.each(accepted)("$milestoneTitle / $issueTitle → $version", ({ milestoneTitle, issueTitle, version, source }) => {
    expect(versionFromIssue({ milestoneTitle, issueTitle })).toEqual({
      ok: true,
      version,
      tag: `v${version}`,
      // A pre-release shares the release branch of its version: 2.1.0-rc.1 → release/v2.1.0.
      branch: `release/v${version.replace(/-.*$/, "")}`,
      source,
    });
  });
});

const MILESTONE_ALONE = " (with a milestone, the version comes from the milestone alone, not from the issue title)";

describe("versionFromIssue: rejected, with a message that explains the accepted forms", () => {
  const rejected: { milestoneTitle?: string; issueTitle: string; message: string }[] = [
    { issueTitle: "Big launch", message: `No version found in the issue title "Big launch". ${HELP}` },
    {
      milestoneTitle: "Q3",
      issueTitle: "Big launch",
      message: `No version found in the milestone title "Q3"${MILESTONE_ALONE}. ${HELP}`,
    },
    {
      milestoneTitle: "v1.0.0;rm -rf /",
      issueTitle: "v1.0.0",
      message: `The milestone title "v1.0.0;rm -rf /" ${FORBIDDEN}. ${HELP}`,
    },
    { issueTitle: "v1.0.0;rm -rf /", message: `The issue title "v1.0.0;rm -rf /" ${FORBIDDEN}. ${HELP}` },
    { issueTitle: "../../x", message: `The issue title "../../x" ${FORBIDDEN}. ${HELP}` },
    { issueTitle: "../../1.0.0", message: `The issue title "../../1.0.0" ${FORBIDDEN}. ${HELP}` },
    { issueTitle: "Release `v1.0.0`", message: `The issue title "Release \`v1.0.0\`" ${FORBIDDEN}. ${HELP}` },
    {
      issueTitle: "Release $(whoami) 1.0.0",
      message: `The issue title "Release $(whoami) 1.0.0" ${FORBIDDEN}. ${HELP}`,
    },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a title with a literal "${HOME}", as a person might type it
    { issueTitle: "Release ${HOME} 1.0.0", message: `The issue title "Release \${HOME} 1.0.0" ${FORBIDDEN}. ${HELP}` },
    { issueTitle: "v1.0.0 | sh", message: `The issue title "v1.0.0 | sh" ${FORBIDDEN}. ${HELP}` },
    { issueTitle: "v1.0.0\\..\\x", message: `The issue title "v1.0.0\\\\..\\\\x" ${FORBIDDEN}. ${HELP}` },
    { issueTitle: "v1.0.0\nrm", message: `The issue title "v1.0.0\\nrm" ${FORBIDDEN}. ${HELP}` },
    {
      issueTitle: "v1.0. 0",
      message: `The issue title has "v1.0.", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
    },
    {
      issueTitle: "01.2.3",
      message: `The issue title has "01.2.3", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
    },
    {
      issueTitle: "v1.02.3",
      message: `The issue title has "v1.02.3", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
    },
    {
      issueTitle: "Release 2.0",
      message: `The issue title has "2.0", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
    },
    {
      issueTitle: "v1.0.0-rc.01",
      message: `The issue title has "v1.0.0-rc.01", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
    },
    {
      issueTitle: "v1.0.0~1",
      message: `The issue title has "v1.0.0~1", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
    },
    {
      issueTitle: "v1.0.0+build.5",
      message: `The issue title has "v1.0.0+build.5": build metadata (\`+…\`) cannot be part of a release version. ${HELP}`,
    },
    {
      milestoneTitle: "1.0.0 to 2.0.0",
      issueTitle: "Release 2.0.0",
      message: `The milestone title "1.0.0 to 2.0.0" names more than one version: "1.0.0", "2.0.0". ${HELP}`,
    },
    {
      issueTitle: "v1.0.0-rc.lock",
      message: `The issue title has "1.0.0-rc.lock", which does not make a valid git tag or branch name. ${HELP}`,
    },
    {
      issueTitle: `v1.0.0-${"a".repeat(80)}`,
      message: `The version in the issue title is longer than 64 characters. ${HELP}`,
    },
  ];

  it.each(rejected)("$milestoneTitle / $issueTitle", ({ milestoneTitle, issueTitle, message }) => {
    expect(versionFromIssue({ milestoneTitle, issueTitle })).toEqual({ ok: false, message });
  });

  it.each([
    [
      "v2.0.0+meta",
      `The milestone title has "v2.0.0+meta": build metadata (\`+…\`) cannot be part of a release version. ${HELP}`,
    ],
    [
      "v3.1",
      `The milestone title has "v3.1", which is not a version of the form MAJOR.MINOR.PATCH (no leading zeros). ${HELP}`,
    ],
    ["vX", `No version found in the milestone title "vX"${MILESTONE_ALONE}. ${HELP}`],
    ["Q3 launch", `No version found in the milestone title "Q3 launch"${MILESTONE_ALONE}. ${HELP}`],
  ])(
    "a milestone %j that is not a version is refused, never replaced by the title's version",
    (milestoneTitle, message) => {
      expect(versionFromIssue({ milestoneTitle, issueTitle: "Release v3.1.0" })).toEqual({ ok: false, message });
    },
  );

  it("whatever the title, an accepted version makes safe, valid refs", () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), fc.string(), (milestoneTitle, issueTitle) => {
        const result = versionFromIssue({ milestoneTitle, issueTitle });
        if (!result.ok) return;
        expect(result.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
        expect(isValidRefName(result.tag)).toBe(true);
        expect(isValidRefName(result.branch)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("finds any generated semver version in a title built around it", () => {
    const prerelease = fc.array(fc.constantFrom("rc", "beta", "alpha", "1", "2", "x-y"), { maxLength: 3 });
    fc.assert(
      fc.property(fc.nat(999), fc.nat(999), fc.nat(999), prerelease, fc.boolean(), (a, b, c, pre, v) => {
        const version = `${a}.${b}.${c}${pre.length > 0 ? `-${pre.join(".")}` : ""}`;
        const result = versionFromIssue({ issueTitle: `BlackRoad OS ${v ? "v" : ""}${version} release` });
        expect(result).toMatchObject({ ok: true, version });
      }),
    );
  });
});

describe("isValidRefName", () => {
  it.each([
    ["v2.0.0", true],
    ["release/v2.0.0-rc.1", true],
    ["release/v2.0.0.lock", false],
    ["v1..0", false],
    [".hidden", false],
    ["release/.x", false],
    ["a b", false],
    ["a~1", false],
    ["a^", false],
    ["a:b", false],
    ["a@{1}", false],
    ["a//b", false],
    ["a/", false],
    ["a.", false],
    ["@", false],
    ["", false],
  ])("%s → %s", (ref, valid) => {
    expect(isValidRefName(ref)).toBe(valid);
  });
});

describe("latestSemverTag", () => {
  it.each<[string[], string | undefined]>([
    [[], undefined],
    [["latest", "stable", "v1", "v1.0", "release-1.0.0"], undefined],
    [["v1.0.0", "v1.10.0", "v1.9.0"], "v1.10.0"],
    [["v2.0.0-rc.1", "v1.9.9"], "v2.0.0-rc.1"],
    [["v2.0.0-rc.1", "v2.0.0", "v2.0.0-rc.2"], "v2.0.0"],
    [["v2.0.0-rc.2", "v2.0.0-rc.10", "v2.0.0-beta"], "v2.0.0-rc.10"],
    [["1.2.3", "v1.2.2"], "1.2.3"],
    [["v01.2.3", "v1.0.0"], "v1.0.0"],
    [["v1.0.0+build.9", "v0.9.0"], "v1.0.0+build.9"],
  ])("%j → %s", (tags, latest) => {
    expect(latestSemverTag(tags)).toBe(latest);
  });
});

describe("isNewer", () => {
  it.each<[string, string | undefined, boolean]>([
    ["2.0.0", "v1.9.9", true],
    ["2.0.0", "v2.0.0", false],
    ["2.0.0", "2.0.1", false],
    ["2.0.0-rc.1", "v2.0.0", false],
    ["2.0.0", "v2.0.0-rc.1", true],
    ["2.0.0-rc.2", "v2.0.0-rc.1", true],
    ["v2.0.0", "v1.0.0", true],
    ["2.0.0", undefined, true],
    ["2.0.0", "nightly", true],
    ["not-a-version", "v1.0.0", false],
  ])("%s newer than %s: %s", (version, tag, newer) => {
    expect(isNewer(version, tag)).toBe(newer);
  });
});
