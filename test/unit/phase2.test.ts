import { describe, expect, it } from "vitest";
import { decide } from "../../src/train/decide.js";
import { replyKey } from "../../src/train/interactions/replies.js";
import { membershipKey, type Memberships, type Observation } from "../../src/train/model/observation.js";
import type { CommentObservation } from "../../src/train/model/issue-observation.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import type { Action } from "../../src/train/model/actions.js";
import { encodeState } from "../../src/train/state.js";
import { BOT, OWNER, V2, comment, observation, playbookConfig, playbookPlan } from "../helpers/core.js";

const config = playbookConfig();
const plan = playbookPlan(config);
const NOW = new Date("2026-11-27T12:00:00Z");
const SIGNOFF_TEAMS = ["infrastructure", "backend", "core-platform", "frontend", "packs", "docs"];
const LEADS: Record<string, string> = {
  infrastructure: "ivan",
  backend: "bella",
  "core-platform": "carl",
  frontend: "fran",
  packs: "pat",
  docs: "dora",
};

const green = (oid: string) => ({
  oid,
  checks: ["ci", "integration-tests", "security-scan"].map((name) => ({
    name,
    source: "check" as const,
    state: "success" as const,
    url: null,
    suiteId: 7,
    at: "2026-11-27T11:00:00Z",
  })),
});

/** Every memberships answer decide may ask for: leads are maintainers, olga is in the orchestration team. */
function memberships(): Memberships {
  const answers: Memberships = {};
  for (const team of Object.keys(config.teams)) {
    for (const login of [...Object.values(LEADS), "olga", "rita", "mallory", "fiona"]) {
      const lead = LEADS[team] === login || (team === "finance" && login === "fiona");
      const orchestrator = team === "orchestration" && (login === "olga" || login === "rita");
      answers[membershipKey(team, login)] = lead ? "maintainer" : orchestrator ? "member" : null;
    }
  }
  return answers;
}

/** Phase 1 done: every repository has its release branch, a green head and an open release PR. */
function prepared(state: Partial<TrainState> = {}, mutate: (o: Observation) => void = () => {}): Observation {
  const obs = observation({ memberships: memberships() });
  for (const repo of Object.values(obs.repos)) {
    const oid = `${repo.fullName.split("/")[1]}-release`;
    repo.releaseBranch = green(oid);
    repo.pullRequest = {
      number: 9,
      url: `https://github.com/${repo.fullName}/pull/9`,
      state: "OPEN",
      mergeable: "MERGEABLE",
      headOid: oid,
      mergeCommitOid: null,
      labels: ["release-train"],
    };
    repo.codeScanning = { oid, available: true, critical: 0 };
    delete repo.details;
  }
  obs.teamLeads = Object.fromEntries([...SIGNOFF_TEAMS.map((t) => [t, [LEADS[t]!]]), ["finance", ["fiona"]]]);
  const full: TrainState = {
    v: 1,
    version: "2.0.0",
    startedAt: "2026-11-27T09:00:00.000Z",
    ticks: { P6: { by: "rita", at: "x" }, P7: { by: "rita", at: "x" }, P8: { by: "rita", at: "x" } },
    acked: {},
    audit: [],
    reached: { preconditions: "2026-11-27T09:30:00.000Z" },
    signoffs: {},
    compliance: {},
    accepted: {},
    intro: "",
    ...state,
  };
  obs.issue.body = `# rendering\n${encodeState(full)}`;
  obs.issue.lastEditor = BOT;
  mutate(obs);
  return obs;
}

const run = (obs: Observation) => decide({ config, plan, version: V2, observation: obs, now: NOW });
const replies = (actions: Action[]) =>
  actions
    .filter((a): a is Extract<Action, { kind: "comment" }> => a.kind === "comment" && a.key.startsWith("reply-"))
    .map((a) => a.body);
const reactions = (actions: Action[]) =>
  actions.filter((a) => a.kind === "react").map((a) => (a as { content: string }).content);
const with_ = (obs: Observation, ...comments: CommentObservation[]): Observation => ({
  ...obs,
  issue: { ...obs.issue, comments: [...obs.issue.comments, ...comments] },
});
const allSigned = (): TrainState["signoffs"] =>
  Object.fromEntries(
    SIGNOFF_TEAMS.map((team) => [
      team,
      { by: LEADS[team]!, at: "2026-11-27T11:30:00Z", via: "comment:1", heads: headsFor(team) },
    ]),
  );
