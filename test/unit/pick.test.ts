import { describe, expect, it } from "vitest";
import { Authz } from "../../src/train/authz.js";
import { initialState } from "../../src/train/decide.js";
import {
  membershipKey,
  pickKey,
  type PathChange,
  type PickObservation,
  type TreeBlob,
} from "../../src/train/model/observation.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import { pick, type PickContext } from "../../src/train/picks/pick-command.js";
import { withPickedFixes } from "../../src/train/picks/pick-changelog.js";
import { pickMessage, pickTree } from "../../src/train/picks/pick-tree.js";
import { pickActions } from "../../src/train/picks/pick-writes.js";
import { trainPlan } from "../../src/train/subset.js";
import { comment, observation, OWNER, playbookConfig, playbookPlan, repoObservation } from "../helpers/core.js";

const blob = (sha: string, mode: TreeBlob["mode"] = "100644"): TreeBlob => ({ sha, mode });
const change = (path: string, before: TreeBlob | null, after: TreeBlob | null): PathChange => ({ path, before, after });

describe("pickTree", () => {
  it("sets each path the fix changed to the fix's blob, or removes it, where the branch has it as the fix's parent had", () => {
    const changes = [
      change("src/a.ts", blob("a1"), blob("a2")),
      change("src/new.ts", null, blob("n1")),
      change("src/old.ts", blob("o1"), null),
      change("bin/run", blob("r1"), blob("r1", "100755")),
    ];
    const branch = { "src/a.ts": blob("a1"), "src/new.ts": null, "src/old.ts": blob("o1"), "bin/run": blob("r1") };
    expect(pickTree(changes, branch)).toEqual({
      ok: true,
      entries: [
        { path: "src/a.ts", mode: "100644", type: "blob", sha: "a2" },
        { path: "src/new.ts", mode: "100644", type: "blob", sha: "n1" },
        { path: "src/old.ts", mode: "100644", type: "blob", sha: null },
        { path: "bin/run", mode: "100755", type: "blob", sha: "r1" },
      ],
    });
  });

  it("needs no entry for a path the branch already has as the fix made it", () => {
    expect(
      pickTree([change("src/a.ts", blob("a1"), blob("a2")), change("src/b.ts", blob("b1"), blob("b2"))], {
        "src/a.ts": blob("a2"),
        "src/b.ts": blob("b1"),
      }),
    ).toEqual({ ok: true, entries: [{ path: "src/b.ts", mode: "100644", type: "blob", sha: "b2" }] });
  });

  it("conflicts on every path the branch has otherwise: changed there, missing there, or already added there", () => {
    const changes = [
      change("src/a.ts", blob("a1"), blob("a2")),
      change("src/gone.ts", blob("g1"), blob("g2")),
      change("src/new.ts", null, blob("n1")),
      change("src/fine.ts", blob("f1"), blob("f2")),
    ];
    const branch = {
      "src/a.ts": blob("a0"),
      "src/gone.ts": null,
      "src/new.ts": blob("other"),
      "src/fine.ts": blob("f1"),
    };
    expect(pickTree(changes, branch)).toEqual({ ok: false, conflicts: ["src/a.ts", "src/gone.ts", "src/new.ts"] });
  });
});

describe("pickMessage", () => {
  it("keeps the message and adds git's cherry-pick trailer", () => {
    expect(pickMessage("fix: x\n\nWhy.\n", "abc")).toBe("fix: x\n\nWhy.\n\n(cherry picked from commit abc)");
  });
});

