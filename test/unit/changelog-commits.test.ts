import { describe, expect, it } from "vitest";
import {
  commitCategory,
  impliedVersionTooSmall,
  parseCommits,
  suggestBump,
  type RawCommit,
} from "../../src/changelog/commits.js";

let counter = 0;
function raw(message: string, extra: Partial<RawCommit> = {}): RawCommit {
  counter += 1;
  return {
    oid: counter.toString(16).padStart(40, "0"),
    message,
    committedDate: "2026-11-20T12:00:00Z",
    ...extra,
  };
}

function parseOne(message: string, extra: Partial<RawCommit> = {}) {
  const [commit] = parseCommits([raw(message, extra)]);
  if (!commit) throw new Error("no commit parsed");
  return commit;
}

describe("parseCommits", () => {
  it("parses type, scope and subject, lower-casing the type", () => {
    const c = parseOne("Feat(UI): Add a Toolbar");
    expect(c).toMatchObject({
      type: "feat",
      scope: "UI",
      subject: "Add a Toolbar",
      headline: "Feat(UI): Add a Toolbar",
      breaking: false,
      breakingNotes: [],
      revert: null,
      merge: null,
      prNumbers: [],
      references: [],
    });
    expect(commitCategory(c)).toBe("feature");
  });

  it("keeps oid, author and date", () => {
    const c = parseOne("fix: x", {
      oid: "abc".padEnd(40, "0"),
      authorLogin: "mona",
      committedDate: "2026-01-02T03:04:05Z",
    });
    expect(c.oid).toBe("abc".padEnd(40, "0"));
    expect(c.authorLogin).toBe("mona");
    expect(c.committedDate).toBe("2026-01-02T03:04:05Z");
    expect(parseOne("fix: y").authorLogin).toBeNull();
  });

  it("recognises a breaking change from `!`, using the subject as note", () => {
    const c = parseOne("feat(api)!: drop the v1 endpoints");
    expect(c.type).toBe("feat");
    expect(c.scope).toBe("api");
    expect(c.subject).toBe("drop the v1 endpoints");
    expect(c.breaking).toBe(true);
    expect(c.breakingNotes).toEqual(["drop the v1 endpoints"]);
  });

  it("recognises BREAKING CHANGE and BREAKING-CHANGE footers with their text", () => {
    const a = parseOne("feat: new config\n\nSome body.\n\nBREAKING CHANGE: the old format is gone\nand so is the flag");
    expect(a.breaking).toBe(true);
    expect(a.breakingNotes).toEqual(["the old format is gone\nand so is the flag"]);
    expect(a.body).toBe("Some body.");

    const b = parseOne("refactor(core): rename\n\nBREAKING-CHANGE: `run` is now `start`");
    expect(b.breaking).toBe(true);
    expect(b.breakingNotes).toEqual(["`run` is now `start`"]);
    expect(commitCategory(b)).toBe("other");

    // `!` plus a footer: the footer text wins.
    const c = parseOne("feat!: x\n\nBREAKING CHANGE: explained");
    expect(c.breakingNotes).toEqual(["explained"]);
  });

  it("treats a footer on a non-conventional commit as breaking too", () => {
    const c = parseOne("Rework storage\n\nBREAKING CHANGE: data must be migrated");
    expect(c.type).toBeNull();
    expect(c.breaking).toBe(true);
  });

  it("parses `revert:` commits", () => {
    const c = parseOne("revert: feat(ui): add dark mode\n\nThis reverts commit 0a1b2c3d4e5f.");
    expect(c.type).toBe("revert");
    expect(c.subject).toBe("feat(ui): add dark mode");
    expect(c.revert).toEqual({ header: "feat(ui): add dark mode", hash: "0a1b2c3d4e5f" });
    expect(commitCategory(c)).toBe("revert");
  });

  it('parses git\'s `Revert "…"` commits, with or without the trailing period', () => {
    const a = parseOne('Revert "feat: add bar"\n\nThis reverts commit 123abc.');
    expect(a.type).toBeNull();
    expect(a.revert).toEqual({ header: "feat: add bar", hash: "123abc" });
    const b = parseOne('Revert "fix: baz"\n\nThis reverts commit 456def');
    expect(b.revert).toEqual({ header: "fix: baz", hash: "456def" });
    expect(commitCategory(b)).toBe("revert");
  });

  it('parses GitHub\'s revert PRs (`Revert "…" (#50)`, body "Reverts o/r#49")', () => {
    const c = parseOne('Revert "feat: add baz" (#50)\n\nReverts acme/widgets#49');
    expect(c.revert).toEqual({ header: "feat: add baz", hash: null });
    expect(c.prNumbers).toEqual([50]);
  });

  it("collects PR numbers from the header and from prNumbers, without duplicates", () => {
    const c = parseOne("feat: add --dry-run flag (#42)", { prNumbers: [42, 43] });
    expect(c.prNumbers).toEqual([42, 43]);
    expect(c.subject).toBe("add --dry-run flag (#42)");
    // The header's (#42) is a PR reference, not an issue reference.
    expect(c.references).toEqual([]);
    expect(parseOne("fix: resolve crash (#7)").prNumbers).toEqual([7]);
  });

  it("collects issue references", () => {
    const c = parseOne("fix(api): retry on 502\n\nFixes #38\nCloses acme/other#2");
    expect(c.references).toEqual([
      { action: "Fixes", owner: null, repository: null, prefix: "#", issue: "38", raw: "#38" },
      { action: "Closes", owner: "acme", repository: "other", prefix: "#", issue: "2", raw: "acme/other#2" },
    ]);
  });

  it("recognises merge commits and keeps their PR number", () => {
    const pr = parseOne("Merge pull request #12 from acme/feature/x\n\nfeat: something", { prNumbers: [12] });
    expect(pr.merge).toEqual({ kind: "pull-request", prNumber: 12, source: "acme/feature/x" });
    expect(pr.prNumbers).toEqual([12]);
    expect(pr.type).toBeNull();

    const branch = parseOne("Merge branch 'main' into feature");
    expect(branch.merge).toEqual({ kind: "branch", prNumber: null, source: "main" });
    expect(parseOne("Merge remote-tracking branch 'origin/main'").merge?.kind).toBe("branch");
    expect(parseOne("Merge tag 'v1.0.0'").merge?.kind).toBe("branch");
    expect(parseOne("Merged the two parsers").merge).toBeNull();
  });

  it("treats non-conventional messages as type null", () => {
    for (const m of ["Update README", ": no type", "WIP", "fix typo in docs"]) {
      const c = parseOne(m);
      expect(c.type, m).toBeNull();
      expect(c.subject, m).toBeNull();
      expect(c.headline, m).toBe(m);
      expect(commitCategory(c), m).toBe("other");
    }
  });

  it("tolerates CRLF and empty messages", () => {
    const c = parseOne("fix: windows\r\n\r\nBREAKING CHANGE: yes\r\n");
    expect(c.headline).toBe("fix: windows");
    expect(c.breakingNotes).toEqual(["yes"]);
    const empty = parseOne("");
    expect(empty.headline).toBe("");
    expect(empty.type).toBeNull();
  });

  it("preserves input order", () => {
    const out = parseCommits([raw("fix: a"), raw("feat: b"), raw("chore: c")]);
    expect(out.map((c) => c.subject)).toEqual(["a", "b", "c"]);
  });
});

