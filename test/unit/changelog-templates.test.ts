// The changelog's templates are compiled once per process, not once per changelog.
import Handlebars from "handlebars";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCommits } from "../../src/changelog/commits.js";
import { renderChangelog } from "../../src/changelog/render.js";

afterEach(() => vi.restoreAllMocks());

const commits = parseCommits([
  {
    oid: "a".repeat(40),
    message: "feat(api): paginate\n\nBREAKING CHANGE: cursors",
    committedDate: "2026-11-26T10:00:00Z",
  },
  { oid: "b".repeat(40), message: "fix: retry on 502", committedDate: "2026-11-25T10:00:00Z" },
  { oid: "c".repeat(40), message: "chore: bump deps", committedDate: "2026-11-24T10:00:00Z" },
]);
const input = {
  version: "2.0.0",
  previousTag: "v1.4.0",
  date: "2026-11-27",
  repoUrl: "https://github.com/acme/widgets",
  commits,
};

describe("changelog templates", () => {
  it("renders a changelog without compiling the preset's templates again: only the writer's one-tag main template", async () => {
    const first = await renderChangelog(input);
    const compile = vi.spyOn(Handlebars, "compile");
    const again = await renderChangelog(input);
    expect(again).toBe(first);
    const sources = compile.mock.calls.map(([source]) => source);
    expect(sources).toEqual(["{{> release-train-changelog-main}}"]);
    // Every section the preset's partials render is there.
    expect(again).toContain("## [2.0.0](https://github.com/acme/widgets/compare/v1.4.0...v2.0.0) (2026-11-27)");
    expect(again).toContain("### ⚠ BREAKING CHANGES\n\n* **api:** cursors");
    expect(again).toContain(
      `### Bug Fixes\n\n* retry on 502 ([bbbbbbb](https://github.com/acme/widgets/commit/${"b".repeat(40)}))`,
    );
    expect(again).toContain("### Other changes\n\n* chore: bump deps");
  });
});
