import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/parse.js";
import { decide } from "../../src/train/decide.js";
import { membershipKey, type Observation } from "../../src/train/model/observation.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import type { Action } from "../../src/train/model/actions.js";
import { FREEZE_CONTEXT } from "../../src/train/preparation/freeze.js";
import { decodeState, encodeState } from "../../src/train/state.js";
import {
  BOT,
  OWNER,
  V2,
  comment,
  details,
  greenCommit,
  observation,
  playbookConfig,
  playbookPlan,
  repoObservation,
} from "../helpers/core.js";

const config = playbookConfig();
const plan = playbookPlan(config);
const NOW = new Date("2026-11-27T10:00:00Z");
const ISSUE_URL = `https://github.com/${OWNER}/release-train/issues/1`;

/** A train whose preconditions are all met: green, tagged, manual ones ticked. */
function ready(mutate: (obs: Observation) => void = () => {}): Observation {
  const obs = observation();
  for (const repo of Object.values(obs.repos))
    repo.defaultHead = greenCommit(repo.details!.baseOid, ["ci", "security-scan"]);
  const state: TrainState = {
    v: 1,
    version: "2.0.0",
    accepted: {},
    startedAt: "2026-11-27T09:00:00.000Z",
    ticks: Object.fromEntries(
      ["P6", "P7", "P8"].map((id) => [id, { by: "olga", at: "2026-11-27T09:30:00Z", via: "tick" }]),
    ),
    acked: {},
    audit: [],
    reached: {},
    signoffs: {},
    compliance: {},
    intro: "",
  };
  obs.issue.body = `# old rendering\n${encodeState(state)}`;
  obs.issue.lastEditor = BOT;
  mutate(obs);
  return obs;
}

const run = (obs: Observation, cfg = config) => decide({ config: cfg, plan, version: V2, observation: obs, now: NOW });
const ofKind = <K extends Action["kind"]>(actions: Action[], kind: K) =>
  actions.filter((a): a is Extract<Action, { kind: K }> => a.kind === kind);

