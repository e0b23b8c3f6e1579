import { describe, expect, it } from "vitest";
import { decide, type DecideInput } from "../../src/train/decide.js";
import { replyKey } from "../../src/train/interactions/replies.js";
import { membershipKey, type Observation } from "../../src/train/model/observation.js";
import { commentMarker, decodeState } from "../../src/train/state.js";
import {
  BOT,
  OWNER,
  V2,
  comment,
  greenCommit,
  observation,
  playbookConfig,
  playbookPlan,
  repoObservation,
} from "../helpers/core.js";

const config = playbookConfig();
const plan = playbookPlan(config);
const NOW = new Date("2026-11-27T10:00:00Z");

function run(obs: Observation, now = NOW) {
  const input: DecideInput = { config, plan, version: V2, observation: obs, now };
  return decide(input);
}

/** The observation after `editor` saved `body`, starting from the body GitHub showed (its edit history records both). */
function editedBy(obs: Observation, editor: string, body: string): Observation {
  const at = "2026-11-27T10:05:00Z";
  return {
    ...obs,
    issue: {
      ...obs.issue,
      body,
      lastEditor: editor,
      lastEditedAt: at,
      edits: [{ editor, at, before: obs.issue.body, after: body }],
    },
  };
}

/** Decides, then feeds the rendered body back as if GitHub now shows it. */
function settle(obs: Observation) {
  const first = run(obs);
  const next: Observation = {
    ...obs,
    issue: { ...obs.issue, body: first.body, lastEditor: BOT, lastEditedAt: NOW.toISOString() },
  };
  return { first, next, second: run(next, new Date(NOW.getTime() + 60_000)) };
}

const allGreen = () => {
  const obs = observation();
  for (const repo of Object.values(obs.repos))
    repo.defaultHead = greenCommit(`${repo.fullName}-head`, ["ci", "security-scan"]);
  return obs;
};

describe("decide: a new train", () => {
  it("renders every section and keeps the original description", () => {
    const { body, state, actions } = run(observation());
    expect(actions).toEqual([]);
    expect(state.version).toBe("2.0.0");
    expect(state.intro).toBe("Our big launch.");
    expect(state.audit[0]).toEqual({
      at: NOW.toISOString(),
      actor: "release-train",
      text: "train v2.0.0 started from #1",
    });
    for (const heading of [
      "# 🚂 Release train v2.0.0",
      "### Now",
      "<details open><summary><b>Preconditions</b> — 5/9 done</summary>",
      "<details><summary>Phase 1: Release Preparation — not started</summary>",
      "<details><summary>Phase 7: Release Finalization — not started</summary>",
      "### Repositories",
      "```mermaid",
    ]) {
      expect(body).toContain(heading);
    }
    expect(body).toContain("Our big launch.");
    expect(decodeState(body)).toEqual(state);
  });

  it("lists all 11 repositories at the playbook's levels", () => {
    const { view } = run(observation());
    const levels = Object.fromEntries(view.repos.map((r) => [r.name, r.level]));
    expect(levels).toEqual({
      "blackroad-os-infra": 1,
      "blackroad-os-api-gateway": 2,
      "blackroad-os-archive": 2,
      "blackroad-os-api": 3,
      "blackroad-os-core": 3,
      "blackroad-os-web": 4,
      "blackroad-os-pack-finance": 4,
      "blackroad-os-pack-legal": 4,
      "blackroad-os-prism-console": 5,
      "blackroad-os-docs": 5,
      "blackroad-os-home": 5,
    });
  });

  it("is idempotent: deciding again on its own rendering changes nothing", () => {
    const { first, second } = settle(allGreen());
    expect(second.body).toBe(first.body);
    expect(second.actions).toEqual([]);
  });
});

