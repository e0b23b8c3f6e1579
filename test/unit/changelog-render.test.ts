import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommits, type RawCommit } from "../../src/changelog/commits.js";
import { prependChangelog, renderChangelog, summarizeChangelog } from "../../src/changelog/render.js";

const REPO = "https://github.com/acme/widgets";

/** Newest first, as GitHub's commit history returns it. */
const history: RawCommit[] = [
  {
    oid: "f00dfeed0000000000000000000000000000000c",
    message: "Merge pull request #12 from acme/feature/export-ndjson\n\nfeat(export)!: stream exports as NDJSON",
    authorLogin: "mona",
    committedDate: "2026-11-26T10:00:00Z",
    prNumbers: [12],
  },
  {
    oid: "e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4",
    message: "feat(export)!: stream exports as NDJSON",
    authorLogin: "mona",
    committedDate: "2026-11-26T09:00:00Z",
  },
  {
    oid: "d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a291",
    message: "feat: add --dry-run flag (#42)\n\n* wip\n* tests",
    authorLogin: "hubot",
    committedDate: "2026-11-25T12:00:00Z",
    prNumbers: [42],
  },
  {
    oid: "c0ffee00112233445566778899aabbccddeeff00",
    message:
      "feat(config): read settings from .release-train.yml\n\nBREAKING CHANGE: the `RT_CONFIG` environment variable is no longer read.\n\nCloses #31",
    committedDate: "2026-11-24T12:00:00Z",
  },
  {
    oid: "b16b00b5deadbeefcafebabe0123456789abcdef",
    message: "feat(cli): colorize the plan output",
    committedDate: "2026-11-23T12:00:00Z",
  },
  {
    oid: "a11ce5a11ce5a11ce5a11ce5a11ce5a11ce5a11c",
    message: "fix: handle repositories without tags",
    committedDate: "2026-11-22T12:00:00Z",
    prNumbers: [44],
  },
  {
    oid: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
    message: "fix(api): retry on 502 responses\n\nFixes #38",
    committedDate: "2026-11-21T12:00:00Z",
  },
  {
    oid: "8badf00d8badf00d8badf00d8badf00d8badf00d",
    message: "perf(diff): cache parsed trees between repositories",
    committedDate: "2026-11-20T12:00:00Z",
  },
  {
    oid: "7e57ab1e7e57ab1e7e57ab1e7e57ab1e7e57ab1e",
    message: "revert: feat(ui): add dark mode\n\nThis reverts commit 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567.",
    committedDate: "2026-11-19T12:00:00Z",
  },
  {
    oid: "6d6f636b6d6f636b6d6f636b6d6f636b6d6f636b",
    message: "docs: document the release flow",
    committedDate: "2026-11-18T12:00:00Z",
  },
  {
    oid: "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e",
    message: "chore(deps): bump semver to 7.7.2",
    committedDate: "2026-11-17T12:00:00Z",
  },
  {
    oid: "4b1d4b1d4b1d4b1d4b1d4b1d4b1d4b1d4b1d4b1d",
    message: "Update README",
    committedDate: "2026-11-16T12:00:00Z",
  },
];

const EXPECTED = `## [2.0.0](https://github.com/acme/widgets/compare/v1.4.0...v2.0.0) (2026-11-27)

### ⚠ BREAKING CHANGES

* **config:** the \`RT_CONFIG\` environment variable is no longer read.
* **export:** stream exports as NDJSON

### Features

* add --dry-run flag ([#42](https://github.com/acme/widgets/issues/42)) ([d4c3b2a](https://github.com/acme/widgets/commit/d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a291))
* **cli:** colorize the plan output ([b16b00b](https://github.com/acme/widgets/commit/b16b00b5deadbeefcafebabe0123456789abcdef))
* **config:** read settings from .release-train.yml ([c0ffee0](https://github.com/acme/widgets/commit/c0ffee00112233445566778899aabbccddeeff00)), closes [#31](https://github.com/acme/widgets/issues/31)
* **export:** stream exports as NDJSON ([e1a2b3c](https://github.com/acme/widgets/commit/e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4))

### Bug Fixes

* handle repositories without tags ([#44](https://github.com/acme/widgets/issues/44)) ([a11ce5a](https://github.com/acme/widgets/commit/a11ce5a11ce5a11ce5a11ce5a11ce5a11ce5a11c))
* **api:** retry on 502 responses ([9f8e7d6](https://github.com/acme/widgets/commit/9f8e7d6c5b4a39281706f5e4d3c2b1a098765432)), closes [#38](https://github.com/acme/widgets/issues/38)

### Performance Improvements

* **diff:** cache parsed trees between repositories ([8badf00](https://github.com/acme/widgets/commit/8badf00d8badf00d8badf00d8badf00d8badf00d))

### Reverts

* feat(ui): add dark mode ([7e57ab1](https://github.com/acme/widgets/commit/7e57ab1e7e57ab1e7e57ab1e7e57ab1e7e57ab1e))

### Other changes

* chore(deps): bump semver to 7.7.2 ([5ca1ab1](https://github.com/acme/widgets/commit/5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e))
* docs: document the release flow ([6d6f636](https://github.com/acme/widgets/commit/6d6f636b6d6f636b6d6f636b6d6f636b6d6f636b))
* Update README ([4b1d4b1](https://github.com/acme/widgets/commit/4b1d4b1d4b1d4b1d4b1d4b1d4b1d4b1d4b1d4b1d))
`;

