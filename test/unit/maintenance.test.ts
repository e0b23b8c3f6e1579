import { describe, expect, it } from "vitest";
import { branchPoint, maintenanceBranchOf, releaseLineOf } from "../../src/train/maintenance.js";
import type { RepoObservation, TagObservation } from "../../src/train/model/repo-observation.js";

const tags = (...names: string[]): TagObservation[] => names.map((name) => ({ name, commitOid: `sha-${name}` }));

describe("release lines", () => {
  it("a version newer than every tag is released from the default branch", () => {
    expect(releaseLineOf(tags("v2.1.0", "v2.0.0"), "2.2.0")).toEqual({ kind: "default" });
    expect(releaseLineOf(tags("v2.0.0"), "2.0.1")).toEqual({ kind: "default" });
    expect(releaseLineOf([], "1.0.0")).toEqual({ kind: "default" });
    expect(releaseLineOf(tags("v2.0.0-rc.1"), "2.0.0")).toEqual({ kind: "default" });
  });

  it("a patch of an older minor line is released from its maintenance branch, after the line's newest tag", () => {
    expect(releaseLineOf(tags("v2.1.0", "v2.0.0", "v1.9.3"), "2.0.1")).toEqual({
      kind: "maintenance",
      branch: "release/v2.0",
      newest: { name: "v2.0.0", commitOid: "sha-v2.0.0" },
    });
    expect(releaseLineOf(tags("v3.0.0", "v2.0.1", "v2.0.0"), "2.0.2")).toMatchObject({
      kind: "maintenance",
      newest: { name: "v2.0.1" },
    });
    // A newer pre-release also makes the default branch another line's.
    expect(releaseLineOf(tags("v2.1.0-rc.1", "v2.0.0"), "2.0.1")).toMatchObject({
      kind: "maintenance",
      branch: "release/v2.0",
    });
  });

  it("a version its line already released, or one no line can take, is refused with the reason", () => {
    expect(releaseLineOf(tags("v2.1.0", "v2.0.1", "v2.0.0"), "2.0.1")).toEqual({
      kind: "stale",
      problem: "version v2.0.1 is not newer than its line's latest tag v2.0.1",
    });
    expect(releaseLineOf(tags("v2.1.0", "v1.4.0"), "2.0.1")).toEqual({
      kind: "none",
      problem: "version v2.0.1 fits no release line: no v2.0.x tag to patch, and its latest tag v2.1.0 is newer",
    });
    // Only a final patch version can belong to an older line: a minor, a major or a pre-release behind the newest tag is too old.
    expect(releaseLineOf(tags("v2.2.0", "v2.1.0"), "2.1.0")).toEqual({
      kind: "stale",
      problem: "version v2.1.0 is not newer than its latest tag v2.2.0",
    });
    expect(releaseLineOf(tags("v2.1.0", "v2.0.0"), "2.0.1-rc.1")).toMatchObject({ kind: "stale" });
  });

  it("the train's own tag (made at 7.2) does not refuse its version", () => {
    const own = (t: TagObservation) => t.name === "v2.0.1";
    expect(releaseLineOf(tags("v2.1.0", "v2.0.1", "v2.0.0"), "2.0.1", own)).toMatchObject({
      kind: "maintenance",
      newest: { name: "v2.0.0" },
    });
  });

  it("names the maintenance branch by major.minor", () => {
    expect(maintenanceBranchOf("2.0.1")).toBe("release/v2.0");
    expect(maintenanceBranchOf("10.12.3")).toBe("release/v10.12");
    expect(maintenanceBranchOf("unknown")).toBeNull();
  });
});

describe("branch points", () => {
  const repo = (over: Partial<RepoObservation>): RepoObservation => ({
    fullName: "o/r",
    found: true,
    url: "https://github.com/o/r",
    defaultBranch: "main",
    defaultHead: { oid: "main-head", checks: [] },
    releaseBranch: null,
    tags: tags("v2.1.0", "v2.0.0"),
    pullRequest: null,
    openPulls: [],
    deployments: [],
    ...over,
  });

  it("a patch starts at the line's newest tag, or at its maintenance branch where people merged fixes, and merges into release/vX.Y", () => {
    expect(branchPoint(repo({}), "2.0.1", true)).toMatchObject({ from: "sha-v2.0.0", base: "release/v2.0" });
    expect(branchPoint(repo({ maintenanceBranch: { oid: "fixed" } }), "2.0.1", true)).toMatchObject({
      from: "fixed",
      base: "release/v2.0",
    });
    expect(
      branchPoint(
        repo({ maintenanceBranch: { oid: "fixed" }, releaseBranch: { oid: "ours", checks: [] } }),
        "2.0.1",
        true,
      ),
    ).toMatchObject({ from: "ours", base: "release/v2.0" });
  });

  it("a release of the newest line, or an independent train's, starts at the default branch", () => {
    expect(branchPoint(repo({}), "2.2.0", true)).toMatchObject({ from: "main-head", base: "main" });
    expect(branchPoint(repo({}), "2.0.1", false)).toMatchObject({ from: "main-head", base: "main" });
    expect(branchPoint(repo({ defaultHead: null }), "2.0.1", true)).toBeNull();
  });
});
