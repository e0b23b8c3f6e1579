// The tracking issue's layout: the "Now" block, folded phases, the stage's matrix and a
// graph whose node classes are the repositories' states in the current stage.
import { describe, expect, it } from "vitest";
import { decide } from "../../src/train/decide.js";
import { membershipKey } from "../../src/train/model/observation.js";
import type { RepoRow, TrainView } from "../../src/train/model/train-view.js";
import { nowView } from "../../src/train/now.js";
import {
  GRAPH_LAYOUT,
  nodeState,
  releaseGraph,
  sharedPrefix,
  stageMatrix,
  stageOf,
} from "../../src/train/render-repos.js";
import { V2, comment, greenCommit, observation, playbookConfig, playbookPlan } from "../helpers/core.js";

const config = playbookConfig();
const plan = playbookPlan(config);
const NOW = new Date("2026-11-27T10:00:00Z");

function fresh(teamLeads: Record<string, string[]> = {}): { view: TrainView; body: string } {
  const { view, body } = decide({ config, plan, version: V2, observation: { ...observation(), teamLeads }, now: NOW });
  return { view, body };
}

/** A view in a later phase: every precondition and earlier step done. */
function inPhase(id: number, view = fresh().view): TrainView {
  const done = (s: TrainView["preconditions"][number]) => ({ ...s, status: "done" as const });
  return {
    ...view,
    currentPhase: id,
    preconditions: view.preconditions.map(done),
    phases: view.phases.map((p) => (p.id < id ? { ...p, steps: p.steps.map(done) } : p)),
  };
}

const row = (view: TrainView, overrides: Partial<RepoRow>): RepoRow => ({
  ...view.repos[0]!,
  problems: [],
  warnings: [],
  ...overrides,
});
const env = (status: RepoRow["environments"]["staging"]["status"], text = "v2.0.0") => ({ status, text });

describe("the Now block", () => {
  it("comes right after the title and one status line, and asks the orchestration team for each open manual precondition", () => {
    const { body } = fresh();
    const lines = body.split("\n");
    expect(lines[0]).toBe("# 🚂 Release train v2.0.0");
    expect(lines[2]).toMatch(/^\*\*⏳ Checking preconditions\*\* · waiting for people · started 2026-11-27 10:00 UTC/);
    expect(lines[4]).toBe("### Now");
    expect(body).toContain("- **@blackroad-os/release-managers:** `/check P6`, `/check P7`, `/check P8`");
    expect(body).toContain("- **Next:** P4 Security scans have been completed with no critical issues");
  });

  it("names each team lead who still has to sign off, with the exact command, and asks for /approve once every gate is green", () => {
    const base = inPhase(2, fresh({ backend: ["bella"], frontend: ["fran"] }).view);
    const signoffs = base.signoffs.map((s) =>
      s.team === "backend" ? { ...s, leads: ["@bella"] } : { ...s, signedBy: "someone", at: NOW.toISOString() },
    );
    const asks = nowView({ ...base, signoffs }).asks;
    expect(asks).toContainEqual({ who: "@bella", command: "/signoff backend", why: "sign-off for backend (2.4)" });
    expect(asks.map((a) => a.command)).not.toContain("/approve");

    const green = { ...base, signoffs: signoffs.map((s) => ({ ...s, signedBy: "x" })) };
    green.phases = green.phases.map((p) =>
      p.id === 2 ? { ...p, steps: p.steps.map((s) => (s.id === "2.5" ? s : { ...s, status: "done" as const })) } : p,
    );
    expect(nowView(green).asks).toContainEqual({
      who: "@blackroad-os/release-managers",
      command: "/approve",
      why: "final approval (2.5)",
    });
  });

  it("after a verified rollback says it is rolled back and what to do next", () => {
    const view = inPhase(5);
    const steps = [{ id: "RB1", title: "Hold", owner: "bot", kind: "bot" as const, status: "done" as const }];
    const now = nowView({ ...view, rollback: { mode: "immediate", reason: "canary failed", steps, summary: "" } });
    expect(now.health).toBe("rolled back");
    expect(now.blocked).toEqual(["canary failed"]);
    expect(now.asks).toEqual([
      {
        who: "@blackroad-os/release-managers",
        command: "/abort <reason>",
        why: "end this train and lift the code freeze",
      },
    ]);
    expect(now.next).toBe("fix the cause on the default branches, then open a new train for the fixed release");
  });

  it("a held train asks for /resume, one the bot held for /retry", () => {
    const view = inPhase(7);
    expect(nowView({ ...view, hold: { reason: "db team", auto: false } }).asks.at(-1)!.command).toBe("/resume");
    expect(nowView({ ...view, hold: { reason: "merge conflict", auto: true } })).toMatchObject({
      health: "on hold",
      blocked: ["on hold: merge conflict"],
    });
    expect(nowView({ ...view, hold: { reason: "merge conflict", auto: true } }).asks.at(-1)!.command).toBe("/retry");
  });
});