function render(commits: RawCommit[], extra: { previousTag?: string; currentTag?: string; version?: string } = {}) {
  return renderChangelog({
    version: extra.version ?? "2.0.0",
    date: "2026-11-27",
    repoUrl: REPO,
    commits: parseCommits(commits),
    ...(extra.previousTag ? { previousTag: extra.previousTag } : {}),
    ...(extra.currentTag ? { currentTag: extra.currentTag } : {}),
  });
}

describe("renderChangelog", () => {
  it("renders the full section for a mixed history", async () => {
    expect(await render(history, { previousTag: "v1.4.0" })).toBe(EXPECTED);
  });

  it("drops nothing but merge commits", async () => {
    const out = await render(history, { previousTag: "v1.4.0" });
    for (const c of history) {
      const shown = out.includes(`/commit/${c.oid})`);
      expect(shown, c.message).toBe(!c.message.startsWith("Merge "));
    }
  });

  it("is independent of input order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(history, { minLength: history.length }), async (shuffled) => {
        expect(await render(shuffled, { previousTag: "v1.4.0" })).toBe(EXPECTED);
      }),
      { numRuns: 25 },
    );
  });

  it("renders a plain header without a previous tag", async () => {
    const out = await render([{ oid: "1".repeat(40), message: "fix: a", committedDate: "2026-11-01T00:00:00Z" }], {
      version: "1.0.1",
    });
    expect(out).toBe(
      `## 1.0.1 (2026-11-27)

### Bug Fixes

* a ([1111111](${REPO}/commit/${"1".repeat(40)}))
`,
    );
  });

  it("keeps the previous tag's prefix for the compare link, or uses currentTag", async () => {
    const one = [{ oid: "2".repeat(40), message: "feat: b", committedDate: "2026-11-01T00:00:00Z" }];
    expect((await render(one, { previousTag: "widgets@1.4.0", version: "1.5.0" })).split("\n")[0]).toBe(
      `## [1.5.0](${REPO}/compare/widgets@1.4.0...widgets@1.5.0) (2026-11-27)`,
    );
    expect((await render(one, { previousTag: "1.4.0", version: "1.5.0" })).split("\n")[0]).toBe(
      `## [1.5.0](${REPO}/compare/1.4.0...1.5.0) (2026-11-27)`,
    );
    expect(
      (await render(one, { previousTag: "v1.4.0", currentTag: "release-1.5.0", version: "1.5.0" })).split("\n")[0],
    ).toBe(`## [1.5.0](${REPO}/compare/v1.4.0...release-1.5.0) (2026-11-27)`);
  });

  it("shows every associated PR once, and issue references from the footer", async () => {
    const out = await render([
      { oid: "3".repeat(40), message: "fix: x (#5)", committedDate: "2026-11-01T00:00:00Z", prNumbers: [5, 6] },
      { oid: "4".repeat(40), message: "Tidy up\n\nCloses #9", committedDate: "2026-11-01T00:00:00Z", prNumbers: [8] },
    ]);
    expect(out).toContain(
      `* x ([#5](${REPO}/issues/5)) ([#6](${REPO}/issues/6)) ([3333333](${REPO}/commit/${"3".repeat(40)}))`,
    );
    expect(out).toContain(
      `* Tidy up ([#8](${REPO}/issues/8)) ([4444444](${REPO}/commit/${"4".repeat(40)})), closes [#9](${REPO}/issues/9)`,
    );
  });

  it("keeps the scope of breaking changes in other sections and indents multi-line notes", async () => {
    const out = await render([
      {
        oid: "5".repeat(40),
        message: "refactor(core)!: split the loader",
        committedDate: "2026-11-01T00:00:00Z",
      },
      {
        oid: "6".repeat(40),
        message: "feat: y\n\nBREAKING CHANGE: first line\nsecond line",
        committedDate: "2026-11-01T00:00:00Z",
      },
    ]);
    // Unscoped notes first, like commits.
    expect(out).toContain("### ⚠ BREAKING CHANGES\n\n* first line\n  second line\n* **core:** split the loader\n");
    expect(out).toContain(`### Other changes\n\n* refactor(core)!: split the loader ([5555555]`);
  });

  it("renders only the header when there is nothing but merges", async () => {
    const out = await render([
      { oid: "7".repeat(40), message: "Merge branch 'main' into dev", committedDate: "2026-11-01T00:00:00Z" },
    ]);
    expect(out).toBe("## 2.0.0 (2026-11-27)\n");
  });

  it("supports GitHub Enterprise URLs and rejects malformed ones", async () => {
    const out = await renderChangelog({
      version: "1.0.0",
      previousTag: "v0.9.0",
      date: "2026-11-27",
      repoUrl: "https://ghe.example.com/team/app/",
      commits: parseCommits([{ oid: "8".repeat(40), message: "fix: z (#3)", committedDate: "2026-11-01T00:00:00Z" }]),
    });
    expect(out).toContain("(https://ghe.example.com/team/app/compare/v0.9.0...v1.0.0)");
    expect(out).toContain("[#3](https://ghe.example.com/team/app/issues/3)");
    expect(out).toContain(`(https://ghe.example.com/team/app/commit/${"8".repeat(40)})`);
    await expect(
      renderChangelog({ version: "1.0.0", date: "2026-11-27", repoUrl: "not a url", commits: [] }),
    ).rejects.toThrow(/repository URL/);
    await expect(renderChangelog({ version: "1.0.0", date: "27/11/2026", repoUrl: REPO, commits: [] })).rejects.toThrow(
      /YYYY-MM-DD/,
    );
  });
});