function headsFor(team: string): Record<string, string> {
  return Object.fromEntries(plan.repos.filter((r) => r.team === team).map((r) => [r.fullName, `${r.name}-release`]));
}

describe("Phase 2 gates", () => {
  it("2.1 and 2.2 are green when every release head passes, and the leads are asked once", () => {
    const { view, actions, needs } = run(prepared());
    const steps = Object.fromEntries(view.phases[1]!.steps.map((s) => [s.id, s.status]));
    expect(steps).toEqual({ "2.1": "done", "2.2": "done", "2.3": "pending", "2.4": "pending", "2.5": "pending" });
    expect(needs).toEqual({
      memberships: [],
      details: [],
      codeScanning: [],
      teamLeads: [],
      health: [],
      final: false,
      rules: [],
      environments: [],
    });
    const request = actions.find((a) => a.kind === "comment" && a.key === "signoff-request-v2.0.0") as { body: string };
    expect(request.body).toContain("- **backend** — sign-off team: @bella");
    expect(request.body).toContain("- **docs** — sign-off team: @dora");
  });

  it("asks GitHub for team leads before mentioning them", () => {
    const obs = prepared();
    obs.teamLeads = {};
    expect(run(obs).needs.teamLeads).toEqual(SIGNOFF_TEAMS);
  });

  it("does not ask again once the request was posted", () => {
    const obs = prepared();
    const first = run(obs).actions.find((a) => a.kind === "comment" && a.key === "signoff-request-v2.0.0") as {
      body: string;
    };
    const again = run(with_(obs, comment(BOT, first.body)));
    expect(again.actions.filter((a) => a.kind === "comment")).toEqual([]);
  });

  it("asks although a person's comment carries the request's marker", () => {
    const obs = prepared();
    const first = run(obs).actions.find((a) => a.kind === "comment" && a.key === "signoff-request-v2.0.0") as {
      body: string;
    };
    const again = run(with_(obs, comment("mallory", first.body)));
    expect(again.actions.filter((a) => a.kind === "comment").map((a) => (a as { key: string }).key)).toEqual([
      "signoff-request-v2.0.0",
    ]);
  });

  it("a failing integration check fails 2.1 and names the repository", () => {
    const obs = prepared({}, (o) => {
      o.repos[`${OWNER}/blackroad-os-api`]!.releaseBranch!.checks[1] = {
        name: "integration-tests",
        source: "check",
        state: "failure",
        url: null,
        suiteId: 31,
        at: "2026-11-27T11:10:00Z",
      };
    });
    const step = run(obs).view.phases[1]!.steps[0]!;
    expect(step).toMatchObject({
      id: "2.1",
      status: "failed",
      progress: { done: 10, total: 11 },
      detail: "failing: blackroad-os-api (integration-tests)",
    });
  });

  it("asks for code scanning at each release head it has not seen", () => {
    const obs = prepared({}, (o) => {
      o.repos[`${OWNER}/blackroad-os-web`]!.codeScanning = { oid: "older", available: true, critical: 0 };
    });
    expect(run(obs).needs.codeScanning).toEqual([{ repo: `${OWNER}/blackroad-os-web`, head: "release" }]);
  });
});