describe("withPickedFixes", () => {
  const text =
    "# Changelog\n\n## [2.0.1](https://x/compare/v2.0.0...v2.0.1) (2026-11-27)\n\n### Bug Fixes\n\n* one ([1111111](https://x/commit/1111111))\n\n## 2.0.0\n\n* Release 2.0.0.\n";
  const fix = (sha: string, appliedAs?: string) => ({
    repo: `${OWNER}/blackroad-os-api`,
    sha,
    headline: `fix: ${sha.slice(0, 3)}`,
    by: "rita",
    at: "",
    via: "comment:1",
    ...(appliedAs ? { appliedAs } : {}),
  });

  it("lists picks on the branch under their own heading at the end of the version's section, once", () => {
    const a = fix("a".repeat(40), "c".repeat(40));
    const once = withPickedFixes(text, "2.0.1", "https://x", [a])!;
    expect(once).toBe(
      text.replace(
        "\n\n## 2.0.0",
        `\n\n### Cherry-picked fixes\n\n* fix: aaa ([ccccccc](https://x/commit/${"c".repeat(40)})), cherry picked from [aaaaaaa](https://x/commit/${"a".repeat(40)}) by @rita\n\n## 2.0.0`,
      ),
    );
    expect(withPickedFixes(once, "2.0.1", "https://x", [a])).toBe(once);
    const b = fix("b".repeat(40), "d".repeat(40));
    const twice = withPickedFixes(once, "2.0.1", "https://x", [a, b])!;
    expect(twice.split("\n").filter((l) => l.startsWith("* fix: "))).toHaveLength(2);
    expect(twice.indexOf("* fix: bbb")).toBeLessThan(twice.indexOf("## 2.0.0"));
    expect(twice.match(/### Cherry-picked fixes/g)).toHaveLength(1);
  });

  it("leaves out picks not yet on the branch, and answers null without the version's section", () => {
    expect(withPickedFixes(text, "2.0.1", "https://x", [fix("a".repeat(40))])).toBe(text);
    expect(withPickedFixes(text, "2.0.2", "https://x", [fix("a".repeat(40), "c".repeat(40))])).toBeNull();
  });
});

const API = `${OWNER}/blackroad-os-api`;
const WEB = `${OWNER}/blackroad-os-web`;
const FIX = "f".repeat(40);
const HEAD = "1".repeat(40);
const V201 = { version: "2.0.1", tag: "v2.0.1", branch: "release/v2.0.1" };
const config = playbookConfig();
const configured = playbookPlan(config);

/** The commit `/pick` names, as the shell reads it, on a release branch that has README.md as the fix's parent had it. */
function seen(overrides: Partial<Extract<PickObservation, { found: true }>> = {}): PickObservation {
  return {
    found: true,
    oid: FIX,
    message: "fix: bound the session store\n\nEvict the oldest.",
    parent: "0".repeat(40),
    author: { name: "Bella", email: "bella@example.com", date: "2026-11-26T10:00:00Z" },
    changes: [change("README.md", blob("r1"), blob("r2"))],
    branch: {
      oid: HEAD,
      tree: "t".repeat(40),
      blobs: { "README.md": blob("r1") },
      changelog: "# Changelog\n\n## 2.0.1\n",
    },
    appliedAs: null,
    repositoryId: "R_api",
    ...overrides,
  };
}

interface Setup {
  members?: Record<string, "maintainer" | "member" | null>;
  patch?: boolean;
  picks?: Record<string, PickObservation>;
  pr?: "OPEN" | "MERGED" | null;
  subset?: string[];
  state?: TrainState;
}

function setup(options: Setup = {}) {
  const members: Record<string, "maintainer" | "member" | null> = options.members ?? { rita: "member", dev: null };
  const memberships = Object.fromEntries(
    Object.entries(members).map(([login, role]) => [membershipKey("orchestration", login), role]),
  );
  const pr = options.pr === undefined ? "OPEN" : options.pr;
  const obs = observation({ ...(options.picks ? { picks: options.picks } : {}) });
  obs.repos[API] = repoObservation("blackroad-os-api", {
    releaseBranch: pr ? { oid: HEAD, checks: [] } : null,
    pullRequest: pr
      ? {
          number: 12,
          url: "",
          state: pr,
          mergeable: "MERGEABLE",
          headOid: HEAD,
          mergeCommitOid: pr === "MERGED" ? "m".repeat(40) : null,
          labels: [],
        }
      : null,
  });
  const state = options.state ?? initialState("2.0.1", "2026-11-27T09:00:00Z", "");
  const audit: string[] = [];
  const ctx: PickContext = {
    state,
    authz: new Authz(config, memberships),
    audit: (actor, text) => audit.push(`${actor}: ${text}`),
    observation: obs,
    plan: trainPlan(configured, options.subset ?? [API, WEB, `${OWNER}/blackroad-os-infra`]),
    configuredPlan: configured,
    version: V201,
    patch: options.patch ?? true,
    needs: [],
  };
  return { ctx, state, audit };
}

const run = (ctx: PickContext, author: string, line: string) =>
  pick(ctx, comment(author, line), line.split(/\s+/).slice(1));

describe("/pick", () => {
  it("records the pick (who, repository, full sha) once GitHub shows the commit, and asks for the commit first", () => {
    const asking = setup();
    expect(run(asking.ctx, "rita", "/pick blackroad-os-api FFFFFFF")).toBeUndefined();
    expect(asking.ctx.needs).toEqual([{ repo: API, sha: "fffffff" }]);
    expect(asking.state.picks).toBeUndefined();

    const { ctx, state, audit } = setup({ picks: { [pickKey(API, "fffffff")]: seen() } });
    const outcome = run(ctx, "rita", "/pick blackroad-os-api fffffff");
    expect(outcome).toEqual({
      ok: true,
      note: "picking fffffff (“fix: bound the session store”) onto `release/v2.0.1` of blackroad-os-api; the changelog of v2.0.1 lists it.",
    });
    expect(state.picks).toEqual([
      {
        repo: API,
        sha: FIX,
        headline: "fix: bound the session store",
        by: "rita",
        at: "2026-11-27T09:00:00Z",
        via: expect.stringMatching(/^comment:\d+$/),
      },
    ]);
    expect(audit).toEqual(["rita: picked fffffff (fix: bound the session store) for blackroad-os-api"]);
    // The same commit again: nothing new.
    expect(run(ctx, "rita", `/pick blackroad-os-api ${FIX}`)).toMatchObject({
      ok: true,
      note: expect.stringContaining("already picked"),
    });
    expect(state.picks).toHaveLength(1);
  });

  const refusals: Array<[string, Setup, string, RegExp]> = [
    [
      "a member of no orchestration team",
      { picks: { [pickKey(API, "fffffff")]: seen() } },
      "dev",
      /^only .+ can use `\/pick`\.$/,
    ],
    [
      "a train that is not a patch train",
      { patch: false, picks: { [pickKey(API, "fffffff")]: seen() } },
      "rita",
      /v2\.0\.1 releases from the default branches/,
    ],
    [
      "an unknown repository",
      { picks: { [pickKey(API, "fffffff")]: seen() } },
      "rita:blackroad-os-nope",
      /`blackroad-os-nope` is not a repository of this train's configuration/,
    ],
    [
      "a repository not in the train",
      { subset: [WEB, `${OWNER}/blackroad-os-infra`], picks: { [pickKey(API, "fffffff")]: seen() } },
      "rita",
      /blackroad-os-api is not in this train/,
    ],
    [
      "an unknown sha",
      { picks: { [pickKey(API, "fffffff")]: { found: false } } },
      "rita",
      /there is no commit `fffffff` in blackroad-os-api/,
    ],
    [
      "a repository whose release PR merged",
      { pr: "MERGED", picks: { [pickKey(API, "fffffff")]: seen() } },
      "rita",
      /the release PR of blackroad-os-api \(#12\) has merged/,
    ],
    [
      "a repository without its release branch yet",
      { pr: null, picks: { [pickKey(API, "fffffff")]: seen() } },
      "rita",
      /no release branch `release\/v2\.0\.1`/,
    ],
    [
      "a fix whose trees GitHub lists only in part",
      { picks: { [pickKey(API, "fffffff")]: seen({ changes: null }) } },
      "rita",
      /larger than GitHub lists at once, so release-train cannot compute the pick/,
    ],
    [
      "a fix that does not apply cleanly",
      {
        picks: {
          [pickKey(API, "fffffff")]: seen({
            branch: { oid: HEAD, tree: "t", blobs: { "README.md": blob("r0") }, changelog: null },
          }),
        },
      },
      "rita",
      /fffffff does not apply cleanly to `release\/v2\.0\.1` of blackroad-os-api: `README\.md` differs there/,
    ],
  ];
  for (const [what, options, who, reason] of refusals) {
    it(`refuses ${what} with one reply, the state untouched`, () => {
      const { ctx, state } = setup(options);
      const before = structuredClone(state);
      const [author, repo] = who.split(":");
      const outcome = run(ctx, author!, `/pick ${repo ?? "blackroad-os-api"} fffffff`);
      expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
      expect(state).toEqual(before);
      expect(ctx.needs).toEqual([]);
    });
  }

  it("refuses what is not a sha, and a line without both words", () => {
    const { ctx, state } = setup();
    expect(run(ctx, "rita", "/pick blackroad-os-api main")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("is not a commit sha"),
    });
    expect(run(ctx, "rita", "/pick blackroad-os-api")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("names one repository and one commit"),
    });
    expect(state.picks).toBeUndefined();
  });

  it("waits for the membership answer before deciding", () => {
    const { ctx, state } = setup({ members: {}, picks: { [pickKey(API, "fffffff")]: seen() } });
    expect(run(ctx, "rita", "/pick blackroad-os-api fffffff")).toBeUndefined();
    expect(ctx.authz.needs.length).toBeGreaterThan(0);
    expect(state.picks).toBeUndefined();
  });
});

describe("pickActions", () => {
  const recorded = (extra: object = {}): TrainState => ({
    ...initialState("2.0.1", "2026-11-27T09:00:00Z", ""),
    picks: [
      { repo: API, sha: FIX, headline: "fix: bound the session store", by: "rita", at: "", via: "comment:1", ...extra },
    ],
  });

  it("cherry-picks onto the observed head: its tree, the fix's message with the trailer and its author as co-author, the ref guarded by the head", () => {
    const { ctx } = setup({ state: recorded(), picks: { [pickKey(API, FIX)]: seen() } });
    expect(pickActions(ctx)).toEqual([
      {
        kind: "cherryPick",
        repo: API,
        repositoryId: "R_api",
        branch: "release/v2.0.1",
        sha: FIX,
        expectedHeadOid: HEAD,
        baseTree: "t".repeat(40),
        tree: [{ path: "README.md", mode: "100644", type: "blob", sha: "r2" }],
        message: `fix: bound the session store\n\nEvict the oldest.\n\n(cherry picked from commit ${FIX})\nCo-authored-by: Bella <bella@example.com>`,
      },
    ]);
  });

  it("writes nothing again for a pick GitHub shows on the branch: records it, then the changelog commit lists it", () => {
    const state = recorded();
    const applied = "a".repeat(40);
    const { ctx } = setup({
      state,
      picks: {
        [pickKey(API, FIX)]: seen({
          appliedAs: applied,
          branch: {
            oid: applied,
            tree: "t2",
            blobs: { "README.md": blob("r2") },
            changelog: "# Changelog\n\n## 2.0.1\n",
          },
        }),
      },
    });
    const actions = pickActions(ctx);
    expect(state.picks![0]!.appliedAs).toBe(applied);
    expect(actions).toEqual([
      expect.objectContaining({
        kind: "commitFiles",
        repo: API,
        branch: "release/v2.0.1",
        expectedHeadOid: applied,
        headline: "chore(release): v2.0.1",
      }),
    ]);
    const written = (actions[0] as { files: Array<{ contents: string }> }).files[0]!.contents;
    expect(written).toContain(`cherry picked from [fffffff](https://github.com/${API}/commit/${FIX}) by @rita`);
    // Once CHANGELOG.md lists it, the pick is done: nothing is read or written for it again.
    const { ctx: after } = setup({
      state,
      picks: {
        [pickKey(API, FIX)]: seen({
          appliedAs: applied,
          branch: { oid: "b".repeat(40), tree: "t3", blobs: {}, changelog: written },
        }),
      },
    });
    expect(pickActions(after)).toEqual([]);
    expect(state.picks![0]!.listed).toBe(true);
    const { ctx: later } = setup({ state });
    expect(pickActions(later)).toEqual([]);
    expect(later.needs).toEqual([]);
  });

  it("gives up a pick the branch moved away from, saying so once (owed until GitHub shows it)", () => {
    const state = recorded();
    const { ctx } = setup({
      state,
      picks: {
        [pickKey(API, FIX)]: seen({
          branch: { oid: HEAD, tree: "t", blobs: { "README.md": blob("r9") }, changelog: null },
        }),
      },
    });
    const actions = pickActions(ctx);
    expect(actions).toEqual([
      expect.objectContaining({
        kind: "comment",
        key: `pick-conflict-${OWNER}-blackroad-os-api-fffffff`,
        body: expect.stringContaining("no longer applies cleanly"),
      }),
    ]);
    expect(state.picks![0]!.conflicts).toEqual(["README.md"]);
    // Decided once: a notice whose write fails is made again from the state (settleOwedWrites).
    expect(state.owed?.[`pick-conflict-${OWNER}-blackroad-os-api-fffffff`]?.text).toContain(
      "no longer applies cleanly",
    );
    expect(pickActions(setup({ state }).ctx)).toEqual([]);
  });

  it("writes nothing once the release PR merged, or the train was aborted", () => {
    expect(pickActions(setup({ state: recorded(), pr: "MERGED", picks: { [pickKey(API, FIX)]: seen() } }).ctx)).toEqual(
      [],
    );
    const aborted = { ...recorded(), aborted: { by: "olga", at: "", reason: "" } };
    expect(pickActions(setup({ state: aborted, picks: { [pickKey(API, FIX)]: seen() } }).ctx)).toEqual([]);
  });
});