describe("summarizeChangelog", () => {
  it("counts what the changelog shows", () => {
    expect(summarizeChangelog(parseCommits(history))).toBe(
      "2 breaking changes, 4 features, 2 fixes, 1 performance improvement, 1 revert, 3 other changes",
    );
  });
  it("uses singular forms and skips empty categories", () => {
    const c = parseCommits([
      { oid: "a".repeat(40), message: "feat!: x", committedDate: "" },
      { oid: "b".repeat(40), message: "fix: y", committedDate: "" },
      { oid: "c".repeat(40), message: "ci: z", committedDate: "" },
    ]);
    expect(summarizeChangelog(c)).toBe("1 breaking change, 1 feature, 1 fix, 1 other change");
  });
  it("says so when there is nothing", () => {
    expect(summarizeChangelog([])).toBe("no changes");
    expect(
      summarizeChangelog(parseCommits([{ oid: "d".repeat(40), message: "Merge branch 'x'", committedDate: "" }])),
    ).toBe("no changes");
  });
});

describe("prependChangelog", () => {
  const v2 =
    "## [2.0.0](https://github.com/acme/widgets/compare/v1.4.0...v2.0.0) (2026-11-27)\n\n### Features\n\n* b\n";
  const v14 =
    "## [1.4.0](https://github.com/acme/widgets/compare/v1.3.0...v1.4.0) (2026-10-01)\n\n### Bug Fixes\n\n* a\n";

  it("creates the file with a title", () => {
    expect(prependChangelog(null, v2)).toBe(`# Changelog\n\n${v2}`);
    expect(prependChangelog("", v2)).toBe(`# Changelog\n\n${v2}`);
  });

  it("inserts after the title and before older sections", () => {
    const existing = `# Changelog\n\n${v14}`;
    expect(prependChangelog(existing, v2)).toBe(`# Changelog\n\n${v2}\n${v14}`);
  });

  it("keeps an introduction between the title and the releases", () => {
    const existing = `# Changelog\n\nAll notable changes are listed here.\n\n${v14}`;
    expect(prependChangelog(existing, v2)).toBe(`# Changelog\n\nAll notable changes are listed here.\n\n${v2}\n${v14}`);
    const introOnly = "# Changelog\n\nAll notable changes are listed here.\n";
    expect(prependChangelog(introOnly, v2)).toBe(`${introOnly}\n${v2}`);
  });

  it("handles files without a title and angular-style `#` major headings", () => {
    expect(prependChangelog(v14, v2)).toBe(`${v2}\n${v14}`);
    const angular = "# Changelog\n\n# [1.0.0](https://x/compare/v0.9.0...v1.0.0) (2026-01-01)\n\n* a\n";
    expect(prependChangelog(angular, v2)).toBe(
      `# Changelog\n\n${v2}\n# [1.0.0](https://x/compare/v0.9.0...v1.0.0) (2026-01-01)\n\n* a\n`,
    );
  });

  it("is idempotent", () => {
    const once = prependChangelog(`# Changelog\n\n${v14}`, v2);
    expect(prependChangelog(once, v2)).toBe(once);
    const created = prependChangelog(null, v2);
    expect(prependChangelog(created, v2)).toBe(created);
    // A plain header (no compare link) for the same version counts too.
    expect(prependChangelog(once, "## 2.0.0 (2026-11-28)\n\n* other\n")).toBe(once);
  });

  it("preserves CRLF line endings", () => {
    const existing = `# Changelog\r\n\r\n${v14.replace(/\n/g, "\r\n")}`;
    const out = prependChangelog(existing, v2);
    expect(out).toBe(`# Changelog\r\n\r\n${v2.replace(/\n/g, "\r\n")}\r\n${v14.replace(/\n/g, "\r\n")}`);
  });
});
