// The pure core of Phases 3–6 and the rollback procedure: which deployment comes next,
// what a failure calls for, and the commands that steer a running train.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import type { TrainConfig } from "../../src/config/schema.js";
import { decide } from "../../src/train/decide.js";
import { replyKey } from "../../src/train/interactions/replies.js";
import { FOLLOW_UP_LABEL } from "../../src/train/deploy/commands.js";
import { createDeployment } from "../../src/train/deploy/deployments.js";
import { INCIDENT_LABEL, rollbackProcedure, rollbackTargets } from "../../src/train/deploy/rollback.js";
import { HEALTH_POLL_MS, maintenanceTarget, rollout } from "../../src/train/deploy/rollout.js";
import { deployable, goesCanary, stageOf, stagingStep } from "../../src/train/deploy/stages.js";
import { describeWait } from "../../src/train/deploy/waiting.js";
import { holdNoticeKey, steer } from "../../src/train/deploy/steer.js";
import {
  membershipKey,
  type HealthObservation,
  type Memberships,
  type Observation,
} from "../../src/train/model/observation.js";
import type { CommentObservation } from "../../src/train/model/issue-observation.js";
import type { DeploymentObservation, DeploymentState } from "../../src/train/model/repo-observation.js";
import type { RollbackState, TrainState } from "../../src/train/model/train-state.js";
import type { Action } from "../../src/train/model/actions.js";
import { freezeActive } from "../../src/train/preparation/freeze.js";
import type { ReleasePlan } from "../../src/train/plan.js";
import { commentMarker, decodeState, encodeState } from "../../src/train/state.js";
import {
  BOT,
  OWNER,
  V2,
  comment,
  fixtureConfigText,
  observation,
  playbookConfig,
  playbookPlan,
} from "../helpers/core.js";

const config = playbookConfig();
const plan = playbookPlan(config);
const TRAIN = `${OWNER}/release-train#1`;
const MINUTE = 60_000;
/** The moment most scenarios are decided at. */
const T0 = Date.parse("2026-11-27T12:00:00.000Z");
const iso = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();
const full = (name: string) => `${OWNER}/${name}`;
/** The approved release head of a repository. */
const head = (name: string) => `${name}-release`;

const INFRA = "blackroad-os-infra";
const GATEWAY = "blackroad-os-api-gateway";
const ARCHIVE = "blackroad-os-archive";
const API = "blackroad-os-api";
const CORE = "blackroad-os-core";
const WEB = "blackroad-os-web";
const FINANCE = "blackroad-os-pack-finance";
const LEGAL = "blackroad-os-pack-legal";
const PRISM = "blackroad-os-prism-console";
const DOCS = "blackroad-os-docs";
const HOME = "blackroad-os-home";
/** The playbook's release levels, each in the plan's order (by full name). */
const LEVELS = [[INFRA], [GATEWAY, ARCHIVE], [API, CORE], [FINANCE, LEGAL, WEB], [DOCS, HOME, PRISM]];
const ALL = LEVELS.flat();

const PROD_URL = "https://status.blackroad.example/health";
const STAGING_URLS = ["https://staging.blackroad.example/api/health", "https://staging.blackroad.example/web/health"];

// ---- deployments as GitHub would show them ----

type Purpose =
  | "staging"
  | "canary"
  | "production"
  | "maintenance-on"
  | "maintenance-off"
  | "rollback"
  | "rollback-maintenance-on"
  | "rollback-maintenance-off";
const WHERE: Record<Purpose, { environment: string; task: string }> = {
  staging: { environment: "staging", task: "deploy" },
  canary: { environment: "production", task: "deploy:canary" },
  production: { environment: "production", task: "deploy" },
  "maintenance-on": { environment: "maintenance", task: "maintenance:enable" },
  "maintenance-off": { environment: "maintenance", task: "maintenance:disable" },
  rollback: { environment: "production", task: "rollback" },
  "rollback-maintenance-on": { environment: "maintenance", task: "maintenance:enable" },
  "rollback-maintenance-off": { environment: "maintenance", task: "maintenance:disable" },
};

interface Dep {
  repo: string;
  deployment: DeploymentObservation;
}

let deploymentId = 1;
/** A deployment of this train (rollbacks deploy the previous tag's commit, the rest the release head). */
function dep(
  repo: string,
  purpose: Purpose,
  state: DeploymentState | null,
  at = iso(-30),
  overrides: Partial<DeploymentObservation> = {},
): Dep {
  deploymentId += 1;
  return {
    repo,
    deployment: {
      id: deploymentId,
      ...WHERE[purpose],
      sha: purpose === "rollback" ? `${repo}-v140` : head(repo),
      createdAt: at,
      train: TRAIN,
      purpose,
      state,
      stateAt: state ? at : null,
      ...overrides,
    },
  };
}

const stagingOk = (names = ALL, at = iso(-60)) => names.map((n) => dep(n, "staging", "success", at));
/** Every listed repository fully in production (infra directly, the rest canary first). */
const inProduction = (names: string[], at = iso(-10)) =>
  names.flatMap((n) =>
    n === INFRA
      ? [dep(n, "production", "success", at)]
      : [dep(n, "canary", "success", at), dep(n, "production", "success", at)],
  );
const maintenanceOn = () => dep(INFRA, "maintenance-on", "success", iso(-25));

// ---- the observation and hidden state of an approved train ----

const SIGNOFF_TEAMS = ["infrastructure", "backend", "core-platform", "frontend", "packs", "docs"];
const LEADS: Record<string, string> = {
  infrastructure: "ivan",
  backend: "bella",
  "core-platform": "carl",
  frontend: "fran",
  packs: "pat",
  docs: "dora",
};

/** Every membership answer decide may ask for: olga and rita run trains, mallory is nobody. */
function memberships(): Memberships {
  const answers: Memberships = {};
  for (const team of Object.keys(config.teams)) {
    for (const login of [...Object.values(LEADS), "olga", "rita", "mallory"]) {
      const orchestrator = team === "orchestration" && (login === "olga" || login === "rita");
      answers[membershipKey(team, login)] = LEADS[team] === login ? "maintainer" : orchestrator ? "member" : null;
    }
  }
  return answers;
}

const green = (oid: string) => ({
  oid,
  checks: ["ci", "integration-tests", "security-scan", "smoke-tests"].map((name) => ({
    name,
    source: "check" as const,
    state: "success" as const,
    url: null,
    suiteId: 7,
    at: "2026-11-27T11:00:00Z",
  })),
});