describe("suggestBump", () => {
  const bump = (...messages: string[]) => suggestBump(parseCommits(messages.map((m) => raw(m))));

  it("breaking → major", () => {
    expect(bump("fix: a", "feat!: b")).toBe("major");
    expect(bump("chore: a\n\nBREAKING CHANGE: b")).toBe("major");
    expect(bump("Update things\n\nBREAKING-CHANGE: b")).toBe("major");
  });
  it("feat → minor", () => {
    expect(bump("fix: a", "feat(x): b", "docs: c")).toBe("minor");
    expect(bump("feature: b")).toBe("minor");
  });
  it("fix, perf, revert and other → patch", () => {
    expect(bump("fix: a")).toBe("patch");
    expect(bump("perf: a")).toBe("patch");
    expect(bump('Revert "feat: a"\n\nThis reverts commit abc.')).toBe("patch");
    expect(bump("revert: feat: a")).toBe("patch");
    expect(bump("docs: a")).toBe("patch");
    expect(bump("Update README")).toBe("patch");
  });
  it("nothing → null; merge commits don't count", () => {
    expect(bump()).toBeNull();
    expect(bump("Merge pull request #1 from a/b", "Merge branch 'main' into x")).toBeNull();
    expect(bump("Merge pull request #1 from a/b\n\nfeat!: big")).toBeNull();
  });
  it("applies no special rule to 0.x", () => {
    // Callers compare with the train version; the commit rule is the plain one.
    expect(bump("feat!: b")).toBe("major");
  });
});

describe("impliedVersionTooSmall", () => {
  it("is true when the train version is below the implied version", () => {
    expect(impliedVersionTooSmall("1.4.0", "1.5.0", "major")).toBe(true);
    expect(impliedVersionTooSmall("1.4.0", "1.4.1", "minor")).toBe(true);
    expect(impliedVersionTooSmall("1.4.0", "1.4.0", "patch")).toBe(true);
    expect(impliedVersionTooSmall("0.3.2", "0.4.0", "major")).toBe(true);
  });
  it("is false when the train version covers the bump", () => {
    expect(impliedVersionTooSmall("1.4.0", "2.0.0", "major")).toBe(false);
    expect(impliedVersionTooSmall("1.4.0", "1.5.0", "minor")).toBe(false);
    expect(impliedVersionTooSmall("1.4.0", "2.0.0", "patch")).toBe(false);
    expect(impliedVersionTooSmall("1.4.0", "1.4.1", "patch")).toBe(false);
    expect(impliedVersionTooSmall("1.4.0", "1.4.0", null)).toBe(false);
  });
  it("counts a prerelease train version as its release", () => {
    expect(impliedVersionTooSmall("1.4.0", "2.0.0-rc.1", "major")).toBe(false);
    expect(impliedVersionTooSmall("2.0.0-rc.1", "2.0.0", "patch")).toBe(false);
    expect(impliedVersionTooSmall("1.4.0", "1.5.0-beta.0", "major")).toBe(true);
  });
  it("rejects invalid versions", () => {
    expect(() => impliedVersionTooSmall("one", "1.0.0", "patch")).toThrow(/previous/);
    expect(() => impliedVersionTooSmall("1.0.0", "next", "patch")).toThrow(/train/);
  });
});