describe("decide: preconditions from GitHub's state", () => {
  it("counts green default branches and names failing ones", () => {
    const obs = allGreen();
    obs.repos[`${OWNER}/blackroad-os-api`]!.defaultHead = {
      oid: "x",
      checks: [{ name: "ci", source: "check", state: "failure", url: null, at: "2026-11-27T09:00:00Z" }],
    };
    obs.repos[`${OWNER}/blackroad-os-web`]!.defaultHead = {
      oid: "y",
      checks: [{ name: "ci", source: "status", state: "pending", url: null, at: null }],
    };
    const p3 = run(obs).view.preconditions.find((p) => p.id === "P3")!;
    expect(p3.status).toBe("failed");
    expect(p3.progress).toEqual({ done: 9, total: 11 });
    expect(p3.detail).toBe("failing on the default branch: blackroad-os-api (ci)");
  });

  it("the latest run of a check wins", () => {
    const obs = allGreen();
    obs.repos[`${OWNER}/blackroad-os-api`]!.defaultHead = {
      oid: "x",
      checks: [
        { name: "ci", source: "check", state: "failure", url: null, at: "2026-11-27T09:00:00Z" },
        { name: "ci", source: "check", state: "success", url: null, at: "2026-11-27T09:30:00Z" },
      ],
    };
    expect(run(obs).view.preconditions.find((p) => p.id === "P3")!.status).toBe("done");
  });

  it("fails P1 naming the repository whose tag is not older than the train", () => {
    const obs = allGreen();
    obs.repos[`${OWNER}/blackroad-os-core`] = repoObservation("blackroad-os-core", {
      tags: [{ name: "v2.1.0", commitOid: "c" }],
    });
    const { view, body } = run(obs);
    const p1 = view.preconditions.find((p) => p.id === "P1")!;
    expect(p1.status).toBe("failed");
    expect(p1.detail).toBe("blackroad-os-core: latest tag v2.1.0");
    expect(view.status).toBe("blocked");
    expect(body).toContain("> [!WARNING]");
  });

  it("fails P2 when a repository has no release tag", () => {
    const obs = allGreen();
    obs.repos[`${OWNER}/blackroad-os-home`]!.tags = [];
    const p2 = run(obs).view.preconditions.find((p) => p.id === "P2")!;
    expect(p2).toMatchObject({
      status: "failed",
      detail: "no release tag in blackroad-os-home",
      progress: { done: 10, total: 11 },
    });
  });

  it("a repository the app cannot see fails P1", () => {
    const obs = allGreen();
    obs.repos[`${OWNER}/blackroad-os-docs`] = {
      ...repoObservation("blackroad-os-docs"),
      found: false,
      tags: [],
      defaultHead: null,
    };
    expect(run(obs).view.preconditions.find((p) => p.id === "P1")!.detail).toBe("blackroad-os-docs: not found");
  });
});

describe("decide: commands", () => {
  it("answers /help with the command list and a 👍", () => {
    const c = comment("alice", "/help");
    const { actions, state } = run(observation({ comments: [c] }));
    expect(actions).toHaveLength(2);
    expect(actions[0]).toMatchObject({ kind: "comment", key: replyKey(c) });
    expect((actions[0] as { body: string }).body).toContain("`/signoff [team]`");
    expect(actions[1]).toEqual({ kind: "react", commentId: c.id, content: "+1" });
    // The evaluated version: its timestamp and a digest of the text (edits within one second differ).
    expect(state.acked[String(c.id)]).toMatch(new RegExp(`^${c.updatedAt}#[0-9a-f]{8}$`));
  });

  it("refuses an unknown command with the list of valid ones", () => {
    const c = comment("alice", "/deploy now please");
    const { actions } = run(observation({ comments: [c] }));
    const reply = actions[0] as { kind: string; body: string };
    expect(reply.body).toContain("@alice `/deploy` is not a release-train command. Valid commands:");
    expect(reply.body).toContain("`/approve`");
    expect(actions[1]).toEqual({ kind: "react", commentId: c.id, content: "confused" });
  });

  it("ignores commands in code blocks and quotes, and comments by bots", () => {
    const comments = [
      comment("alice", "```\n/help\n```"),
      comment("alice", "> /signoff\n\nquoting someone"),
      comment("ci-bot[bot]", "/approve"),
      comment(BOT, "/help"),
    ];
    expect(run(observation({ comments })).actions).toEqual([]);
  });

  it("acknowledges a command once; an edit re-evaluates it", () => {
    const c = comment("alice", "/status");
    const { next } = settle(observation({ comments: [c] }));
    const posted = comment(BOT, `${commentMarker(replyKey(c))}\nstatus`);
    const again = run({ ...next, issue: { ...next.issue, comments: [c, posted] } });
    expect(again.actions).toEqual([]);
    const edited = { ...c, body: "/help", updatedAt: "2026-11-27T11:00:00Z" };
    const afterEdit = run({ ...next, issue: { ...next.issue, comments: [edited, posted] } });
    expect(afterEdit.actions.map((a) => a.kind)).toEqual(["comment", "react"]);
    expect(afterEdit.state.audit.at(-1)?.text).toBe("/help");
    expect(afterEdit.state.audit.some((e) => e.text === `edited command comment ${c.id}; re-evaluated`)).toBe(true);
  });

  it("an edit in the same second, and the first text written again later, are each answered", () => {
    const c = comment("alice", "/help");
    const { next } = settle(observation({ comments: [c] }));
    const posted = comment(BOT, `${commentMarker(replyKey(c))}\nhelp`);
    const replyTo = (edited: typeof c) =>
      run({ ...next, issue: { ...next.issue, comments: [edited, posted] } }).actions.filter(
        (a) => a.kind === "comment",
      );
    expect(replyTo({ ...c, body: "/status" })).toHaveLength(1);
    expect(replyTo({ ...c, updatedAt: "2026-11-27T11:00:00Z" })).toHaveLength(1);
  });

  it("never posts a reply whose marker is already on the issue", () => {
    const c = comment("alice", "/help");
    const posted = comment(BOT, `${commentMarker(replyKey(c))}\nalready answered`);
    const { actions } = run(observation({ comments: [c, posted] }));
    expect(actions).toEqual([{ kind: "react", commentId: c.id, content: "+1" }]);
  });
});