describe("Phase 1: release preparation", () => {
  it("waits for every precondition", () => {
    const obs = ready((o) => {
      o.issue.body = o.issue.body.replace(/"P8":\{[^}]*\},?/, "").replace(/,\}/, "}");
    });
    const { actions, view } = run(obs);
    expect(view.preconditions.find((p) => p.id === "P8")!.status).toBe("pending");
    expect(actions).toEqual([]);
  });

  it("creates branch, release commit and PR in every repository, in release order", () => {
    const { actions, state, needs } = run(ready());
    expect(needs.details).toEqual([]);
    expect(state.reached.preconditions).toBe(NOW.toISOString());
    const branches = ofKind(actions, "createBranch");
    expect(branches.map((a) => a.repo.split("/")[1])).toEqual(plan.repos.map((r) => r.name));
    expect(branches[0]).toEqual({
      kind: "createBranch",
      repo: `${OWNER}/blackroad-os-infra`,
      branch: "release/v2.0.0",
      sha: "blackroad-os-infra-head",
    });
    expect(ofKind(actions, "commitFiles")).toHaveLength(11);
    expect(ofKind(actions, "openPullRequest")).toHaveLength(11);
    // Per repository: branch, then commit, then PR.
    const infra = actions.filter((a) => "repo" in a && a.repo === `${OWNER}/blackroad-os-infra`).map((a) => a.kind);
    expect(infra).toEqual(["createBranch", "commitFiles", "openPullRequest"]);
  });

  it("the release commit bumps package.json and prepends the changelog, guarded by the branch point", () => {
    const commit = ofKind(run(ready()).actions, "commitFiles")[0]!;
    expect(commit).toMatchObject({
      repo: `${OWNER}/blackroad-os-infra`,
      branch: "release/v2.0.0",
      expectedHeadOid: "blackroad-os-infra-head",
      headline: "chore(release): v2.0.0",
    });
    expect(commit.body).toBe(`Release v2.0.0: package.json, CHANGELOG.md.\n\nRelease-Train: ${ISSUE_URL}`);
    expect(commit.files).toEqual([
      { path: "package.json", contents: '{\n  "name": "blackroad-os-infra",\n  "version": "2.0.0"\n}\n' },
      {
        path: "CHANGELOG.md",
        contents: `# Changelog\n\n## [2.0.0](https://github.com/${OWNER}/blackroad-os-infra/compare/v1.4.0...v2.0.0) (2026-11-27)\n\n### Features\n\n* something new\n`,
      },
    ]);
  });

  it("the release PR targets the default branch with the changelog and a link back", () => {
    const pr = ofKind(run(ready()).actions, "openPullRequest")[3]!;
    expect(pr).toMatchObject({
      repo: `${OWNER}/blackroad-os-api`,
      head: "release/v2.0.0",
      base: "main",
      title: "release: v2.0.0",
    });
    expect(pr.body).toContain(
      `Release **v2.0.0** of \`${OWNER}/blackroad-os-api\`, level 3 of 5 in the release train ${ISSUE_URL}.`,
    );
    expect(pr.body).toContain("### Features\n\n* something new");
  });

  it("after a crash between writes it continues where GitHub stands, without repeating a write", () => {
    const obs = ready((o) => {
      const infra = o.repos[`${OWNER}/blackroad-os-infra`]!;
      infra.releaseBranch = greenCommit("bump-commit");
      infra.details = details("blackroad-os-infra", {
        baseOid: "bump-commit",
        files: {
          "package.json": '{\n  "version": "2.0.0"\n}\n',
          "package-lock.json": null,
          "CHANGELOG.md": "# Changelog\n\n## [2.0.0](x) (2026-11-27)\n",
        },
      });
    });
    const infra = run(obs).actions.filter((a) => "repo" in a && a.repo === `${OWNER}/blackroad-os-infra`);
    expect(infra.map((a) => a.kind)).toEqual(["openPullRequest"]);
  });

  it("asks for details of repositories whose branch moved, and only those", () => {
    const obs = ready((o) => {
      o.repos[`${OWNER}/blackroad-os-web`]!.releaseBranch = greenCommit("moved");
    });
    const { needs, actions } = run(obs);
    expect(needs.details).toEqual([`${OWNER}/blackroad-os-web`]);
    expect(actions.some((a) => "repo" in a && a.repo === `${OWNER}/blackroad-os-web`)).toBe(false);
  });

  it("labels a release PR that lacks the label, and writes nothing once all is in place", () => {
    const done = ready((o) => {
      for (const repo of Object.values(o.repos)) {
        repo.releaseBranch = greenCommit("b");
        repo.pullRequest = {
          number: 5,
          url: "u",
          state: "OPEN",
          mergeable: "MERGEABLE",
          headOid: "b",
          mergeCommitOid: null,
          labels: ["release-train"],
        };
        delete repo.details;
      }
      o.repos[`${OWNER}/blackroad-os-core`]!.pullRequest!.labels = [];
    });
    const { actions, view, needs } = run(done);
    expect(needs.details).toEqual([]);
    expect(actions).toEqual([
      { kind: "addLabels", repo: `${OWNER}/blackroad-os-core`, number: 5, labels: ["release-train"] },
    ]);
    const steps = Object.fromEntries(view.phases[0]!.steps.map((s) => [s.id, s.status]));
    expect(steps).toMatchObject({ "1.1": "done", "1.3": "done", "1.4": "done", "1.5": "done" });
  });

  it("reports a configured version file that does not match, and leaves that repository alone", () => {
    const result = validateConfig({
      repos: [{ name: "svc", team: "t", versionFiles: [{ path: "chart/Chart.yaml", pattern: "appVersion: (\\S+)" }] }],
      teams: { t: { leads: ["lee"] } },
      orchestration: "t",
    });
    if (!result.ok) throw new Error("config");
    const svcPlan = {
      owner: OWNER,
      repos: [
        {
          owner: OWNER,
          name: "svc",
          fullName: `${OWNER}/svc`,
          team: "t",
          dependsOn: [],
          level: 1,
          versionFiles: [{ path: "chart/Chart.yaml", pattern: "appVersion: (\\S+)" }],
          deploy: true,
          entryIndex: 0,
        },
      ],
      levels: [] as never[],
    };
    svcPlan.levels = [svcPlan.repos] as never;
    const obs = ready();
    obs.repos = {
      [`${OWNER}/svc`]: repoObservation("svc", {
        defaultHead: greenCommit("svc-head", ["ci"]),
        details: details("svc", { files: { "chart/Chart.yaml": "version: 1\n", "CHANGELOG.md": null } }),
      }),
    };
    obs.issue.body = obs.issue.body.replace(
      /"ticks":\{.*?\}\}/,
      '"ticks":{"P6":{"by":"lee","at":"x"},"P7":{"by":"lee","at":"x"},"P8":{"by":"lee","at":"x"}}',
    );
    const { actions, view } = decide({ config: result.config, plan: svcPlan, version: V2, observation: obs, now: NOW });
    expect(actions).toEqual([]);
    expect(view.repos[0]!.problems).toEqual(["pattern /appVersion: (\\S+)/ did not match in chart/Chart.yaml"]);
  });

  it("warns when the commits imply a bigger bump than the train", () => {
    const obs = ready((o) => {
      o.repos[`${OWNER}/blackroad-os-api`]!.details = details("blackroad-os-api", { bump: "major" });
    });
    const { view } = decide({
      config,
      plan,
      version: { version: "1.5.0", tag: "v1.5.0", branch: "release/v1.5.0" },
      observation: obs,
      now: NOW,
    });
    expect(view.problems).toContain(
      "blackroad-os-api: commits since v1.4.0 imply a major release, but the train is v1.5.0",
    );
  });
});

