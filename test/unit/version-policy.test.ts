import { describe, expect, it } from "vitest";
import { parseCommits, type ParsedCommit } from "../../src/changelog/commits.js";
import { highestBump, planVersions, type RepoHistory, type VersionPolicy } from "../../src/train/version-policy.js";

let counter = 0;
const commits = (...messages: string[]): ParsedCommit[] =>
  parseCommits(
    messages.map((message) => ({
      oid: (++counter).toString(16).padStart(40, "0"),
      message,
      committedDate: "2026-11-20T12:00:00Z",
    })),
  );

const repo = (name: string, previousTag: string | null, ...messages: string[]): RepoHistory => ({
  fullName: `acme/${name}`,
  previousTag,
  commits: commits(...messages),
});

const independent: VersionPolicy = { versioning: "independent", releaseUnchanged: false, groups: {} };

const constellation = [
  repo("api", "v1.4.0", "feat(api)!: drop the v1 routes", "fix: a typo"),
  repo("pack-a", "v1.2.0", "feat: dark mode"),
  repo("pack-b", "v1.1.3", "fix: crash on start", "chore: deps"),
  repo("docs", "v1.0.0"),
];

describe("planVersions", () => {
  it("fixed: every repository gets the train's version, with what its commits imply as the reason", () => {
    const versions = planVersions({ versioning: "fixed", releaseUnchanged: false, groups: {} }, "2.0.0", constellation);
    expect(Object.values(versions).map((v) => [v.version, v.tag, v.release])).toEqual(
      Array(4).fill(["2.0.0", "v2.0.0", true]),
    );
    expect(versions["acme/api"]).toMatchObject({
      previousTag: "v1.4.0",
      bump: "major",
      reason: "train version (1 breaking change, 1 feature, 1 fix)",
    });
    expect(versions["acme/docs"]).toMatchObject({ bump: null, release: true, reason: "train version (no changes)" });
  });

  it("independent: breaking → major, feat → minor, anything else → patch, nothing → not released", () => {
    const versions = planVersions(independent, "2.0.0", constellation);
    expect(versions["acme/api"]).toEqual({
      previousTag: "v1.4.0",
      version: "2.0.0",
      tag: "v2.0.0",
      bump: "major",
      release: true,
      reason: "major: 1 breaking change, 1 feature, 1 fix",
    });
    expect(versions["acme/pack-a"]).toMatchObject({
      version: "1.3.0",
      tag: "v1.3.0",
      bump: "minor",
      release: true,
      reason: "minor: 1 feature",
    });
    expect(versions["acme/pack-b"]).toMatchObject({
      version: "1.1.4",
      bump: "patch",
      release: true,
      reason: "patch: 1 fix, 1 other change",
    });
    expect(versions["acme/docs"]).toEqual({
      previousTag: "v1.0.0",
      version: "1.0.0",
      tag: "v1.0.0",
      bump: null,
      release: false,
      reason: "no changes: not released",
    });
  });

  it("merge commits alone are no releasable change", () => {
    const versions = planVersions(independent, "2.0.0", [repo("web", "v3.0.0", "Merge pull request #4 from acme/x")]);
    expect(versions["acme/web"]).toMatchObject({ release: false, version: "3.0.0" });
  });

  it("releaseUnchanged releases a repository without changes with a patch", () => {
    const versions = planVersions({ ...independent, releaseUnchanged: true }, "2.0.0", constellation);
    expect(versions["acme/docs"]).toMatchObject({
      version: "1.0.1",
      tag: "v1.0.1",
      bump: null,
      release: true,
      reason: "no changes: patch (releaseUnchanged)",
    });
    expect(versions["acme/pack-a"]?.version).toBe("1.3.0");
  });

  it("a group shares one version: the highest previous version raised by the highest bump of its members", () => {
    const versions = planVersions(
      { ...independent, groups: { packs: ["acme/pack-a", "acme/pack-b"] } },
      "2.0.0",
      constellation,
    );
    expect(versions["acme/pack-a"]).toEqual({
      previousTag: "v1.2.0",
      version: "1.3.0",
      tag: "v1.3.0",
      bump: "minor",
      release: true,
      reason: "group packs: minor from pack-a; own commits: 1 feature",
      group: "packs",
    });
    expect(versions["acme/pack-b"]).toEqual({
      previousTag: "v1.1.3",
      version: "1.3.0",
      tag: "v1.3.0",
      bump: "patch",
      release: true,
      reason: "group packs: minor from pack-a; own commits: 1 fix, 1 other change",
      group: "packs",
    });
    expect(versions["acme/api"]?.version).toBe("2.0.0");
  });

  it("on a subset train, a group's version goes on from the newest release of its members outside the train, never below it", () => {
    const policy = {
      ...independent,
      groups: { packs: ["acme/pack-a"] },
      outsideGroups: { packs: { tag: "v1.4.1", repo: "acme/pack-b" } },
    };
    expect(planVersions(policy, "2.0.0", constellation)["acme/pack-a"]).toEqual({
      previousTag: "v1.2.0",
      version: "1.5.0",
      tag: "v1.5.0",
      bump: "minor",
      release: true,
      reason: "group packs: minor from pack-a on v1.4.1 of pack-b (not in this train); own commits: 1 feature",
      group: "packs",
    });
    // An older release outside the train changes nothing.
    const older = { ...policy, outsideGroups: { packs: { tag: "v1.0.0", repo: "acme/pack-b" } } };
    expect(planVersions(older, "2.0.0", constellation)["acme/pack-a"]).toMatchObject({
      version: "1.3.0",
      reason: "group packs: minor from pack-a; own commits: 1 feature",
    });
  });

  it("a member without changes is released with its group; a group without any change is not", () => {
    const withDocs = planVersions(
      { ...independent, groups: { site: ["acme/docs", "acme/pack-b"] } },
      "2.0.0",
      constellation,
    );
    expect(withDocs["acme/docs"]).toMatchObject({ version: "1.1.4", release: true, bump: null, group: "site" });
    const quiet = planVersions({ ...independent, groups: { site: ["acme/docs", "acme/web"] } }, "2.0.0", [
      repo("docs", "v1.0.0"),
      repo("web", "v1.2.0"),
    ]);
    expect(Object.values(quiet).map((v) => [v.version, v.release, v.reason])).toEqual([
      ["1.2.0", false, "group site: no changes: not released; own commits: no changes"],
      ["1.2.0", false, "group site: no changes: not released; own commits: no changes"],
    ]);
  });

  it("has no special rule before 1.0: a breaking change on 0.x makes 1.0.0, a feature the next minor", () => {
    const versions = planVersions(independent, "2.0.0", [
      repo("sdk", "v0.4.2", "feat!: new client"),
      repo("cli", "v0.4.2", "feat: flag"),
    ]);
    expect([versions["acme/sdk"]?.version, versions["acme/cli"]?.version]).toEqual(["1.0.0", "0.5.0"]);
  });

  it("a repository without a release tag starts from 0.0.0", () => {
    expect(planVersions(independent, "2.0.0", [repo("new", null, "feat: first")])["acme/new"]).toMatchObject({
      previousTag: null,
      version: "0.1.0",
    });
  });

  it("a pre-release train releases candidates of each repository's next version", () => {
    const versions = planVersions(independent, "2.0.0-rc.1", constellation);
    expect([versions["acme/api"]?.tag, versions["acme/pack-a"]?.tag, versions["acme/docs"]?.release]).toEqual([
      "v2.0.0-rc.1",
      "v1.3.0-rc.1",
      false,
    ]);
  });

  it("highestBump orders patch < minor < major", () => {
    expect([
      highestBump(null, null),
      highestBump("patch", null),
      highestBump("minor", "patch"),
      highestBump("minor", "major"),
    ]).toEqual([null, "patch", "minor", "major"]);
  });
});