describe("decide: /check and ticks on manual steps", () => {
  const orchestrator = (login: string, role: "maintainer" | "member" | null) => ({
    [membershipKey("orchestration", login)]: role,
  });

  it("asks for the membership it needs before deciding", () => {
    const c = comment("olga", "/check P7 rollback drill done on Tuesday");
    const { needs, actions } = run(observation({ comments: [c] }));
    expect(needs).toEqual({
      memberships: [{ teamKey: "orchestration", login: "olga" }],
      details: [],
      codeScanning: [],
      teamLeads: [],
      health: [],
      final: false,
      rules: [],
      environments: [],
    });
    expect(actions).toEqual([]);
  });

  it("records /check from the orchestration team with who and when", () => {
    const c = comment("olga", "/check P7 rollback drill done on Tuesday");
    const { state, actions, view } = run(observation({ comments: [c], memberships: orchestrator("olga", "member") }));
    expect(state.ticks.P7).toEqual({ by: "olga", at: c.createdAt, via: `comment:${c.id}` });
    expect(view.preconditions.find((p) => p.id === "P7")!.status).toBe("done");
    expect(actions).toEqual([{ kind: "react", commentId: c.id, content: "+1" }]);
  });

  it("refuses /check from someone outside the owning team, and changes nothing", () => {
    const c = comment("mallory", "/check 2.3");
    const { state, actions } = run(observation({ comments: [c], memberships: orchestrator("mallory", null) }));
    expect(state.ticks).toEqual({});
    expect((actions[0] as { body: string }).body).toContain(
      "@mallory only members of @release-managers can check 2.3 (Conduct release review meeting).",
    );
  });

  it("refuses /check on a bot-owned step", () => {
    const c = comment("olga", "/check 1.1");
    const { actions } = run(observation({ comments: [c], memberships: orchestrator("olga", "member") }));
    expect((actions[0] as { body: string }).body).toContain(
      "1.1 (Create release branch in each core repository) is done by release-train itself",
    );
  });

  it("withdraws a /check tick when its comment is deleted", () => {
    const c = comment("olga", "/check P7");
    const { next } = settle(observation({ comments: [c], memberships: orchestrator("olga", "member") }));
    const after = run({ ...next, issue: { ...next.issue, comments: [] } });
    expect(after.state.ticks.P7).toBeUndefined();
    expect(after.state.audit.map((e) => e.text)).toContain("P7 unchecked: its /check comment was deleted");
  });

  it("accepts a tick by an owner in the body and records it", () => {
    const { next } = settle(observation());
    const ticked = next.issue.body.replace("- [ ] **P8**", "- [x] **P8**");
    const obs: Observation = { ...editedBy(next, "olga", ticked), memberships: orchestrator("olga", "maintainer") };
    const { state, body, actions } = run(obs);
    expect(state.ticks.P8).toEqual({ by: "olga", at: "2026-11-27T10:05:00Z", via: "tick" });
    expect(body).toContain(
      "- [x] **P8** All teams have acknowledged release schedule — 👤 Orchestration Team — by @olga, 2026-11-27 10:05 UTC",
    );
    expect(actions).toEqual([]);
  });

  it("reverts a tick by someone else, with a reply", () => {
    const { next } = settle(observation());
    const ticked = next.issue.body.replace("- [ ] **P8**", "- [x] **P8**");
    const obs: Observation = { ...editedBy(next, "mallory", ticked), memberships: orchestrator("mallory", null) };
    const { state, body, actions } = run(obs);
    expect(state.ticks.P8).toBeUndefined();
    expect(body).toContain("- [ ] **P8**");
    expect(actions).toHaveLength(1);
    expect((actions[0] as { body: string }).body).toContain(
      "@mallory your change to the checklist was reverted:\n\n- only members of @release-managers can tick P8",
    );
  });

  it("reverts a tick on a bot-owned step, with a reply", () => {
    const { next } = settle(observation());
    const ticked = next.issue.body.replace("- [ ] **1.1**", "- [x] **1.1**");
    const { body, actions } = run(editedBy(next, "olga", ticked));
    expect(body).toContain("- [ ] **1.1**");
    expect((actions[0] as { body: string }).body).toContain(
      "1.1 (Create release branch in each core repository) is done by release-train itself",
    );
  });
});
