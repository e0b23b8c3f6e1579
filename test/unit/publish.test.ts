// Phase 7's pure core: merges and tags (finalize), then release notes, the summary file,
// the archive, the announcement, the retrospective and the postconditions (publish).
import { describe, expect, it } from "vitest";
import { finalize } from "../../src/train/finalize.js";
import type { FinalObservation, Observation } from "../../src/train/model/observation.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import type { Action } from "../../src/train/model/actions.js";
import { changelogSection, publish, type PublishInput } from "../../src/train/publish.js";
import { commentMarker } from "../../src/train/state.js";
import { freezeActive } from "../../src/train/preparation/freeze.js";
import { buildSummary, summarySchema } from "../../src/train/summary.js";
import { OWNER, V2, observation, playbookConfig, playbookPlan } from "../helpers/core.js";

const config = playbookConfig();
const plan = playbookPlan(config);
const AT = "2026-11-27T14:00:00.000Z";
const ORCH = `${OWNER}/release-train`;
const names = plan.repos.map((r) => r.fullName);

function state(extra: Partial<TrainState> = {}): TrainState {
  return {
    v: 1,
    version: "2.0.0",
    startedAt: "2026-11-27T09:00:00.000Z",
    ticks: { "6.3": { by: "fran", at: AT }, "6.4": { by: "oscar", at: AT } },
    acked: {},
    audit: [{ at: AT, actor: "rita", text: "/check 6.4" }],
    reached: { "6.2": AT, "1.1": "2026-11-27T09:00:00.000Z", "1.5": "2026-11-27T09:10:00.000Z" },
    signoffs: { backend: { by: "bella", at: AT, via: "comment:1", heads: {} } },
    approval: { by: "olga", at: AT, via: "comment:2", heads: Object.fromEntries(names.map((n) => [n, `${n}-head`])) },
    compliance: {},
    accepted: {},
    intro: "",
    ...extra,
  };
}

/** Every release PR in a given state; merged ones have a merge commit and optionally the tag. */
function obs(pr: "OPEN" | "MERGED", tagged = false, mutate: (o: Observation) => void = () => {}): Observation {
  const o = observation();
  for (const name of names) {
    const repo = o.repos[name]!;
    repo.pullRequest = {
      number: 7,
      url: `https://github.com/${name}/pull/7`,
      state: pr,
      mergeable: "MERGEABLE",
      headOid: `${name}-head`,
      mergeCommitOid: pr === "MERGED" ? `${name}-merge` : null,
      labels: ["release-train"],
    };
    if (tagged) repo.tags = [{ name: "v2.0.0", commitOid: `${name}-merge` }, ...repo.tags];
  }
  mutate(o);
  return o;
}

function final(mutate: (f: FinalObservation) => void = () => {}): FinalObservation {
  const f: FinalObservation = {
    orchestration: {
      id: "R_orch",
      defaultBranch: "main",
      headOid: "orch-head",
      summaryText: null,
      release: null,
      categories: [{ id: "DC_1", name: "Announcements" }],
      discussions: [],
    },
    repos: Object.fromEntries(
      names.map((n) => [
        n,
        {
          release: null,
          changelog: `# Changelog\n\n## [2.0.0](x) (2026-11-27)\n\n### Features\n\n* ${n} does more\n\n## 1.4.0\n\n* old`,
        },
      ]),
    ),
  };
  mutate(f);
  return f;
}

const kinds = (actions: Action[]) => actions.map((a) => a.kind);
const input = (o: Observation, s: TrainState, extra: Partial<PublishInput> = {}): PublishInput => ({
  config,
  plan,
  version: V2,
  observation: o,
  state: s,
  at: AT,
  tagged: true,
  productionVerified: () => true,
  ...extra,
});