/** Phase 1 and 2 done (release branches green, PRs open), with the given deployments. */
function obs(deps: Dep[] = [], mutate: (o: Observation) => void = () => {}): Observation {
  const o = observation({ memberships: memberships() });
  for (const repo of Object.values(o.repos)) {
    const oid = head(repo.fullName.split("/")[1]!);
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
  o.teamLeads = Object.fromEntries(SIGNOFF_TEAMS.map((t) => [t, [LEADS[t]!]]));
  for (const d of deps) o.repos[full(d.repo)]!.deployments.push(d.deployment);
  mutate(o);
  return o;
}

const tick = { by: "olga", at: "2026-11-27T11:40:00Z" };
/** 4.2–4.4: staging validated by people. */
const VALIDATED = { "2.3": tick, "4.2": tick, "4.3": tick, "4.4": tick };

/** The hidden state of a train that is approved (2.5) at the release heads. */
function trainState(extra: Partial<TrainState> = {}): TrainState {
  return {
    v: 1,
    version: "2.0.0",
    startedAt: "2026-11-27T09:00:00.000Z",
    ticks: { P6: tick, P7: tick, P8: tick, "2.3": tick },
    acked: {},
    audit: [],
    reached: { preconditions: "2026-11-27T09:30:00.000Z" },
    signoffs: Object.fromEntries(
      SIGNOFF_TEAMS.map((team) => [
        team,
        {
          by: LEADS[team]!,
          at: "2026-11-27T11:30:00Z",
          via: "comment:1",
          heads: Object.fromEntries(plan.repos.filter((r) => r.team === team).map((r) => [r.fullName, head(r.name)])),
        },
      ]),
    ),
    approval: {
      by: "olga",
      at: "2026-11-27T11:45:00Z",
      via: "comment:2",
      heads: Object.fromEntries(plan.repos.map((r) => [r.fullName, head(r.name)])),
    },
    compliance: {},
    accepted: {},
    intro: "",
    ...extra,
  };
}

const health = (
  url: string,
  ok: boolean,
  detail = ok ? "HTTP 200" : "HTTP 503",
  at = iso(0),
): Record<string, HealthObservation> => ({ [url]: { url, ok, detail, at } });
const withHealthChecks = (checks: Partial<TrainConfig["healthChecks"]>, base = config): TrainConfig => ({
  ...base,
  healthChecks: { staging: [], production: [], ...checks },
});

interface Run {
  config?: TrainConfig;
  plan?: ReleasePlan;
  now?: number;
  approved?: boolean;
}
/** A verified step shows when it was verified, the same on every later reconcile. */
const VERIFIED_AT_T0 = `verified ${new Date(T0).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const roll = (o: Observation, state: TrainState, run: Run = {}) =>
  rollout({
    config: run.config ?? config,
    plan: run.plan ?? plan,
    version: V2,
    observation: o,
    state,
    now: new Date(run.now ?? T0),
    approved: run.approved ?? true,
  });
const steerIt = (o: Observation, state: TrainState, run: Run = {}) =>
  steer(
    {
      config: run.config ?? config,
      plan: run.plan ?? plan,
      version: V2,
      observation: o,
      state,
      now: new Date(run.now ?? T0),
      approved: run.approved ?? true,
    },
    o.teamLeads,
  );

/** decide on the tracking issue whose body holds `state`, with new comments. */
function decideOn(state: TrainState, o: Observation, comments: CommentObservation[] = [], run: Run = {}) {
  o.issue.body = `# rendering\n${encodeState(state)}`;
  o.issue.lastEditor = BOT;
  o.issue.comments = [...o.issue.comments, ...comments];
  return decide({
    config: run.config ?? config,
    plan: run.plan ?? plan,
    version: V2,
    observation: o,
    now: new Date(run.now ?? T0),
  });
}

type CreateDeployment = Extract<Action, { kind: "createDeployment" }>;
const deploymentsIn = (actions: Action[]) =>
  actions.filter((a): a is CreateDeployment => a.kind === "createDeployment");
/** "repo purpose" for every deployment the actions create, in order. */
const created = (actions: Action[]) => deploymentsIn(actions).map((a) => `${a.repo.split("/")[1]} ${a.purpose}`);
const comments = (actions: Action[]) =>
  actions.filter((a): a is Extract<Action, { kind: "comment" }> => a.kind === "comment");
const replies = (actions: Action[]) =>
  comments(actions)
    .filter((a) => a.key.startsWith("reply-"))
    .map((a) => a.body);
const replyTo = (c: CommentObservation, text: string) => `${commentMarker(replyKey(c))}\n> ${c.body.trim()}\n\n${text}`;
const stepOf = (view: { phases: Array<{ steps: Array<{ id: string }> }> }, id: string) =>
  view.phases.flatMap((p) => p.steps).find((s) => s.id === id);

// =====================================================================================

describe("stages of the playbook plan", () => {
  it("plans the playbook's five levels", () => {
    expect(plan.levels.map((level) => level.map((r) => r.name))).toEqual(LEVELS);
    expect(deployable(plan).map((r) => r.name)).toEqual(ALL);
  });

  it.each([
    [INFRA, "infrastructure", "3.1", false],
    [GATEWAY, "backend", "3.2", true],
    [ARCHIVE, "backend", "3.2", true],
    [API, "backend", "3.3", true],
    [CORE, "backend", "3.4", true],
    [WEB, "frontend", "3.5", true],
    [PRISM, "frontend", "3.5", true],
    [FINANCE, "packs", "3.6", true],
    [LEGAL, "packs", "3.6", true],
    [DOCS, "packs", "3.6", true],
    [HOME, "packs", "3.6", true],
  ])("%s: stage %s, staging step %s, canary %s", (name, stage, step, canary) => {
    const repo = plan.repos.find((r) => r.name === name)!;
    expect(stageOf(config, plan, repo)).toBe(stage);
    expect(stagingStep(config, plan, repo)).toBe(step);
    expect(goesCanary(config, plan, repo)).toBe(canary);
  });

  it("with `canary: false` nothing goes canary", () => {
    const noCanary = { ...config, canary: false };
    expect(plan.repos.filter((r) => goesCanary(noCanary, plan, r))).toEqual([]);
  });

  it("the maintenance repository is found by name or full name, case-insensitively", () => {
    expect(maintenanceTarget(config, plan)).toEqual({ repo: plan.repos[0], environment: "maintenance" });
    expect(
      maintenanceTarget(
        { ...config, maintenance: { repo: "BlackRoad-OS/BlackRoad-OS-Infra", environment: "maint" } },
        plan,
      ).repo?.name,
    ).toBe(INFRA);
    expect(maintenanceTarget({ ...config, maintenance: undefined }, plan)).toEqual({ repo: null, environment: "" });
  });
});

describe("createDeployment", () => {
  it("carries the train, version and purpose in its payload; a full SHA is shortened in the description", () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const action = createDeployment(
      obs(),
      "2.0.0",
      { repo: full(API), environment: "production", task: "deploy:canary", ref: sha, sha, purpose: "canary" },
      true,
    );
    expect(action).toEqual({
      kind: "createDeployment",
      repo: full(API),
      environment: "production",
      task: "deploy:canary",
      ref: sha,
      sha,
      purpose: "canary",
      production: true,
      payload: { train: TRAIN, version: "2.0.0", purpose: "canary" },
      description: "release-train canary: blackroad-os-api 0123456 to production",
    });
  });
});