describe("GitHub's rate limits", () => {
  it("the issue says when and why the train's writes wait, and says nothing once they go out", () => {
    const waiting = decide({
      config,
      plan,
      version: V2,
      observation: {
        ...observation(),
        githubWait: { queued: 112, resumesAt: "2026-11-27T14:05:00.000Z", reason: "content-creation limit" },
      },
      now: NOW,
    });
    expect(waiting.body).toContain(
      "> GitHub's rate limit: 112 writes queued, resuming 14:05 UTC (content-creation limit)",
    );
    expect(fresh().body).not.toContain("GitHub's rate limit");
  });
});

describe("folded phases", () => {
  it("opens only the current stage; later phases are one closed line each", () => {
    const { body } = fresh();
    expect(body).toContain("<details open><summary><b>Preconditions</b> — 5/9 done</summary>");
    for (const title of [
      "Phase 1: Release Preparation",
      "Phase 4: Staging Validation",
      "Phase 7: Release Finalization",
    ])
      expect(body).toContain(`<details><summary>${title} — not started</summary>`);
    expect(body.match(/<details open>/g)).toHaveLength(1);
    // GitHub counts every task-list item, folded or not: all 50 of them are still in the body.
    expect(body.match(/^- \[[ x]\] \*\*/gm)).toHaveLength(50);
  });

  it("counts carry no emoji", () => {
    const { body } = fresh();
    expect(body).not.toMatch(/\d+\/\d+ ?[✅⬜🔄❌]/u);
    expect(body).not.toMatch(/[✅⬜🔄❌] ?\d+\/\d+/u);
  });
});

describe("the matrix", () => {
  it("shows only the columns of the stage, at most seven", () => {
    const header = (view: TrainView) => stageMatrix(view, false).split("\n")[0]!;
    const view = fresh().view;
    expect(header(view)).toBe("| Level | Repository | Team | Previous | Branch | PR | Checks |");
    expect(header(inPhase(2))).toBe("| Level | Repository | Team | PR | Checks | Sign-off |");
    expect(header(inPhase(3))).toBe("| Level | Repository | Team | Staging | Canary | Production |");
    expect(header(inPhase(6))).toBe("| Level | Repository | Team | Staging | Canary | Production |");
    expect(header(inPhase(7))).toBe("| Level | Repository | Team | Merged | Tagged | Released |");
  });

  it("puts each repository's problems and warnings in notes under the table", () => {
    const view = fresh().view;
    const repos = view.repos.map((r, i) => (i === 1 ? { ...r, warnings: ["no CHANGELOG.md"] } : r));
    expect(stageMatrix({ ...view, repos }, false)).toContain(`\n\nNotes:\n\n- **${repos[1]!.name}**: no CHANGELOG.md`);
  });
});