describe("finalize: 7.1 merge and 7.2 tag", () => {
  const run = (o: Observation, s = state(), verified = true) =>
    finalize({ config, plan, version: V2, observation: o, state: s, verified });

  it("merges nothing before Phase 6 is done, then level 1 first, guarded by the approved head", () => {
    expect(run(obs("OPEN"), state(), false).actions).toEqual([]);
    const result = run(obs("OPEN"));
    expect(result.actions).toEqual([
      {
        kind: "mergePullRequest",
        repo: `${OWNER}/blackroad-os-infra`,
        number: 7,
        sha: `${OWNER}/blackroad-os-infra-head`,
        method: "merge",
        title: "release: v2.0.0",
      },
    ]);
    expect(result.steps["7.1"]).toEqual({ status: "pending", progress: { done: 0, total: 11 } });
  });

  it("tags each merge commit with an annotated tag, and counts an existing tag at that commit as done", () => {
    const merged = run(obs("MERGED"));
    expect(merged.actions.filter((a) => a.kind === "createTag")).toHaveLength(11);
    expect(merged.actions[0]).toEqual({
      kind: "createTag",
      repo: `${OWNER}/blackroad-os-infra`,
      tag: "v2.0.0",
      sha: `${OWNER}/blackroad-os-infra-merge`,
      message: `v2.0.0\n\nReleased by the release train https://github.com/${OWNER}/release-train/issues/1`,
    });
    const done = run(obs("MERGED", true));
    expect(done.actions).toEqual([]);
    expect(done.tagged).toBe(true);
    expect(done.steps["7.2"]).toEqual({ status: "done", progress: { done: 11, total: 11 } });
  });

  it("a conflict, a moved head or a tag elsewhere becomes a blocker with the reason, and nothing is forced", () => {
    const conflict = run(
      obs("OPEN", false, (o) => (o.repos[`${OWNER}/blackroad-os-infra`]!.pullRequest!.mergeable = "CONFLICTING")),
    );
    expect(conflict.actions).toEqual([]);
    expect(conflict.blockers).toEqual({
      [`merge:${OWNER}/blackroad-os-infra`]:
        "blackroad-os-infra#7 has merge conflicts with its default branch: resolve them on the release branch, then `/retry`",
    });
    const moved = run(
      obs("OPEN", false, (o) => (o.repos[`${OWNER}/blackroad-os-infra`]!.pullRequest!.headOid = "abcdef123")),
    );
    expect(Object.values(moved.blockers)[0]).toBe(
      `blackroad-os-infra#7 moved after the approval (abcdef1, approved ${OWNER.slice(0, 7)})`,
    );
    const elsewhere = run(
      obs("MERGED", false, (o) =>
        o.repos[`${OWNER}/blackroad-os-core`]!.tags.unshift({ name: "v2.0.0", commitOid: "0123456789" }),
      ),
    );
    expect(elsewhere.blockers[`tag:${OWNER}/blackroad-os-core`]).toBe(
      "v2.0.0 already exists in blackroad-os-core at 0123456, not at the merge commit blackro; release-train never moves a tag — delete or rename it, then `/retry`",
    );
    expect(elsewhere.actions.some((a) => a.kind === "createTag" && a.repo.endsWith("blackroad-os-core"))).toBe(false);
  });
});