describe("/signoff", () => {
  it("a lead signs for their team: recorded with the heads it covers, acknowledged with 👍", () => {
    const c = comment("bella", "/signoff");
    const { state, actions, view } = run(with_(prepared(), c));
    expect(state.signoffs.backend).toEqual({
      by: "bella",
      at: c.createdAt,
      via: `comment:${c.id}`,
      heads: headsFor("backend"),
    });
    expect(reactions(actions)).toEqual(["+1"]);
    expect(replies(actions)).toEqual([]);
    expect(view.signoffs.find((s) => s.team === "backend")).toMatchObject({ signedBy: "bella" });
  });

  it("refuses a non-lead, with the reason, and records nothing", () => {
    const c = comment("mallory", "/signoff backend");
    const { state, actions } = run(with_(prepared(), c));
    expect(state.signoffs).toEqual({});
    expect(reactions(actions)).toEqual(["confused"]);
    expect(replies(actions)[0]).toBe(
      `<!-- release-train:key=${replyKey(c)} -->\n> /signoff backend\n\n@mallory only a lead of @backend can sign off for \`backend\`.`,
    );
  });

  it("refuses someone who leads no signing team", () => {
    const c = comment("mallory", "/signoff");
    expect(replies(run(with_(prepared(), c)).actions)[0]).toContain(
      "@mallory you are not a lead of any team whose sign-off this train needs (`infrastructure`, `backend`, `core-platform`, `frontend`, `packs`, `docs`).",
    );
  });

  it("refuses a team that does not sign off", () => {
    const c = comment("bella", "/signoff legal");
    expect(replies(run(with_(prepared(), c)).actions)[0]).toContain("@bella `legal` does not sign off on this train.");
  });

  it("is refused before Phase 1 is done (wrong phase)", () => {
    const obs = prepared({}, (o) => {
      o.repos[`${OWNER}/blackroad-os-home`]!.pullRequest = null;
    });
    const c = comment("bella", "/signoff");
    const { state, actions } = run(with_(obs, c));
    expect(state.signoffs).toEqual({});
    expect(replies(actions)[0]).toContain(
      "@bella sign-offs open when Phase 1 is done: every release PR must be open first.",
    );
  });

  it("/signoff revoke withdraws it", () => {
    const obs = prepared({ signoffs: allSigned() });
    const { state } = run(with_(obs, comment("bella", "/signoff revoke backend")));
    expect(state.signoffs.backend).toBeUndefined();
    expect(state.audit.map((a) => `${a.actor}: ${a.text}`)).toEqual(
      expect.arrayContaining(["bella: revoked the sign-off for backend", "bella: /signoff revoke backend"]),
    );
  });

  it("editing the comment to remove the /signoff withdraws the sign-off, and the audit log says so", () => {
    const c = comment("bella", "/signoff");
    const first = run(with_(prepared(), c));
    const edited = { ...c, body: "actually, not yet", updatedAt: "2026-11-27T11:50:00Z" };
    const obs = prepared();
    obs.issue.body = first.body;
    const after = run(with_(obs, edited));
    expect(after.state.signoffs.backend).toBeUndefined();
    expect(after.state.audit.map((a) => a.text)).toContain("sign-off for backend withdrawn: its comment was edited");
  });

  it("new commits on a release branch withdraw that team's sign-off and ask its lead again", () => {
    const obs = prepared({ signoffs: allSigned() }, (o) => {
      o.repos[`${OWNER}/blackroad-os-api`]!.releaseBranch = green("new-commit");
      o.repos[`${OWNER}/blackroad-os-api`]!.codeScanning = { oid: "new-commit", available: true, critical: 0 };
    });
    const { state, actions } = run(obs);
    expect(Object.keys(state.signoffs).sort()).toEqual(SIGNOFF_TEAMS.filter((t) => t !== "backend").sort());
    const ask = actions.find((a) => a.kind === "comment" && a.key.startsWith("resign-backend-")) as { body: string };
    expect(ask.body).toContain(
      "New commits landed on the release branch of `blackroad-os-api` after @bella signed off for **backend**, so that sign-off is withdrawn. @bella, please review the changes and comment `/signoff backend` again.",
    );
  });
});

describe("/approve", () => {
  it("before the gates are green: refused with exactly what is missing, nothing recorded", () => {
    const c = comment("olga", "/approve");
    const { state, actions } = run(with_(prepared(), c));
    expect(state.approval).toBeUndefined();
    expect(replies(actions)[0]).toContain(
      "@olga the release cannot be approved yet. Missing:\n\n- 2.3 release review meeting: not checked yet (`/check 2.3`)\n- 2.4 sign-offs missing: infrastructure, backend, core-platform, frontend, packs, docs",
    );
  });

  it("refused outside the orchestration team", () => {
    const c = comment("bella", "/approve");
    expect(replies(run(with_(prepared(), c)).actions)[0]).toContain(
      "@bella only members of @release-managers can `/approve` the release.",
    );
  });

  it("a failing security check blocks approval", () => {
    const obs = prepared(
      { signoffs: allSigned(), ticks: { P6: { by: "rita", at: "x" }, "2.3": { by: "rita", at: "x" } } },
      (o) => {
        o.repos[`${OWNER}/blackroad-os-web`]!.releaseBranch!.checks[2] = {
          name: "security-scan",
          source: "check",
          state: "failure",
          url: null,
          suiteId: 8,
          at: "2026-11-27T11:20:00Z",
        };
      },
    );
    const { state, actions } = run(with_(obs, comment("olga", "/approve")));
    expect(state.approval).toBeUndefined();
    expect(replies(actions)[0]).toContain("- 2.2 security scan: failing in blackroad-os-web (security-scan)");
  });

  it("critical code-scanning alerts block approval", () => {
    const obs = prepared({ signoffs: allSigned(), ticks: { "2.3": { by: "rita", at: "x" } } }, (o) => {
      o.repos[`${OWNER}/blackroad-os-core`]!.codeScanning = {
        oid: "blackroad-os-core-release",
        available: true,
        critical: 2,
      };
    });
    const { actions, view } = run(with_(obs, comment("olga", "/approve")));
    expect(view.phases[1]!.steps[1]).toMatchObject({ id: "2.2", status: "failed" });
    expect(replies(actions)[0]).toContain("critical alerts in blackroad-os-core (2 critical)");
  });

  it("accepted when every gate is green", () => {
    const c = comment("olga", "/approve");
    const obs = prepared({ signoffs: allSigned(), ticks: { "2.3": { by: "rita", at: "x" } } });
    const { state, view, actions } = run(with_(obs, c));
    expect(state.approval).toMatchObject({ by: "olga", via: `comment:${c.id}` });
    expect(Object.keys(state.approval!.heads)).toHaveLength(11);
    expect(reactions(actions)).toEqual(["+1"]);
    expect(view.phases[1]!.steps[4]).toMatchObject({ id: "2.5", status: "done", detail: "approved by @olga" });
  });
});