describe("Phase 1: code freeze (1.2)", () => {
  // A failing freeze status links the train that set it: this one unless said otherwise.
  const pull = (
    number: number,
    extra: Partial<{
      headRef: string;
      labels: string[];
      freeze: "failure" | null;
      freezeTarget: string | null;
      baseRef: string;
      hotfixBy: string | null;
    }> = {},
  ) => ({
    number,
    headRef: `feature-${number}`,
    headOid: `sha-${number}`,
    baseRef: "main",
    labels: [] as string[],
    freeze: null,
    freezeTarget: extra.freeze === "failure" ? ISSUE_URL : null,
    ...extra,
  });

  it("holds open PRs to the default branch with a failing status; hotfixes labelled by the orchestration team and the release PR are exempt", () => {
    const obs = ready((o) => {
      o.repos[`${OWNER}/blackroad-os-web`]!.openPulls = [
        pull(10),
        pull(11, { labels: ["hotfix"], hotfixBy: "olga" }),
        pull(12, { headRef: "release/v2.0.0" }),
        pull(13, { baseRef: "develop" }),
        pull(14, { freeze: "failure" }),
        pull(15, { labels: ["hotfix"], hotfixBy: "mallory" }),
        pull(16, { labels: ["hotfix"], hotfixBy: null }),
        pull(17, { labels: ["hotfix"], hotfixBy: "olga", freeze: "failure" }),
      ];
      o.memberships = {
        [membershipKey("orchestration", "olga")]: "member",
        [membershipKey("orchestration", "mallory")]: null,
      };
    });
    const statuses = ofKind(run(obs).actions, "setStatus");
    const held = (sha: string) => ({
      kind: "setStatus",
      repo: `${OWNER}/blackroad-os-web`,
      sha,
      context: FREEZE_CONTEXT,
      state: "failure",
      description: "Code freeze for v2.0.0: merges wait for the release",
      targetUrl: ISSUE_URL,
    });
    expect(statuses).toEqual([
      held("sha-10"),
      held("sha-15"),
      held("sha-16"),
      {
        kind: "setStatus",
        repo: `${OWNER}/blackroad-os-web`,
        sha: "sha-17",
        context: FREEZE_CONTEXT,
        state: "success",
        description: "Code freeze for v2.0.0 lifted",
        targetUrl: ISSUE_URL,
      },
    ]);
  });

  it("does not freeze before Phase 1 unless the orchestration team says /freeze", () => {
    const early = ready((o) => {
      o.issue.body = o.issue.body.replace(/"ticks":\{.*?\}\}/, '"ticks":{}');
      o.repos[`${OWNER}/blackroad-os-web`]!.openPulls = [pull(10)];
    });
    expect(ofKind(run(early).actions, "setStatus")).toEqual([]);
    const c = comment("olga", "/freeze");
    const withFreeze: Observation = {
      ...early,
      issue: { ...early.issue, comments: [c] },
      memberships: { [membershipKey("orchestration", "olga")]: "member" },
    };
    const { actions, state } = run(withFreeze);
    expect(ofKind(actions, "setStatus").map((a) => a.state)).toEqual(["failure"]);
    expect(state.freeze).toEqual({ mode: "on", by: "olga", at: c.createdAt });
  });

  it("/unfreeze lifts it: frozen PRs get a success status", () => {
    const obs = ready((o) => {
      o.repos[`${OWNER}/blackroad-os-web`]!.openPulls = [pull(14, { freeze: "failure" })];
      o.issue.comments = [comment("olga", "/unfreeze")];
      o.memberships = { [membershipKey("orchestration", "olga")]: "maintainer" };
    });
    const { actions, view } = run(obs);
    expect(ofKind(actions, "setStatus")).toEqual([
      {
        kind: "setStatus",
        repo: `${OWNER}/blackroad-os-web`,
        sha: "sha-14",
        context: FREEZE_CONTEXT,
        state: "success",
        description: "Code freeze for v2.0.0 lifted",
        targetUrl: ISSUE_URL,
      },
    ]);
    expect(view.phases[0]!.steps[1]).toMatchObject({ id: "1.2", status: "skipped", detail: "lifted by @olga" });
  });

  it("a freeze status another train set is left to it: not lifted, not set again", () => {
    const other = `https://github.com/${OWNER}/release-train/issues/9`;
    const heldByOther = (o: Observation) => {
      o.repos[`${OWNER}/blackroad-os-web`]!.openPulls = [
        pull(14, { freeze: "failure", freezeTarget: other }),
        pull(15, { labels: ["hotfix"], hotfixBy: "olga", freeze: "failure", freezeTarget: other }),
      ];
      o.memberships = { [membershipKey("orchestration", "olga")]: "maintainer" };
    };
    // This train's freeze is on (Phase 1 started): the other train's failure holds the PR already.
    expect(ofKind(run(ready(heldByOther)).actions, "setStatus")).toEqual([]);
    // Lifted here by /unfreeze: the other train's statuses stay.
    const unfrozen = run(
      ready((o) => {
        heldByOther(o);
        o.issue.comments = [comment("olga", "/unfreeze")];
      }),
    );
    expect(unfrozen.state.freeze).toMatchObject({ mode: "off" });
    expect(ofKind(unfrozen.actions, "setStatus")).toEqual([]);
  });

  it("refuses /freeze from outside the orchestration team", () => {
    const obs = ready((o) => {
      o.issue.comments = [comment("mallory", "/unfreeze")];
      o.memberships = { [membershipKey("orchestration", "mallory")]: null };
      o.repos[`${OWNER}/blackroad-os-web`]!.openPulls = [pull(14, { freeze: "failure" })];
    });
    const { actions, state } = run(obs);
    expect(state.freeze).toBeUndefined();
    expect(ofKind(actions, "setStatus")).toEqual([]);
    expect(ofKind(actions, "comment")[0]!.body).toContain(
      "@mallory only members of @release-managers can use `/unfreeze`.",
    );
  });
});