describe("publish: 7.3–7.7 and the postconditions", () => {
  it("takes the version's section of a changelog", () => {
    expect(
      changelogSection("# Changelog\n\n## [2.0.0](u) (d)\n\n### Features\n\n* a\n\n## 1.0.0\n\n* b", "2.0.0"),
    ).toBe("### Features\n\n* a");
    expect(changelogSection("# Changelog\n\n## 1.0.0\n", "2.0.0")).toBeNull();
  });

  it("waits for the tags, then asks for the Phase 7 reads", () => {
    expect(publish(input(obs("MERGED"), state(), { tagged: false })).actions).toEqual([]);
    expect(publish(input(obs("MERGED", true), state())).needsFinal).toBe(true);
  });

  it("creates a release per repository with its changelog section, then the constellation release aggregating them by level", () => {
    const first = publish(
      input(
        obs("MERGED", true, (o) => (o.final = final())),
        state(),
      ),
    );
    const releases = first.actions.filter(
      (a): a is Extract<Action, { kind: "createRelease" }> => a.kind === "createRelease",
    );
    expect(releases).toHaveLength(11);
    expect(releases[0]).toEqual({
      kind: "createRelease",
      repo: `${OWNER}/blackroad-os-infra`,
      tag: "v2.0.0",
      target: "v2.0.0",
      name: "blackroad-os-infra v2.0.0",
      body: `### Features\n\n* ${OWNER}/blackroad-os-infra does more`,
      draft: false,
      prerelease: false,
      latest: true,
    });

    const second = publish(
      input(
        obs(
          "MERGED",
          true,
          (o) =>
            (o.final = final((f) => {
              for (const n of names) f.repos[n]!.release = { id: 1, url: "u", isDraft: false, assets: [] };
            })),
        ),
        state(),
      ),
    );
    const constellation = second.actions.find(
      (a): a is Extract<Action, { kind: "createRelease" }> => a.kind === "createRelease",
    )!;
    expect(constellation).toMatchObject({
      repo: ORCH,
      tag: "v2.0.0",
      target: "orch-head",
      name: "Release train v2.0.0",
      draft: false,
    });
    expect(constellation.body.indexOf("## Level 1")).toBeLessThan(constellation.body.indexOf("## Level 2"));
    expect(constellation.body).toContain("#### Features"); // repository sections nest under their level
    expect(constellation.body).toContain("- **backend** — @bella");
  });

  it("with draftReleases keeps drafts until /check 7.3, then publishes them", () => {
    const drafts = { ...config, draftReleases: true };
    const released = (isDraft: boolean) => (f: FinalObservation) => {
      for (const n of names) f.repos[n]!.release = { id: 5, url: "u", isDraft, assets: [] };
      f.orchestration.release = { id: 9, url: "c", isDraft, assets: [] };
    };
    const waiting = publish(
      input(
        obs("MERGED", true, (o) => (o.final = final(released(true)))),
        state(),
        { config: drafts },
      ),
    );
    expect(waiting.actions).toEqual([]);
    expect(waiting.steps["7.3"]).toEqual({
      status: "running",
      progress: { done: 0, total: 11 },
      detail: "drafts ready for review: `/check 7.3` publishes them",
    });
    const ticked = state({ ticks: { ...state().ticks, "7.3": { by: "rita", at: AT } } });
    const go = publish(
      input(
        obs("MERGED", true, (o) => (o.final = final(released(true)))),
        ticked,
        { config: drafts },
      ),
    );
    expect(kinds(go.actions)).toEqual(Array(12).fill("publishRelease"));
  });

  it("writes status/summary.json once, valid against its schema, and then archives it with the audit log", () => {
    const published = (f: FinalObservation) => {
      for (const n of names) f.repos[n]!.release = { id: 5, url: "u", isDraft: false, assets: [] };
      f.orchestration.release = { id: 9, url: "c", isDraft: false, assets: [] };
    };
    const write = publish(
      input(
        obs("MERGED", true, (o) => (o.final = final(published))),
        state(),
      ),
    );
    const commit = write.actions.find((a): a is Extract<Action, { kind: "commitFiles" }> => a.kind === "commitFiles")!;
    expect(commit).toMatchObject({
      repo: ORCH,
      branch: "main",
      expectedHeadOid: "orch-head",
      headline: "chore(release-train): status/summary.json for v2.0.0",
    });
    const summary = summarySchema.parse(JSON.parse(commit.files[0]!.contents));
    expect(summary.repos.map((r) => r.commit)).toEqual(names.map((n) => `${n}-merge`));
    expect(summary.finishedAt).toBe(AT);

    const text = commit.files[0]!.contents;
    const archive = publish(
      input(
        obs(
          "MERGED",
          true,
          (o) =>
            (o.final = final((f) => {
              published(f);
              f.orchestration.summaryText = text;
            })),
        ),
        state(),
      ),
    );
    expect(archive.steps["7.4"]).toEqual({ status: "done", detail: "`status/summary.json`" });
    expect(
      archive.actions.map((a) => (a.kind === "uploadAsset" ? `${a.name} ${a.contentType} ${a.releaseId}` : a.kind)),
    ).toEqual(["audit-log.md text/markdown 9", "summary.json application/json 9"]);
    expect((archive.actions[1] as Extract<Action, { kind: "uploadAsset" }>).data).toBe(text);
  });

  it("announces once (comment and discussion), then opens the retrospective; its closing ticks 7.7 and the postconditions hold", () => {
    const withAnnounce = { ...config, announce: { discussionCategory: "Announcements" } };
    const archived = (f: FinalObservation) => {
      for (const n of names) f.repos[n]!.release = { id: 5, url: "u", isDraft: false, assets: [] };
      f.orchestration.release = {
        id: 9,
        url: "https://github.com/r/releases/v2.0.0",
        isDraft: false,
        assets: ["audit-log.md", "summary.json"],
      };
      f.orchestration.summaryText = JSON.stringify({ train: { id: `${ORCH}#1`, version: "2.0.0" } });
    };
    const o = obs("MERGED", true, (x) => {
      x.final = final(archived);
      x.teamLeads = { backend: ["bella"], infrastructure: ["ivan"] };
    });
    const announce = publish(input(o, state(), { config: withAnnounce }));
    expect(kinds(announce.actions)).toEqual(["comment", "createDiscussion"]);
    expect((announce.actions[0] as Extract<Action, { kind: "comment" }>).body).toContain("@ivan @bella");
    expect(announce.actions[1]).toMatchObject({
      repositoryId: "R_orch",
      categoryId: "DC_1",
      title: "Released: v2.0.0",
    });

    const key = commentMarker("announce-v2.0.0");
    o.issue.comments.push({
      id: 1,
      author: "release-train[bot]",
      authorIsBot: true,
      body: `${key}\nreleased`,
      createdAt: AT,
      updatedAt: AT,
      url: "u",
    });
    o.final!.orchestration.discussions.push({ title: "Released: v2.0.0", url: "d", body: `${key}\nreleased` });
    const retro = publish(input(o, state(), { config: withAnnounce }));
    expect(kinds(retro.actions)).toEqual(["openIssue"]);
    const opened = retro.actions[0] as Extract<Action, { kind: "openIssue" }>;
    expect(opened).toMatchObject({
      key: "retro-v2.0.0",
      title: "Retrospective: release train v2.0.0",
      labels: ["release-train:retrospective"],
    });
    expect(retro.postconditions.map((p) => `${p.id}:${p.status}`)).toEqual([
      "Q1:done",
      "Q2:done",
      "Q3:done",
      "Q4:done",
      "Q5:pending",
    ]);

    o.trainIssues.push({ number: 40, url: "r", title: opened.title, body: opened.body, state: "CLOSED" });
    const s = state();
    const closed = publish(input(o, s, { config: withAnnounce }));
    expect(closed.actions).toEqual([]);
    expect(s.ticks["7.7"]).toEqual({ by: "release-train", at: AT, via: "issue:40" });
    expect(closed.postconditions.every((p) => p.status === "done")).toBe(true);
  });

  it("a person's comment carrying the announcement's marker does not stand for the announcement", () => {
    const o = obs("MERGED", true, (x) => {
      x.final = final((f) => {
        for (const n of names) f.repos[n]!.release = { id: 5, url: "u", isDraft: false, assets: [] };
        f.orchestration.release = { id: 9, url: "r", isDraft: false, assets: ["audit-log.md", "summary.json"] };
        f.orchestration.summaryText = JSON.stringify({ train: { id: `${ORCH}#1`, version: "2.0.0" } });
      });
      x.teamLeads = { backend: ["bella"], infrastructure: ["ivan"] };
    });
    o.issue.comments.push({
      id: 1,
      author: "mallory",
      authorIsBot: false,
      body: `${commentMarker("announce-v2.0.0")}\nreleased`,
      createdAt: AT,
      updatedAt: AT,
      url: "u",
    });
    const result = publish(input(o, state()));
    expect(result.actions.filter((a) => a.kind === "comment").map((a) => (a as { key: string }).key)).toEqual([
      "announce-v2.0.0",
    ]);
    expect(result.steps["7.6"]?.status).toBe("running");
  });

  it("production not at the tagged release keeps Q2 open", () => {
    const result = publish(
      input(
        obs("MERGED", true, (o) => (o.final = final())),
        state(),
        { productionVerified: (repo) => !repo.endsWith("blackroad-os-web") },
      ),
    );
    expect(result.postconditions.find((p) => p.id === "Q2")).toMatchObject({ status: "pending", detail: "10/11" });
  });

  it("the summary is deterministic for the same train", () => {
    const o = obs("MERGED", true);
    expect(buildSummary(plan, V2, o, state(), AT)).toEqual(buildSummary(plan, V2, o, state(), AT));
  });

  it("a finished train lifts the code freeze", () => {
    expect(freezeActive(state(), true)).toBe(true);
    expect(freezeActive(state({ finishedAt: AT }), true)).toBe(false);
  });
});
