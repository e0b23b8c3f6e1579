// Pre-release trains: versions, previous tags, own release commits and the train's PR on a shared branch.
import { describe, expect, it } from "vitest";
import { isOwnBump } from "../../src/train/preparation/release-commit.js";
import { releasePullOf } from "../../src/train/release-pulls.js";
import { previousPrerelease, previousTag } from "../../src/train/tags.js";
import { modeOf, trainVersionOf } from "../../src/train/version.js";
import type { PullRequestObservation } from "../../src/train/model/repo-observation.js";

const tags = (...names: string[]) => ({ tags: names.map((name) => ({ name, commitOid: name })) });
const pull = (number: number, title: string, state: PullRequestObservation["state"]): PullRequestObservation => ({
  number,
  title,
  url: "",
  state,
  mergeable: "MERGEABLE",
  headOid: "",
  mergeCommitOid: null,
  labels: [],
});

describe("pre-release versions", () => {
  it("share the release branch of their version and are their own mode", () => {
    expect(trainVersionOf("2.0.0-rc.1")).toEqual({
      version: "2.0.0-rc.1",
      tag: "v2.0.0-rc.1",
      branch: "release/v2.0.0",
    });
    expect(trainVersionOf("2.0.0")).toEqual({ version: "2.0.0", tag: "v2.0.0", branch: "release/v2.0.0" });
    expect([modeOf("2.0.0-beta.2"), modeOf("2.0.0")]).toEqual(["prerelease", "release"]);
  });

  it("never take a pre-release tag as the previous release; the previous candidate is found separately", () => {
    const repo = tags("v2.0.0-rc.2", "v2.0.0-rc.1", "v1.9.0-rc.1", "v1.8.0");
    expect(previousTag(repo, "2.0.0")?.name).toBe("v1.8.0");
    expect(previousTag(repo, "2.0.0-rc.3")?.name).toBe("v1.8.0");
    expect(previousPrerelease(repo, "2.0.0-rc.3")?.name).toBe("v2.0.0-rc.2");
    expect(previousPrerelease(repo, "2.0.0-rc.1")).toBeNull();
    expect(previousPrerelease(repo, "2.1.0-rc.1")).toBeNull();
  });

  it("leave the earlier candidates' release commits out of the changelog, and nothing else", () => {
    const v = trainVersionOf("2.0.0");
    expect(isOwnBump("chore(release): v2.0.0", v)).toBe(true);
    expect(isOwnBump("chore(release): v2.0.0-rc.1", v)).toBe(true);
    expect(isOwnBump("chore(release): v1.9.0", v)).toBe(false);
    expect(isOwnBump("chore(release): v2.0.1-rc.1", v)).toBe(false);
    expect(isOwnBump("fix: chore(release): v2.0.0-rc.1", v)).toBe(false);
  });

  it("pick this train's pull request on a shared branch, never an earlier candidate's", () => {
    const rc1 = pull(1, "release: v2.0.0-rc.1", "MERGED");
    expect(releasePullOf([rc1], { tag: "v2.0.0-rc.2" })).toBeNull();
    expect(releasePullOf([pull(2, "release: v2.0.0-rc.2", "OPEN"), rc1], { tag: "v2.0.0-rc.2" })?.number).toBe(2);
    expect(releasePullOf([pull(2, "release: v2.0.0-rc.2", "MERGED"), rc1], { tag: "v2.0.0-rc.2" })?.number).toBe(2);
    // A release PR retitled by hand is still the train's (one train per branch, as before).
    expect(releasePullOf([pull(3, "Release 2.0.0 (please review)", "MERGED")], { tag: "v2.0.0" })?.number).toBe(3);
  });
});