describe("Phase 1: dry run", () => {
  it("/dry-run replies with the plan per repository and writes nothing to the constellation", () => {
    const obs = ready((o) => {
      o.issue.body = o.issue.body.replace(/"ticks":\{.*?\}\}/, '"ticks":{}');
      o.issue.comments = [comment("olga", "/dry-run")];
      o.memberships = { [membershipKey("orchestration", "olga")]: "member" };
    });
    const { actions } = run(obs);
    expect(actions.every((a) => a.kind === "comment" || a.kind === "react")).toBe(true);
    const reply = ofKind(actions, "comment")[0]!.body;
    expect(reply).toContain("@olga\n\n### 🧪 Dry run: what Phase 1 would do for v2.0.0");
    expect(reply).toContain(
      "| 1 | blackroad-os-infra | `release/v2.0.0` from `blackro` | v1.4.0 → v2.0.0 | minor (1 feature) | `package.json`, `CHANGELOG.md` |",
    );
    expect(reply).toContain("<details><summary>blackroad-os-home: CHANGELOG.md</summary>");
  });

  it("dryRun: true computes Phase 1 but only posts the plan, once", () => {
    const dry = { ...config, dryRun: true as const };
    const { actions, body } = run(ready(), dry);
    expect(actions.map((a) => a.kind)).toEqual(["comment"]);
    expect(ofKind(actions, "comment")[0]!.key).toBe("dry-run-v2.0.0");
    const again = run(
      {
        ...ready(),
        issue: { ...ready().issue, body, comments: [comment(BOT, (actions[0] as { body: string }).body)] },
      },
      dry,
    );
    expect(again.actions).toEqual([]);
    expect(decodeState(body)?.reached.preconditions).toBe(NOW.toISOString());
  });
});