describe("the release-order graph", () => {
  it("gives each repository its state in the current stage", () => {
    const view = fresh().view;
    expect(nodeState(row(view, { branch: { status: "ok", oid: "a" } }), "preparation")).toBe("running");
    expect(nodeState(row(view, { pr: { status: "ok", number: 1, url: "" } }), "preparation")).toBe("done");
    expect(
      nodeState(row(view, { checks: { status: "ok", passed: 2, total: 2 }, signoff: "pending" }), "validation"),
    ).toBe("running");
    expect(nodeState(row(view, { checks: { status: "failed", passed: 1, total: 2 } }), "validation")).toBe("failed");
    // A level that has not started is pending, not running.
    expect(
      nodeState(
        row(view, { environments: { staging: env("ok"), canary: env("none", ""), production: env("none", "") } }),
        "production",
      ),
    ).toBe("pending");
    expect(
      nodeState(
        row(view, { environments: { staging: env("ok"), canary: env("running"), production: env("none", "") } }),
        "production",
      ),
    ).toBe("running");
    expect(
      nodeState(
        row(view, { environments: { staging: env("ok"), canary: env("failed"), production: env("none", "") } }),
        "production",
      ),
    ).toBe("failed");
    // A rolled-back repository is rolled back, not done.
    expect(
      nodeState(
        row(view, {
          rolledBack: "ok",
          environments: { staging: env("ok"), canary: env("ok"), production: env("ok", "↩ v1.5.0") },
        }),
        "production",
      ),
    ).toBe("rolledback");
    expect(nodeState(row(view, { final: { merged: "ok", tagged: "none", released: "none" } }), "finalization")).toBe(
      "running",
    );
    expect(nodeState(row(view, { final: { merged: "ok", tagged: "ok", released: "ok" } }), "finalization")).toBe(
      "done",
    );
  });

  it("counts the release checks on a release branch: pending until GitHub reports the first one", () => {
    const obs = observation();
    const [api, web, core] = ["blackroad-os-api", "blackroad-os-web", "blackroad-os-core"].map(
      (n) => `blackroad-os/${n}`,
    );
    // The release branch starts at the default branch's commit, whose `ci` run is not a release check.
    obs.repos[api!] = { ...obs.repos[api!]!, releaseBranch: greenCommit("api-release", ["ci"]) };
    obs.repos[web!] = { ...obs.repos[web!]!, releaseBranch: greenCommit("web-release", ["ci", "integration-tests"]) };
    obs.repos[core!] = {
      ...obs.repos[core!]!,
      releaseBranch: greenCommit("core-release", ["integration-tests", "security-scan"]),
    };
    const { view } = decide({ config, plan, version: V2, observation: obs, now: NOW });
    const checks = (full: string) => view.repos.find((r) => r.fullName === full)!;
    expect(checks(api!).checks).toEqual({ status: "pending", passed: 0, total: 2 });
    expect(checks(web!).checks).toEqual({ status: "running", passed: 1, total: 2 });
    expect(checks(core!).checks).toEqual({ status: "ok", passed: 2, total: 2 });
    const validation = inPhase(2, view);
    expect(nodeState({ ...checks(api!), signoff: "pending" }, "validation")).toBe("pending");
    expect(nodeState({ ...checks(web!), signoff: "pending" }, "validation")).toBe("running");
    expect(stageMatrix(validation, false)).toMatch(
      /\[blackroad-os-api\]\([^)]*\) \| backend \| [^|]+ \| 0\/2 not started \|/,
    );
  });

  it("draws one edge from each level to the next and classes every node with its state, with a legend", () => {
    const view = inPhase(5);
    const repos = view.repos.map((r) =>
      r.level === 1 ? { ...r, environments: { ...r.environments, canary: env("running") } } : r,
    );
    const graph = releaseGraph({ ...view, repos });
    const edges = graph.split("\n").filter((l) => l.includes("-->"));
    expect(edges).toEqual(["  L1 --> L2", "  L2 --> L3", "  L3 --> L4", "  L4 --> L5"]);
    const level1 = repos.filter((r) => r.level === 1).map((r) => `r${repos.indexOf(r)}`);
    expect(graph).toContain(`  class ${level1.join(",")} running`);
    expect(graph).toMatch(/class [r\d,]+ pending/);
    expect(graph).not.toMatch(/class [r\d,]+ done/);
    expect(graph).toContain(
      "⬜ pending · 🟨 running · 🟩 done · 🟥 failed · 🟪 rolled back · names without `blackroad-os-`",
    );
    expect(stageOf({ ...view, repos })).toBe("production");
  });

  it("stacks each level's repositories into a column, with spacing that fits GitHub's column", () => {
    const graph = releaseGraph(inPhase(5));
    expect(graph.split("\n").slice(0, 3)).toEqual(["```mermaid", GRAPH_LAYOUT, "flowchart LR"]);
    // Unlinked nodes stack only along the cross axis of their own direction: LR makes a column.
    expect(graph.match(/^ {4}direction \w+$/gm)).toEqual(Array(5).fill("    direction LR"));
  });

  it("leaves out a prefix every name shares, only at a word boundary", () => {
    expect(sharedPrefix(["blackroad-os-api", "blackroad-os-apex"])).toBe("blackroad-os-");
    expect(sharedPrefix(["web", "worker"])).toBe("");
    expect(sharedPrefix(["solo"])).toBe("");
  });
});

describe("the audit log", () => {
  it("shows a command and what it did as one event", () => {
    const obs = observation({
      comments: [comment("olga", "/check P7 rollback drill done on Tuesday")],
      memberships: { [membershipKey("orchestration", "olga")]: "member" },
    });
    const { body, state } = decide({ config, plan, version: V2, observation: obs, now: NOW });
    // Both entries are kept in the state; the issue shows them as one line.
    expect(state.audit.map((e) => e.text).slice(0, 3)).toEqual([
      "train v2.0.0 started from #1",
      "checked P7 (Rollback procedures are documented and tested) with /check",
      "/check P7 rollback drill done on Tuesday",
    ]);
    const log = body.slice(body.indexOf("📝 Audit log"));
    expect(log).toContain(`📝 Audit log (${state.audit.length - 1} events, newest first)`);
    expect(log).toContain(
      "- 2026-11-27 10:00 UTC · @olga · checked P7 (Rollback procedures are documented and tested) (`/check P7 rollback drill done on Tuesday`)\n- 2026-11-27 10:00 UTC · 🤖 · train v2.0.0 started from #1",
    );
  });
});