describe("rollout: staging, level by level", () => {
  it("before final approval nothing is deployed", () => {
    const result = roll(obs(), trainState({ approval: undefined }), { approved: false });
    expect(result.actions).toEqual([]);
    expect(result.steps["3.1"]).toEqual({ status: "pending", progress: { done: 0, total: 1 }, detail: INFRA });
  });

  it("after approval only the level-1 staging deployment is created", () => {
    const result = roll(obs(), trainState());
    expect(result.actions).toEqual([
      {
        kind: "createDeployment",
        repo: full(INFRA),
        environment: "staging",
        task: "deploy",
        ref: head(INFRA),
        sha: head(INFRA),
        purpose: "staging",
        production: false,
        payload: { train: TRAIN, version: "2.0.0", purpose: "staging" },
        description: `release-train staging: ${INFRA} ${head(INFRA)} to staging`,
      },
    ]);
    expect(result.nonCritical).toEqual({});
    expect(result.critical).toBeNull();
    expect(result.wakeAt).toBeNull();
  });

  it("deploys the approved heads, not newer commits on the release branch", () => {
    const o = obs([], (x) => (x.repos[full(INFRA)]!.releaseBranch = green("pushed-after-approval")));
    expect(deploymentsIn(roll(o, trainState()).actions).map((a) => [a.ref, a.sha])).toEqual([
      [head(INFRA), head(INFRA)],
    ]);
  });

  it.each<[DeploymentState | null, string[], string]>([
    [null, [], "running"],
    ["queued", [], "running"],
    ["in_progress", [], "running"],
    ["success", [`${GATEWAY} staging`, `${ARCHIVE} staging`], "done"],
    ["inactive", [`${GATEWAY} staging`, `${ARCHIVE} staging`], "done"],
    ["failure", [], "failed"],
    ["error", [], "failed"],
  ])("level 1 staging %s: creates %j, 3.1 %s", (state, next, step) => {
    const result = roll(obs([dep(INFRA, "staging", state)]), trainState());
    expect(created(result.actions)).toEqual(next);
    expect(result.steps["3.1"]).toEqual({
      status: step,
      progress: { done: step === "done" ? 1 : 0, total: 1 },
      detail: INFRA,
    });
  });

  it("a level waits for every repository of the previous one", () => {
    const result = roll(obs([...stagingOk([INFRA, GATEWAY]), dep(ARCHIVE, "staging", "in_progress")]), trainState());
    expect(created(result.actions)).toEqual([]);
    expect(result.steps["3.2"]).toEqual({
      status: "running",
      progress: { done: 1, total: 2 },
      detail: `${GATEWAY}, ${ARCHIVE}`,
    });
    const next = roll(obs(stagingOk([INFRA, GATEWAY, ARCHIVE])), trainState());
    expect(created(next.actions)).toEqual([`${API} staging`, `${CORE} staging`]);
    expect(next.steps["3.3"]).toEqual({ status: "pending", progress: { done: 0, total: 1 }, detail: API });
    expect(next.steps["3.4"]).toEqual({ status: "pending", progress: { done: 0, total: 1 }, detail: CORE });
  });

  it("deployments of another train, another commit or another purpose do not count", () => {
    const foreign = [
      dep(INFRA, "staging", "success", iso(-60), { train: `${OWNER}/release-train#0` }),
      dep(INFRA, "staging", "success", iso(-60), { sha: "an-older-head" }),
      dep(INFRA, "staging", "success", iso(-60), { train: null, purpose: null }),
      dep(INFRA, "production", "success"),
    ];
    expect(created(roll(obs(foreign), trainState()).actions)).toEqual([`${INFRA} staging`]);
  });

  it("a failed staging deployment is a non-critical failure and creates nothing further", () => {
    const result = roll(obs([dep(INFRA, "staging", "failure")]), trainState());
    expect(result.nonCritical).toEqual({ [`staging:${full(INFRA)}`]: `${INFRA} failed to deploy to staging` });
    expect(result.critical).toBeNull();
    expect(result.cells[full(INFRA)]!.staging).toEqual({ status: "failed", text: "v2.0.0 failed" });
  });

  it("a failure shipped with (`/hotfix`) lets the next level start", () => {
    const state = trainState({ accepted: { [`staging:${full(INFRA)}`]: { by: "olga", at: iso(-5) } } });
    const result = roll(obs([dep(INFRA, "staging", "failure")]), state);
    expect(result.nonCritical).toEqual({});
    expect(result.steps["3.1"]).toEqual({ status: "done", progress: { done: 1, total: 1 }, detail: INFRA });
    expect(created(result.actions)).toEqual([`${GATEWAY} staging`, `${ARCHIVE} staging`]);
  });

  it("shows what runs where in the repository table", () => {
    const result = roll(obs([dep(INFRA, "staging", "success"), dep(GATEWAY, "staging", "in_progress")]), trainState());
    expect(result.cells[full(INFRA)]).toEqual({
      staging: { status: "ok", text: "v2.0.0" },
      canary: { status: "none", text: "" },
      production: { status: "none", text: "" },
    });
    expect(result.cells[full(GATEWAY)]!.staging).toEqual({ status: "running", text: "v2.0.0 …" });
  });

  it("nothing new starts on hold, after an abort or during a rollback", () => {
    const o = obs(stagingOk([INFRA]));
    expect(created(roll(o, trainState()).actions)).toHaveLength(2);
    for (const stop of [
      { hold: { by: "olga", at: iso(-1), reason: "wait", auto: false } },
      { aborted: { by: "olga", at: iso(-1), reason: "no" } },
      { rollback: { mode: "immediate" as const, reason: "x", by: "olga", at: iso(-1), repos: [] } },
    ]) {
      expect(roll(o, trainState(stop)).actions, JSON.stringify(stop)).toEqual([]);
    }
  });
});

describe("steer: a staging failure holds the train", () => {
  // Level 1 is up; the gateway failed while the archive was not created yet.
  const failing = () => obs([dep(INFRA, "staging", "success"), dep(GATEWAY, "staging", "failure")]);

  it("holds with a comment that offers /hotfix and creates no deployment in that decide", () => {
    expect(created(roll(failing(), trainState()).actions)).toEqual([`${ARCHIVE} staging`]);
    const state = trainState();
    const result = steerIt(failing(), state);
    expect(state.hold).toEqual({
      by: "release-train",
      at: iso(0),
      reason: `${GATEWAY} failed to deploy to staging`,
      auto: true,
    });
    expect(state.audit).toEqual([
      { at: iso(0), actor: "release-train", text: `held the train: ${GATEWAY} failed to deploy to staging` },
    ]);
    expect(result.actions).toEqual([
      {
        kind: "comment",
        key: holdNoticeKey("v2.0.0", [`${GATEWAY} failed to deploy to staging`]),
        body: [
          commentMarker(holdNoticeKey("v2.0.0", [`${GATEWAY} failed to deploy to staging`])),
          "## ⏸️ v2.0.0 is on hold",
          "",
          `- ${GATEWAY} failed to deploy to staging`,
          "",
          "No new deployments start. Fix it and push (the release is then approved again), ship with it and open a follow-up issue (`/hotfix`), or roll back (`/rollback [immediate|extended]`).",
        ].join("\n"),
      },
    ]);
    expect(state.rollback).toBeUndefined();
  });

  it("a train already on hold is not held again", () => {
    const hold = { by: "release-train", at: iso(-5), reason: "earlier", auto: true };
    const state = trainState({ hold });
    expect(steerIt(failing(), state).actions).toEqual([]);
    expect(state.hold).toEqual(hold);
  });

  it("/hotfix accepts the failure, lifts the hold, continues and opens a follow-up issue", () => {
    const c = comment("olga", "/hotfix known flaky migration");
    const { state, actions } = decideOn(
      trainState({ hold: { by: "release-train", at: iso(-5), reason: "x", auto: true } }),
      failing(),
      [c],
    );
    expect(state.accepted).toEqual({ [`staging:${full(GATEWAY)}`]: { by: "olga", at: c.createdAt } });
    expect(state.hold).toBeUndefined();
    expect(created(actions)).toEqual([`${ARCHIVE} staging`]);
    const followUp = actions.find((a) => a.kind === "openIssue");
    expect(followUp).toEqual({
      kind: "openIssue",
      key: `follow-up-${c.id}`,
      title: `Follow-up for v2.0.0: ${GATEWAY} failed to deploy to staging`,
      labels: [FOLLOW_UP_LABEL],
      body: [
        commentMarker(`follow-up-${c.id}`),
        `@olga continued the release train v2.0.0 (https://github.com/${OWNER}/release-train/issues/1) past:`,
        "",
        `- ${GATEWAY} failed to deploy to staging`,
        "",
        "> known flaky migration",
        "",
        "Fix it in a follow-up release.",
      ].join("\n"),
    });
    expect(replies(actions)).toEqual([
      replyTo(c, "@olga\n\ncontinuing; a follow-up issue is being opened for the fix."),
    ]);
  });
});