describe("commands judged on repositories taken from the cache", () => {
  it("an /approve waits for them to be read as GitHub is now: asked for, nothing answered or recorded", () => {
    const repos = plan.repos.map((r) => r.fullName);
    const obs = { ...with_(prepared({ signoffs: allSigned() }), comment("olga", "/approve")), unverified: repos };
    const decision = run(obs);
    expect(decision.needs.fresh).toEqual(repos);
    expect(decision.state.approval).toBeUndefined();
    expect(decision.state.acked).toEqual({});
    expect(replies(decision.actions)).toEqual([]);
    expect(reactions(decision.actions)).toEqual([]);
  });

  it("a /signoff waits too, a /check does not", () => {
    const unverified = [plan.repos[0]!.fullName];
    expect(run({ ...with_(prepared(), comment("bella", "/signoff")), unverified }).needs.fresh).toEqual(unverified);
    const checked = run({ ...with_(prepared(), comment("rita", "/check 2.3")), unverified });
    expect(checked.needs.fresh).toBeUndefined();
    expect(checked.state.ticks["2.3"]?.by).toBe("rita");
  });
});

describe("/approve while GitHub computes a release PR's mergeability", () => {
  const infra = `${OWNER}/blackroad-os-infra`;
  const computing = (o: Observation) => (o.repos[infra]!.pullRequest!.mergeable = "UNKNOWN");
  const green = () => prepared({ signoffs: allSigned(), ticks: { "2.3": { by: "rita", at: "x" } } }, computing);
  const posted = (at: string) => comment("olga", "/approve", { createdAt: at, updatedAt: at });

  it("a recent /approve waits, unanswered and not taken, and decide wakes to read again shortly", () => {
    const c = posted("2026-11-27T11:59:00Z");
    const { state, actions, view, wakeAt } = run(with_(green(), c));
    expect(state.approval).toBeUndefined();
    expect(state.acked[String(c.id)]).toBeUndefined();
    expect(replies(actions)).toEqual([]);
    expect(reactions(actions)).toEqual([]);
    expect(wakeAt).toBe(NOW.getTime() + 15_000);
    expect(view.phases[1]!.steps[4]).toMatchObject({
      id: "2.5",
      status: "pending",
      detail: "waiting for GitHub to compute whether blackroad-os-infra#9 can merge",
    });
    // Once GitHub has answered, the same comment is taken.
    const computed = with_(prepared({ signoffs: allSigned(), ticks: { "2.3": { by: "rita", at: "x" } } }), c);
    expect(run(computed).state.approval).toMatchObject({ by: "olga", via: `comment:${c.id}` });
  });

  it("an /approve that waited five minutes is answered with the reason, once; other missing gates are answered at once", () => {
    const c = posted("2026-11-27T11:55:00Z");
    const { state, actions } = run(with_(green(), c));
    expect(state.approval).toBeUndefined();
    expect(state.acked[String(c.id)]).toBeDefined();
    expect(replies(actions)).toEqual([
      expect.stringContaining(
        "@olga GitHub has not yet computed whether blackroad-os-infra#9 can merge; `/approve` again once the tracking issue shows it.",
      ),
    ]);
    const unsigned = prepared({ ticks: { "2.3": { by: "rita", at: "x" } } }, computing);
    expect(replies(run(with_(unsigned, posted("2026-11-27T11:59:30Z"))).actions)[0]).toContain(
      "the release cannot be approved yet. Missing:\n\n- 2.4 sign-offs missing",
    );
  });
});