describe("rollout: production configuration", () => {
  // Staging done and validated by people (4.2–4.4); smoke tests are green on every head.
  const validated = (extra: Partial<TrainState> = {}) =>
    trainState({ ticks: { ...trainState().ticks, ...VALIDATED }, ...extra });

  it("maintenance mode goes on before production", () => {
    const result = roll(obs(stagingOk()), validated());
    expect(result.steps["4.1"]).toEqual({ status: "done", progress: { done: 11, total: 11 } });
    expect(result.actions).toEqual([
      {
        kind: "createDeployment",
        repo: full(INFRA),
        environment: "maintenance",
        task: "maintenance:enable",
        ref: head(INFRA),
        sha: head(INFRA),
        purpose: "maintenance-on",
        production: false,
        payload: { train: TRAIN, version: "2.0.0", purpose: "maintenance-on" },
        description: `release-train maintenance-on: ${INFRA} ${head(INFRA)} to maintenance`,
      },
    ]);
    expect(result.steps["5.1"]).toEqual({
      status: "pending",
      progress: { done: 0, total: 1 },
      detail: "`maintenance` deployment of blackroad-os-infra",
    });
  });

  it("waits for 4.2–4.4 to be ticked", () => {
    expect(roll(obs(stagingOk()), trainState()).actions).toEqual([]);
  });

  it("then level 1 without canary, then the level-2 canaries", () => {
    const first = roll(obs([...stagingOk(), maintenanceOn()]), validated());
    expect(first.steps["5.1"]).toEqual({
      status: "done",
      progress: { done: 1, total: 1 },
      detail: "`maintenance` deployment of blackroad-os-infra",
    });
    expect(deploymentsIn(first.actions)).toEqual([
      expect.objectContaining({
        repo: full(INFRA),
        environment: "production",
        task: "deploy",
        purpose: "production",
        production: true,
      }),
    ]);
    const second = roll(obs([...stagingOk(), maintenanceOn(), ...inProduction([INFRA])]), validated());
    expect(
      deploymentsIn(second.actions).map((a) => [a.repo, a.environment, a.task, a.purpose, a.production, a.payload]),
    ).toEqual(
      [GATEWAY, ARCHIVE].map((n) => [
        full(n),
        "production",
        "deploy:canary",
        "canary",
        true,
        { train: TRAIN, version: "2.0.0", purpose: "canary" },
      ]),
    );
  });

  it("without `maintenance`: 5.1 and 5.9 are not applicable and production starts right away", () => {
    const noMaintenance = { ...config, maintenance: undefined };
    const NA = "not applicable: no `maintenance` configured";
    const before = roll(obs(stagingOk()), trainState(), { config: noMaintenance });
    expect(before.steps["5.1"]).toEqual({ status: "pending", detail: NA });
    const start = roll(obs(stagingOk()), validated(), { config: noMaintenance });
    expect(start.steps["5.1"]).toEqual({ status: "skipped", detail: NA });
    expect(start.steps["5.9"]).toEqual({ status: "pending", detail: NA });
    expect(created(start.actions)).toEqual([`${INFRA} production`]);
    const end = roll(obs([...stagingOk(), ...inProduction(ALL)]), validated(), { config: noMaintenance });
    expect(end.steps["5.9"]).toEqual({ status: "skipped", detail: NA });
    expect(end.steps["6.1"]).toEqual({ status: "done", detail: VERIFIED_AT_T0 });
    expect(end.actions).toEqual([]);
  });

  it("`maintenance.repo` outside the train fails 5.1 and 5.9, and production does not start", () => {
    const elsewhere = { ...config, maintenance: { repo: "blackroad-os-ops", environment: "maintenance" } };
    const result = roll(obs(stagingOk()), validated(), { config: elsewhere });
    const problem = "`maintenance.repo` blackroad-os-ops is not a repository of this train";
    expect(result.steps["5.1"]).toEqual({ status: "failed", detail: problem });
    expect(result.steps["5.9"]).toEqual({ status: "failed", detail: problem });
    expect(result.actions).toEqual([]);
  });

  it("with `canary: false` full deployments follow each other and 5.3, 5.4, 5.6 are skipped", () => {
    const noCanary = { ...config, canary: false };
    const result = roll(obs([...stagingOk(), maintenanceOn(), dep(INFRA, "production", "success")]), validated(), {
      config: noCanary,
    });
    expect(created(result.actions)).toEqual([`${GATEWAY} production`, `${ARCHIVE} production`]);
    for (const id of ["5.3", "5.4", "5.6"])
      expect(result.steps[id], id).toEqual({ status: "skipped", detail: "`canary: false`" });
    expect(result.steps["5.8"]).toEqual({ status: "pending", progress: { done: 0, total: 4 } });
    expect(result.wakeAt).toBeNull();
    // To the end: never a canary.
    const all = ALL.map((n) => dep(n, "production", "success"));
    const done = roll(obs([...stagingOk(), maintenanceOn(), ...all]), validated(), { config: noCanary });
    expect(created(done.actions)).toEqual([`${INFRA} maintenance-off`]);
    expect(Object.values(done.cells).map((c) => c.canary.status)).toEqual(Array(11).fill("none"));
  });

  it("a repository with `deploy: false` gets no deployments and shows skipped cells", () => {
    const text = fixtureConfigText().replace(
      "  - name: blackroad-os-docs\n    team: docs\n",
      "  - name: blackroad-os-docs\n    team: docs\n    deploy: false\n",
    );
    const parsed = parseConfig(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const docsOff = playbookPlan(parsed.config);
    expect(docsOff.repos.find((r) => r.name === DOCS)!.deploy).toBe(false);
    const run = { config: parsed.config, plan: docsOff };

    const staging = roll(obs(stagingOk(LEVELS.slice(0, 4).flat())), trainState(), run);
    expect(created(staging.actions)).toEqual([`${HOME} staging`, `${PRISM} staging`]);
    expect(staging.steps["3.6"]).toEqual({
      status: "running",
      progress: { done: 2, total: 3 },
      detail: `${FINANCE}, ${LEGAL}, ${HOME}`,
    });
    const skipped = { status: "skipped", text: "not deployed" };
    expect(staging.cells[full(DOCS)]).toEqual({ staging: skipped, canary: skipped, production: skipped });

    const others = ALL.filter((n) => n !== DOCS);
    const end = roll(
      obs([...stagingOk(others), maintenanceOn(), ...inProduction(others)]),
      trainState({ ticks: { ...trainState().ticks, ...VALIDATED } }),
      run,
    );
    expect(created(end.actions)).toEqual([`${INFRA} maintenance-off`]);
    expect(rollbackTargets(parsed.config, docsOff, obs(), "extended")).toEqual(others.map(full));
  });

  it.each<[string, Dep[], string]>([
    [
      "a failed canary",
      [dep(INFRA, "production", "success"), dep(GATEWAY, "canary", "failure")],
      `the canary deployment of ${GATEWAY} to production failed`,
    ],
    [
      "a failed production deployment",
      [dep(INFRA, "production", "error")],
      `the deployment of ${INFRA} to production failed`,
    ],
  ])("%s is critical", (_, deps, expected) => {
    const result = roll(obs([...stagingOk(), maintenanceOn(), ...deps]), validated());
    expect(result.critical).toBe(expected);
  });

  it.each([
    ["on", [dep(INFRA, "maintenance-on", "failure")], "maintenance mode could not be enabled (blackroad-os-infra)"],
    [
      "off",
      [maintenanceOn(), ...inProduction(ALL), dep(INFRA, "maintenance-off", "failure")],
      "maintenance mode could not be disabled (blackroad-os-infra)",
    ],
  ])("maintenance mode failing to switch %s is critical", (_, deps, expected) => {
    expect(roll(obs([...stagingOk(), ...deps]), validated()).critical).toBe(expected);
  });
});

describe("the canary window", () => {
  const withProbe = withHealthChecks({ production: [PROD_URL] });
  // Infra is in production; the level-2 canaries succeeded, the later one at T0.
  const canariesUp = (mutate: (o: Observation) => void = () => {}) =>
    obs(
      [
        ...stagingOk(),
        maintenanceOn(),
        dep(INFRA, "production", "success", iso(-15)),
        dep(GATEWAY, "canary", "success", iso(-1)),
        dep(ARCHIVE, "canary", "success", iso(0)),
      ],
      mutate,
    );
  const state = (extra: Partial<TrainState> = {}) =>
    trainState({ ticks: { ...trainState().ticks, ...VALIDATED }, ...extra });

  it.each([
    [5, T0 + 6 * MINUTE],
    [9.5, T0 + 10 * MINUTE],
  ])("at T+%s min no full deployment yet; wakes at min(T+10, now+60 s)", (minutes, wakeAt) => {
    const now = T0 + minutes * MINUTE;
    const result = roll(
      canariesUp((o) => (o.health = health(PROD_URL, true, "HTTP 200", new Date(now).toISOString()))),
      state(),
      { config: withProbe, now },
    );
    expect(result.actions).toEqual([]);
    expect(result.wakeAt).toBe(wakeAt);
    expect(result.critical).toBeNull();
    expect(result.steps["5.4"]).toEqual({
      status: "running",
      progress: { done: 0, total: 4 },
      detail: "observing canaries until 12:10 UTC (10 min per level)",
    });
    expect(result.steps["5.3"]).toEqual({ status: "running", progress: { done: 2, total: 4 } });
    expect(result.cells[full(GATEWAY)]!.canary).toEqual({ status: "ok", text: "v2.0.0" });
  });

  it("the poll interval is a minute", () => {
    expect(HEALTH_POLL_MS).toBe(60_000);
  });

  it("at T+10 with a healthy probe the level's full deployments are created", () => {
    const now = T0 + 10 * MINUTE;
    const result = roll(
      canariesUp((o) => (o.health = health(PROD_URL, true))),
      state(),
      { config: withProbe, now },
    );
    expect(deploymentsIn(result.actions)).toEqual(
      [GATEWAY, ARCHIVE].map((n) => ({
        kind: "createDeployment",
        repo: full(n),
        environment: "production",
        task: "deploy",
        ref: head(n),
        sha: head(n),
        purpose: "production",
        production: true,
        payload: { train: TRAIN, version: "2.0.0", purpose: "production" },
        description: `release-train production: ${n} ${head(n)} to production`,
      })),
    );
    expect(result.steps["5.4"]).toEqual({
      status: "pending",
      progress: { done: 1, total: 4 },
      detail: "10 min of healthy canaries per level",
    });
    expect(result.wakeAt).toBeNull();
  });

  it("at T+10 without a probe it asks for one and deploys nothing", () => {
    const result = roll(canariesUp(), state(), { config: withProbe, now: T0 + 10 * MINUTE });
    expect(result.actions).toEqual([]);
    expect(result.healthNeeds).toEqual([PROD_URL]);
  });

  it("an unhealthy probe during the window is critical", () => {
    const result = roll(
      canariesUp((o) => (o.health = health(PROD_URL, false))),
      state(),
      { config: withProbe, now: T0 + 3 * MINUTE },
    );
    expect(result.critical).toBe(
      `canary health check failed for level 2 (${GATEWAY}, ${ARCHIVE}): ${PROD_URL} (HTTP 503)`,
    );
    expect(result.steps["5.4"]).toEqual({ status: "failed", detail: `health check failing: ${PROD_URL} (HTTP 503)` });
    expect(result.actions).toEqual([]);
  });

  it("with `autoRollback` the rollback starts at once, for the repositories the train deployed to production", () => {
    const st = state();
    const now = T0 + 3 * MINUTE;
    const reason = `canary health check failed for level 2 (${GATEWAY}, ${ARCHIVE}): ${PROD_URL} (HTTP 503)`;
    const result = steerIt(
      canariesUp((o) => (o.health = health(PROD_URL, false))),
      st,
      { config: withProbe, now },
    );
    expect(st.rollback).toEqual({
      mode: "immediate",
      reason,
      by: "release-train",
      at: iso(3),
      repos: [INFRA, GATEWAY, ARCHIVE].map(full),
    });
    expect(st.hold).toEqual({ by: "release-train", at: iso(3), reason: `rollback: ${reason}`, auto: true });
    expect(st.audit.map((a) => a.text)).toEqual([`automatic immediate rollback: ${reason}`]);
    // Reverse order: the level-2 canaries first, infra once they are back.
    expect(created(result.actions)).toEqual([`${GATEWAY} rollback`, `${ARCHIVE} rollback`]);
    expect(comments(result.actions).map((c) => c.key)).toEqual(["rollback"]);
    expect(result.teams).toEqual(["infrastructure", "backend", "core-platform"]);
  });

  it("a process that died between the rollback's notice and the body decides the same notice later: one comment", () => {
    // The notice goes out before the body records the rollback: the next process decides
    // it again at another moment, and must name the comment the first one posted.
    const failing = () => canariesUp((o) => (o.health = health(PROD_URL, false)));
    const first = steerIt(failing(), state(), { config: withProbe, now: T0 + 3 * MINUTE });
    const later = steerIt(failing(), state(), { config: withProbe, now: T0 + 4 * MINUTE });
    expect(comments(later.actions).map((c) => c.key)).toEqual(comments(first.actions).map((c) => c.key));
    const held = (now: number) =>
      steerIt(failing(), state(), { config: { ...withProbe, autoRollback: false }, now }).actions;
    expect(comments(held(T0 + 4 * MINUTE)).map((c) => c.key)).toEqual(
      comments(held(T0 + 3 * MINUTE)).map((c) => c.key),
    );
  });

  it("with `autoRollback: false` it holds and tells to /rollback, creating no deployment", () => {
    const st = state();
    const reason = `canary health check failed for level 2 (${GATEWAY}, ${ARCHIVE}): ${PROD_URL} (HTTP 503)`;
    const result = steerIt(
      canariesUp((o) => (o.health = health(PROD_URL, false))),
      st,
      { config: { ...withProbe, autoRollback: false }, now: T0 + 3 * MINUTE },
    );
    expect(st.rollback).toBeUndefined();
    expect(st.hold).toEqual({ by: "release-train", at: iso(3), reason, auto: true });
    expect(result.rollback).toBeNull();
    expect(result.actions).toEqual([
      {
        kind: "comment",
        key: holdNoticeKey("v2.0.0", [reason]),
        body: [
          commentMarker(holdNoticeKey("v2.0.0", [reason])),
          "## ⏸️ v2.0.0 is on hold",
          "",
          `- ${reason}`,
          "",
          "No new deployments start. `autoRollback` is off: roll back with `/rollback [immediate|extended]`, or `/resume` once it is resolved.",
        ].join("\n"),
      },
    ]);
  });
});

describe("health-check needs", () => {
  const staged = withHealthChecks({ staging: STAGING_URLS, production: [PROD_URL] });

  it("asks for the staging URLs not probed yet once staging is deployed", () => {
    const o = obs(stagingOk(), (x) => (x.health = health(STAGING_URLS[0]!, true)));
    const { needs, view } = decideOn(trainState(), o, [], { config: staged });
    expect(needs.health).toEqual([STAGING_URLS[1]]);
    expect(stepOf(view, "3.7")).toMatchObject({ status: "running", detail: "probing health checks" });
  });

  it("asks for nothing while staging is still deploying", () => {
    const { needs } = decideOn(trainState(), obs(stagingOk(ALL.slice(0, 10))), [], { config: staged });
    expect(needs.health).toEqual([]);
  });

  it("healthy staging completes 3.7; a failing one is a non-critical failure", () => {
    const ok = obs(
      stagingOk(),
      (x) => (x.health = { ...health(STAGING_URLS[0]!, true), ...health(STAGING_URLS[1]!, true) }),
    );
    expect(roll(ok, trainState(), { config: staged }).steps["3.7"]).toEqual({ status: "done", detail: VERIFIED_AT_T0 });
    const bad = obs(
      stagingOk(),
      (x) => (x.health = { ...health(STAGING_URLS[0]!, true), ...health(STAGING_URLS[1]!, false, "HTTP 500") }),
    );
    const result = roll(bad, trainState(), { config: staged });
    expect(result.steps["3.7"]).toEqual({
      status: "failed",
      detail: `health check failing: ${STAGING_URLS[1]} (HTTP 500)`,
    });
    expect(result.nonCritical).toEqual({
      "health:staging": `staging health check failing: ${STAGING_URLS[1]} (HTTP 500)`,
    });
    expect(result.critical).toBeNull();
  });

  it("asks for the production URL during the canary window", () => {
    const o = obs(
      [
        ...stagingOk(),
        maintenanceOn(),
        dep(INFRA, "production", "success"),
        dep(GATEWAY, "canary", "success", iso(-2)),
        dep(ARCHIVE, "canary", "success", iso(-2)),
      ],
      (x) => {
        x.health = { ...health(STAGING_URLS[0]!, true), ...health(STAGING_URLS[1]!, true) };
      },
    );
    const { needs } = decideOn(trainState({ ticks: { ...trainState().ticks, ...VALIDATED } }), o, [], {
      config: staged,
    });
    expect(needs.health).toEqual([PROD_URL]);
  });
});

describe("the bake window", () => {
  const baked = withHealthChecks({ production: [PROD_URL] });
  const state = () => trainState({ reached: { preconditions: iso(-150), "6.1": iso(0) } });
  const probed = (ok: boolean, now: number) =>
    obs([], (o) => (o.health = health(PROD_URL, ok, ok ? "HTTP 200" : "HTTP 500", new Date(now).toISOString())));

  it.each([
    [12.5, "observing until 12:30 UTC (18 min left)", T0 + 13.5 * MINUTE],
    [29.5, "observing until 12:30 UTC (1 min left)", T0 + 30 * MINUTE],
  ])("at T+%s min 6.2 runs: %s", (minutes, detail, wakeAt) => {
    const now = T0 + minutes * MINUTE;
    const result = roll(probed(true, now), state(), { config: baked, now });
    expect(result.steps["6.1"]).toEqual({ status: "done", detail: "verified 2026-11-27 12:00 UTC" });
    expect(result.steps["6.2"]).toEqual({ status: "running", detail });
    expect(result.wakeAt).toBe(wakeAt);
  });

  it("is done once the deadline from 6.1 has passed", () => {
    const now = T0 + 30 * MINUTE;
    const result = roll(probed(true, now), state(), { config: baked, now });
    expect(result.steps["6.2"]).toEqual({ status: "done", detail: "30 min bake window passed" });
    expect(result.wakeAt).toBeNull();
  });

  it("a failing probe during the bake window is critical", () => {
    const now = T0 + 20 * MINUTE;
    const result = roll(probed(false, now), state(), { config: baked, now });
    expect(result.steps["6.2"]).toEqual({ status: "failed", detail: `health check failing: ${PROD_URL} (HTTP 500)` });
    expect(result.critical).toBe(`production health check failing: ${PROD_URL} (HTTP 500) during the bake window`);
  });

  it("6.1 starts the window when production is deployed, maintenance is off and health is good", () => {
    const deps = [
      ...stagingOk(),
      maintenanceOn(),
      ...inProduction(ALL),
      dep(INFRA, "maintenance-off", "success", iso(-1)),
    ];
    const result = roll(obs(deps), trainState({ ticks: { ...trainState().ticks, ...VALIDATED } }));
    expect(result.steps["6.1"]).toEqual({ status: "done", detail: VERIFIED_AT_T0 });
    expect(result.steps["6.2"]).toEqual({ status: "running", detail: "observing until 12:30 UTC (30 min left)" });
    expect(result.wakeAt).toBe(T0 + MINUTE);
  });
});

describe("the rollback procedure", () => {
  const input = (o: Observation, rollback: RollbackState, extra: Partial<TrainState> = {}) => ({
    config,
    plan,
    version: V2,
    observation: o,
    state: trainState({
      rollback,
      hold: { by: rollback.by, at: rollback.at, reason: `rollback: ${rollback.reason}`, auto: false },
      ...extra,
    }),
    now: new Date(T0 + 2 * MINUTE),
  });
  const DEPLOYED = [INFRA, GATEWAY, ARCHIVE, API, CORE];
  const immediate: RollbackState = {
    mode: "immediate",
    reason: "errors spiking",
    by: "olga",
    at: iso(0),
    repos: DEPLOYED.map(full),
  };
  /** Older tags as well: the newest one before 2.0.0 is the target. */
  const tagged = (deps: Dep[] = []) =>
    obs([...stagingOk(), ...inProduction(DEPLOYED), ...deps], (o) => {
      for (const repo of Object.values(o.repos)) {
        const name = repo.fullName.split("/")[1]!;
        repo.tags = [
          { name: "v1.4.0", commitOid: `${name}-v140` },
          { name: "v1.3.0", commitOid: `${name}-v130` },
        ];
      }
    });

  it("immediate targets are the repositories the train deployed to production (canaries included)", () => {
    const o = obs([
      dep(INFRA, "production", "success"),
      dep(GATEWAY, "canary", "in_progress"),
      dep(ARCHIVE, "staging", "success"),
    ]);
    expect(rollbackTargets(config, plan, o, "immediate")).toEqual([full(INFRA), full(GATEWAY)]);
    expect(rollbackTargets(config, plan, o, "extended")).toEqual(ALL.map(full));
  });

  it("rolls back the highest level first, to the previous tag", () => {
    const result = rollbackProcedure(input(tagged(), immediate), {});
    expect(deploymentsIn(result.actions)).toEqual(
      [API, CORE].map((n) => ({
        kind: "createDeployment",
        repo: full(n),
        environment: "production",
        task: "rollback",
        ref: "v1.4.0",
        sha: `${n}-v140`,
        purpose: "rollback",
        production: true,
        payload: { train: TRAIN, version: "2.0.0", purpose: "rollback" },
        description: `release-train rollback: ${n} v1.4.0 to production`,
      })),
    );
    expect(result.steps.map((s) => [s.id, s.status])).toEqual([
      ["RB1", "done"],
      ["RB2", "pending"],
      ["RB3", "pending"],
      ["RB4", "running"],
    ]);
  });

  it.each<[string, Dep[], string[], string]>([
    [
      "level 3 still rolling back",
      [dep(API, "rollback", "success"), dep(CORE, "rollback", "in_progress")],
      [],
      "running",
    ],
    [
      "level 3 back",
      [dep(API, "rollback", "success"), dep(CORE, "rollback", "success")],
      [`${GATEWAY} rollback`, `${ARCHIVE} rollback`],
      "running",
    ],
    [
      "levels 2 and 3 back",
      [API, CORE, GATEWAY, ARCHIVE].map((n) => dep(n, "rollback", "inactive")),
      [`${INFRA} rollback`],
      "running",
    ],
    ["a rollback failed", [dep(API, "rollback", "failure"), dep(CORE, "rollback", "success")], [], "failed"],
  ])("%s", (_, deps, next, rb2) => {
    const result = rollbackProcedure(input(tagged(deps), immediate), {});
    expect(created(result.actions)).toEqual(next);
    expect(result.steps.find((s) => s.id === "RB2")!.status).toBe(rb2);
  });

  it("is verified when every rollback succeeded, timed from detection", () => {
    const deps = DEPLOYED.map((n, i) => dep(n, "rollback", "success", iso(2 + i)));
    const result = rollbackProcedure(input(tagged(deps), immediate), {});
    expect(result.actions.filter((a) => a.kind !== "comment")).toEqual([]);
    expect(result.steps.find((s) => s.id === "RB3")).toMatchObject({
      status: "done",
      detail: "verified 2026-11-27 12:06 UTC",
    });
    expect(result.verifiedAt).toBe(iso(6));
    expect(result.summary).toBe("verified 6 min 0 s after detection — ✅ within the 15-minute target");
    // The next reconcile, with the verification kept in the state, renders the same steps (so writes nothing).
    const again = rollbackProcedure(input(tagged(deps), { ...immediate, verifiedAt: result.verifiedAt! }), {});
    expect(again.steps).toEqual(result.steps);
  });

  it("a repository without a previous tag is a problem, not a guess", () => {
    const o = tagged();
    o.repos[full(CORE)]!.tags = [];
    const result = rollbackProcedure(input(o, immediate), {});
    expect(created(result.actions)).toEqual([`${API} rollback`]);
    expect(result.steps.find((s) => s.id === "RB2")).toMatchObject({
      status: "failed",
      detail: `${CORE}: no previous release tag to roll back to`,
    });
  });

  it("notifies the leads of the affected teams, once", () => {
    const leads = {
      infrastructure: ["ivan"],
      backend: ["bella", "bob"],
      "core-platform": ["carl"],
      frontend: ["fran"],
    };
    const result = rollbackProcedure(input(tagged(), immediate), leads);
    const key = "rollback";
    expect(result.teams).toEqual(["infrastructure", "backend", "core-platform"]);
    expect(comments(result.actions)).toEqual([
      {
        kind: "comment",
        key,
        body: [
          commentMarker(key),
          "## ↩️ Immediate rollback of v2.0.0",
          "",
          "**What happened:** errors spiking",
          "**Started by:** @olga, 2026-11-27 12:00 UTC",
          `**Rolling back:** ${DEPLOYED.map((n) => `${n} → v1.4.0`).join(", ")}`,
          "",
          "@ivan @bella @bob @carl — the train is held; progress is on the tracking issue.",
        ].join("\n"),
      },
    ]);
    const posted = tagged();
    posted.issue.comments = [comment(BOT, `${commentMarker(key)}\n## ↩️ Immediate rollback of v2.0.0`)];
    const again = rollbackProcedure(input(posted, immediate), leads);
    expect(comments(again.actions)).toEqual([]);
    expect(again.steps.find((s) => s.id === "RB4")).toMatchObject({
      status: "done",
      detail: "leads of infrastructure, backend, core-platform",
    });
  });

  it("a person's comment carrying the notice's marker does not stand for the notice", () => {
    const copied = tagged();
    copied.issue.comments = [comment("mallory", `${commentMarker("rollback")}\n## ↩️ Immediate rollback of v2.0.0`)];
    const result = rollbackProcedure(input(copied, immediate), { backend: ["bella"] });
    expect(comments(result.actions).map((c) => c.key)).toEqual(["rollback"]);
    expect(result.steps.find((s) => s.id === "RB4")?.status).not.toBe("done");
  });

  it("decide mentions the leads it was given, and asks for the ones it lacks", () => {
    const state = input(tagged(), immediate).state;
    const withLeads = decideOn(state, tagged());
    const notice = comments(withLeads.actions).find((c) => c.key === "rollback")!;
    expect(notice.body).toContain("@ivan @bella @carl — the train is held");
    expect(withLeads.lookAgain).toBe(true);
    const o = tagged();
    o.teamLeads = {};
    expect(decideOn(state, o).needs.teamLeads).toEqual(
      expect.arrayContaining(["infrastructure", "backend", "core-platform"]),
    );
  });

  describe("extended", () => {
    const extended: RollbackState = {
      mode: "extended",
      reason: "data corruption",
      by: "olga",
      at: iso(0),
      repos: ALL.map(full),
    };
    const R2 = { R2: { by: "bella", at: iso(1), via: "comment:5" } };
    const everywhere = ALL.map((n) => dep(n, "rollback", "success", iso(8)));
    const on = (state: DeploymentState) => dep(INFRA, "rollback-maintenance-on", state, iso(1));
    const off = (state: DeploymentState) => dep(INFRA, "rollback-maintenance-off", state, iso(9));
    const everythingDeployed = () =>
      obs([...stagingOk(), ...inProduction(ALL)], (o) => {
        for (const repo of Object.values(o.repos))
          repo.tags = [{ name: "v1.4.0", commitOid: `${repo.fullName.split("/")[1]}-v140` }];
      });
    const run = (deps: Dep[], ticks: TrainState["ticks"] = {}, mutate: (o: Observation) => void = () => {}) => {
      const o = everythingDeployed();
      for (const d of deps) o.repos[full(d.repo)]!.deployments.push(d.deployment);
      mutate(o);
      return rollbackProcedure(input(o, extended, { ticks: { ...trainState().ticks, ...ticks } }), {});
    };

    it("R1 switches maintenance mode on first, and nothing else", () => {
      const result = run([]);
      expect(deploymentsIn(result.actions)).toEqual([
        {
          kind: "createDeployment",
          repo: full(INFRA),
          environment: "maintenance",
          task: "maintenance:enable",
          ref: head(INFRA),
          sha: head(INFRA),
          purpose: "rollback-maintenance-on",
          production: false,
          payload: { train: TRAIN, version: "2.0.0", purpose: "rollback-maintenance-on" },
          description: `release-train rollback-maintenance-on: ${INFRA} ${head(INFRA)} to maintenance`,
        },
      ]);
      expect(result.steps.map((s) => [s.id, s.status, s.kind])).toEqual([
        ["R1", "running", "bot"],
        ["R2", "pending", "manual"],
        ["R3", "pending", "bot"],
        ["R4", "pending", "bot"],
        ["R5", "pending", "bot"],
        ["R6", "pending", "bot"],
        ["R7", "pending", "bot"],
      ]);
      expect(result.steps[1]).toMatchObject({ detail: "owners confirm with `/check R2`" });
    });

    it.each<[string, Dep[], TrainState["ticks"], string[]]>([
      ["R1 done, migrations not confirmed", [on("success")], {}, []],
      ["R2 ticked while maintenance is still switching on", [on("in_progress")], R2, []],
      ["R2 ticked: infrastructure first", [on("success")], R2, [`${INFRA} rollback`]],
      [
        "infrastructure back: the highest level next",
        [on("success"), dep(INFRA, "rollback", "success")],
        R2,
        [`${DOCS} rollback`, `${HOME} rollback`, `${PRISM} rollback`],
      ],
      ["everything back: maintenance off", [on("success"), ...everywhere], R2, [`${INFRA} rollback-maintenance-off`]],
      ["maintenance still switching off", [on("success"), ...everywhere, off("in_progress")], R2, []],
    ])("%s", (_, deps, ticks, next) => {
      const result = run(deps, ticks);
      expect(created(result.actions)).toEqual(next);
      expect(result.actions.some((a) => a.kind === "openIssue")).toBe(false);
    });

    it("R7 opens the incident review only after R6, once", () => {
      const result = run([on("success"), ...everywhere, off("success")], R2);
      const key = `incident-${T0}`;
      const incident = result.actions.find((a) => a.kind === "openIssue");
      expect(incident).toMatchObject({
        kind: "openIssue",
        key,
        title: "Incident review: rollback of v2.0.0",
        labels: [INCIDENT_LABEL],
      });
      expect(INCIDENT_LABEL).toBe("release-train:incident");
      expect((incident as { body: string }).body).toContain(
        `${commentMarker(key)}\nThe release train v2.0.0 (https://github.com/${OWNER}/release-train/issues/1) was rolled back (extended procedure).`,
      );
      expect((incident as { body: string }).body).toContain(`- **Verified rolled back:** ${iso(8)}`);
      expect(result.steps.map((s) => [s.id, s.status])).toEqual([
        ["R1", "done"],
        ["R2", "done"],
        ["R3", "done"],
        ["R4", "done"],
        ["R5", "done"],
        ["R6", "done"],
        ["R7", "running"],
      ]);
      const opened = run([on("success"), ...everywhere, off("success")], R2, (o) => {
        o.trainIssues = [
          {
            number: 12,
            url: `https://github.com/${OWNER}/release-train/issues/12`,
            title: "Incident review",
            body: `${commentMarker(key)}\n…`,
            state: "OPEN",
          },
        ];
      });
      expect(opened.actions.filter((a) => a.kind === "openIssue")).toEqual([]);
      expect(opened.steps.at(-1)).toMatchObject({
        id: "R7",
        status: "done",
        detail: `[#12](https://github.com/${OWNER}/release-train/issues/12)`,
      });
    });

    it("the notice names every team and is marked extended", () => {
      const notice = comments(run([]).actions)[0]!;
      expect(notice.body.split("\n")[1]).toBe("## ↩️ Extended rollback of v2.0.0");
    });
  });
});

describe("deploy commands", () => {
  const running = () => obs(stagingOk([INFRA]));
  const heldOnFailure = () => ({
    state: trainState({ hold: { by: "release-train", at: iso(-5), reason: "x", auto: true } }),
    o: obs([dep(INFRA, "staging", "success"), dep(GATEWAY, "staging", "failure")]),
  });
  /** The state without the bookkeeping every command comment leaves (audit, acknowledgements, reactions owed). */
  const essence = ({ audit, acked, reached, reactions, owed, ...rest }: TrainState) => rest;

  it.each<[string, () => { state: TrainState; o: Observation }]>([
    ["hold", () => ({ state: trainState(), o: running() })],
    [
      "resume",
      () => ({ state: trainState({ hold: { by: "olga", at: iso(-5), reason: "wait", auto: false } }), o: running() }),
    ],
    ["abort", () => ({ state: trainState(), o: running() })],
    ["rollback", () => ({ state: trainState(), o: running() })],
    ["hotfix", heldOnFailure],
  ])("/%s is refused outside the orchestration team and changes nothing", (command, setup) => {
    const baseline = decideOn(setup().state, setup().o);
    const c = comment("mallory", `/${command}`);
    const refused = decideOn(setup().state, setup().o, [c]);
    expect(replies(refused.actions)).toEqual([
      replyTo(c, `@mallory only members of @release-managers can use \`/${command}\`.`),
    ]);
    expect(refused.actions.filter((a) => a.kind === "react")).toEqual([
      { kind: "react", commentId: c.id, content: "confused" },
    ]);
    expect(essence(refused.state)).toEqual(essence(baseline.state));
    expect(created(refused.actions)).toEqual(created(baseline.actions));
    // The same command from the orchestration team does change the train.
    const accepted = decideOn(setup().state, setup().o, [comment("olga", `/${command}`)]);
    expect(essence(accepted.state)).not.toEqual(essence(baseline.state));
  });

  it("/hold stops new deployments; /resume lets them start again", () => {
    const c = comment("olga", "/hold waiting for the DB team");
    const held = decideOn(trainState(), running(), [c]);
    expect(held.state.hold).toEqual({ by: "olga", at: c.createdAt, reason: "waiting for the DB team", auto: false });
    expect(created(held.actions)).toEqual([]);
    const resumed = decideOn(held.state, running(), [c, comment("olga", "/resume")]);
    expect(resumed.state.hold).toBeUndefined();
    expect(created(resumed.actions)).toEqual([`${GATEWAY} staging`, `${ARCHIVE} staging`]);
  });

  it("/resume is refused while a non-critical failure is unaccepted, with the list", () => {
    const { state, o } = heldOnFailure();
    const c = comment("olga", "/resume");
    const result = decideOn(state, o, [c]);
    expect(replies(result.actions)).toEqual([
      replyTo(
        c,
        `@olga the train stays on hold while this is unresolved:\n\n- ${GATEWAY} failed to deploy to staging\n\nFix it and redeploy, ship with it (\`/hotfix\`), or \`/rollback\`.`,
      ),
    ]);
    expect(result.state.hold).toEqual(state.hold);
    expect(created(result.actions)).toEqual([]);
  });

  it("/hotfix with nothing failed is refused", () => {
    const c = comment("olga", "/hotfix");
    const result = decideOn(trainState(), running(), [c]);
    expect(replies(result.actions)).toEqual([
      replyTo(
        c,
        "@olga there is no failure to ship with: `/hotfix` continues past a failed staging deployment, staging health check or smoke test.",
      ),
    ]);
    expect(result.state.accepted).toEqual({});
    expect(result.actions.some((a) => a.kind === "openIssue")).toBe(false);
  });

  it("/rollback starts the procedure; a second /rollback is refused", () => {
    const o = () =>
      obs([...stagingOk(), maintenanceOn(), dep(INFRA, "production", "success"), dep(GATEWAY, "canary", "success")]);
    const first = comment("olga", "/rollback extended data corruption");
    const started = decideOn(trainState(), o(), [first]);
    expect(started.state.rollback).toEqual({
      mode: "extended",
      reason: "data corruption",
      by: "olga",
      at: first.createdAt,
      repos: ALL.map(full),
    });
    expect(started.state.hold).toEqual({
      by: "olga",
      at: first.createdAt,
      reason: "rollback: data corruption",
      auto: false,
    });
    expect(created(started.actions)).toEqual([`${INFRA} rollback-maintenance-on`]);

    const second = comment("rita", "/rollback");
    const again = o();
    again.issue.comments = [first];
    again.issue.body = started.body;
    again.issue.lastEditor = BOT;
    again.issue.comments.push(second);
    const refused = decide({ config, plan, version: V2, observation: again, now: new Date(T0) });
    expect(replies(refused.actions)).toEqual([
      replyTo(second, "@rita an extended rollback is already under way (since 2026-11-27 09:00 UTC)."),
    ]);
    expect(refused.state.rollback).toEqual(started.state.rollback);
  });

  it("/rollback immediate covers only what reached production", () => {
    const c = comment("olga", "/rollback immediate");
    const o = obs([
      ...stagingOk(),
      maintenanceOn(),
      dep(INFRA, "production", "success"),
      dep(GATEWAY, "canary", "success"),
    ]);
    const result = decideOn(trainState(), o, [c]);
    expect(result.state.rollback).toEqual({
      mode: "immediate",
      reason: "requested by hand",
      by: "olga",
      at: c.createdAt,
      repos: [full(INFRA), full(GATEWAY)],
    });
    expect(created(result.actions)).toEqual([`${GATEWAY} rollback`]);
  });

  it("/abort stops deployments and lifts the code freeze", () => {
    const frozen = () =>
      obs(stagingOk([INFRA]), (o) => {
        o.repos[full(WEB)]!.openPulls = [
          {
            number: 77,
            headRef: "feature/x",
            headOid: "feature-x-head",
            baseRef: "main",
            labels: [],
            freeze: "failure",
            freezeTarget: `https://github.com/${OWNER}/release-train/issues/1`,
          },
        ];
      });
    const before = decideOn(trainState(), frozen());
    expect(created(before.actions)).toEqual([`${GATEWAY} staging`, `${ARCHIVE} staging`]);
    expect(before.actions.filter((a) => a.kind === "setStatus")).toEqual([]);

    const c = comment("olga", "/abort bad idea");
    const { state, actions, wakeAt } = decideOn(trainState(), frozen(), [c]);
    expect(state.aborted).toEqual({ by: "olga", at: c.createdAt, reason: "bad idea" });
    expect(freezeActive(state, true)).toBe(false);
    expect(created(actions)).toEqual([]);
    expect(wakeAt).toBeNull();
    expect(actions.filter((a) => a.kind === "setStatus")).toEqual([
      {
        kind: "setStatus",
        repo: full(WEB),
        sha: "feature-x-head",
        context: "release-train/freeze",
        state: "success",
        description: "Code freeze for v2.0.0 lifted",
        targetUrl: `https://github.com/${OWNER}/release-train/issues/1`,
      },
    ]);
    expect(replies(actions)).toEqual([
      replyTo(
        c,
        "@olga\n\nthe train is aborted: no further deployments, the code freeze is lifted, nothing will be tagged.",
      ),
    ]);
  });

  it("/abort after production deployments says they still run the release", () => {
    const c = comment("olga", "/abort");
    const o = obs([
      ...stagingOk(),
      maintenanceOn(),
      dep(INFRA, "production", "success"),
      dep(GATEWAY, "canary", "success"),
    ]);
    const { actions, state } = decideOn(trainState({ ticks: { ...trainState().ticks, ...VALIDATED } }), o, [c]);
    expect(replies(actions)[0]).toContain(
      "2 repositories already run v2.0.0 in production; `/rollback` was not requested.",
    );
    expect(state.rollback).toBeUndefined();
    expect(created(actions)).toEqual([]);
  });
});

describe("hidden state round-trip", () => {
  it("keeps hold, aborted, accepted and the rollback with its verification", () => {
    const state = trainState({
      hold: { by: "release-train", at: iso(1), reason: "rollback: <b>canary</b> --> failed", auto: true },
      aborted: { by: "olga", at: iso(2), reason: "no reason given" },
      accepted: {
        [`staging:${full(GATEWAY)}`]: { by: "olga", at: iso(3) },
        "health:staging": { by: "rita", at: iso(4) },
      },
      rollback: {
        mode: "extended",
        reason: "data corruption",
        by: "olga",
        at: iso(5),
        repos: ALL.map(full),
        verifiedAt: iso(17),
      },
    });
    const encoded = encodeState(state);
    expect(encoded.indexOf("-->")).toBe(encoded.length - 3);
    const decoded = decodeState(`# body\n${encoded}\n`);
    expect(decoded).toEqual(state);
    expect(decoded?.rollback?.verifiedAt).toBe(iso(17));
  });

  it("the verification time is recorded in the state once the rollback is verified", () => {
    const deps = [
      ...stagingOk(),
      ...inProduction([INFRA, GATEWAY]),
      dep(INFRA, "rollback", "success", iso(3)),
      dep(GATEWAY, "rollback", "success", iso(4)),
    ];
    const rollback: RollbackState = {
      mode: "immediate",
      reason: "x",
      by: "olga",
      at: iso(0),
      repos: [full(INFRA), full(GATEWAY)],
    };
    const { state } = decideOn(
      trainState({ rollback, hold: { by: "olga", at: iso(0), reason: "rollback: x", auto: false } }),
      obs(deps),
      [],
      { now: T0 + 5 * MINUTE },
    );
    expect(state.rollback).toEqual({ ...rollback, verifiedAt: iso(4) });
    expect(decodeState(encodeState(state))?.rollback?.verifiedAt).toBe(iso(4));
  });
});

describe("a deployment its environment holds", () => {
  const held: DeploymentObservation = {
    id: 3,
    environment: "production",
    task: "deploy",
    sha: "abc",
    createdAt: "2026-11-27T10:00:00Z",
    train: "t",
    purpose: "production",
    state: "waiting",
    stateAt: "2026-11-27T10:05:00Z",
  };
  const repo = (rules?: { reviewers: string[]; waitTimer: number }) => ({
    ...observation().repos[`${OWNER}/blackroad-os-api`]!,
    ...(rules ? { environments: { production: rules } } : {}),
  });

  it("says who can approve and since when, a wait timer and when it ends, and that a review is needed before the rules are read", () => {
    expect(describeWait(repo({ reviewers: ["@olga", `@${OWNER}/release-managers`], waitTimer: 0 }), held)).toBe(
      `waiting for review by @olga or @${OWNER}/release-managers (\`production\` requires it) since 10:05 UTC`,
    );
    expect(describeWait(repo({ reviewers: ["@olga"], waitTimer: 30 }), held)).toBe(
      "waiting for review by @olga (`production` requires it) since 10:05 UTC, then a 30-minute wait timer",
    );
    expect(describeWait(repo({ reviewers: [], waitTimer: 45 }), held)).toBe(
      "waiting for the 45-minute wait timer of `production` until 10:50 UTC",
    );
    expect(describeWait(repo(), held)).toBe("waiting for review (`production` requires it) since 10:05 UTC");
  });
});