describe("compliance", () => {
  it("a compliance label on a shipped PR adds that team's sign-off, with the requirement named", () => {
    const obs = prepared({
      signoffs: allSigned(),
      ticks: { "2.3": { by: "rita", at: "x" } },
      compliance: {
        [`${OWNER}/blackroad-os-api`]: [
          { repo: `${OWNER}/blackroad-os-api`, pr: 42, key: "finance", label: "compliance:finance" },
        ],
      },
    });
    const { view, body, actions } = run(with_(obs, comment("olga", "/approve")));
    expect(view.signoffs.find((s) => s.team === "finance")).toEqual({
      team: "finance",
      leads: ["@fiona"],
      reasons: ["audit trail documentation for blackroad-os-api#42"],
      signedBy: null,
      at: null,
    });
    expect(body).toContain("<details><summary>Compliance</summary>");
    expect(body).toContain("- `compliance:finance` — blackroad-os/blackroad-os-api#42");
    expect(replies(actions)[0]).toContain("- 2.4 sign-offs missing: finance");
    const signed = run(with_(obs, comment("fiona", "/signoff finance")));
    expect(signed.state.signoffs.finance).toMatchObject({
      by: "fiona",
      heads: { [`${OWNER}/blackroad-os-api`]: "blackroad-os-api-release" },
    });
  });
});

describe("/retest", () => {
  it("re-requests the failing check suites of a repository for its team", () => {
    const obs = prepared({}, (o) => {
      o.repos[`${OWNER}/blackroad-os-api`]!.releaseBranch!.checks[1] = {
        name: "integration-tests",
        source: "check",
        state: "failure",
        url: null,
        suiteId: 31,
        at: "2026-11-27T11:10:00Z",
      };
    });
    const { actions } = run(with_(obs, comment("bella", "/retest blackroad-os-api")));
    expect(actions.filter((a) => a.kind === "rerequestCheckSuite")).toEqual([
      { kind: "rerequestCheckSuite", repo: `${OWNER}/blackroad-os-api`, suiteId: 31 },
    ]);
    expect(replies(actions)[0]).toContain("@bella\n\nre-running blackroad-os-api (suite 31).");
  });

  it("refuses someone outside the repository's team, and re-requests nothing", () => {
    const { actions } = run(with_(prepared(), comment("mallory", "/retest blackroad-os-api")));
    expect(actions.some((a) => a.kind === "rerequestCheckSuite")).toBe(false);
    expect(replies(actions)[0]).toContain(
      "@mallory only members of @backend or the orchestration team can re-run checks of `blackroad-os-api`.",
    );
  });

  it("before Phase 1 is recorded as started, P4 asks for the default branch heads, even where a release branch exists", () => {
    // A crash after the first branch was created, before the start was written down.
    const obs = prepared({ reached: {} }, (o) => {
      for (const repo of Object.values(o.repos)) {
        repo.defaultHead = green(`${repo.fullName.split("/")[1]}-main`);
        repo.defaultCodeScanning = { oid: repo.defaultHead.oid, available: true, critical: 0 };
        if (!repo.fullName.endsWith("blackroad-os-infra")) repo.releaseBranch = null;
      }
      o.repos[`${OWNER}/blackroad-os-infra`]!.defaultCodeScanning = undefined;
    });
    expect(run(obs).needs.codeScanning).toEqual([{ repo: `${OWNER}/blackroad-os-infra`, head: "default" }]);
  });

  it("once Phase 1 has started, P4 keeps its verdict while scans follow the release heads", () => {
    const obs = prepared({}, (o) => {
      for (const r of Object.values(o.repos)) delete r.defaultCodeScanning;
    });
    const p4 = run(obs).view.preconditions.find((p) => p.id === "P4")!;
    expect(p4).toMatchObject({
      status: "done",
      detail: "met when Phase 1 started (2026-11-27 09:30 UTC); scans now follow the release branches (2.2)",
    });
  });
});
