// The playbook's Rollback Procedure. Immediate: hold, deploy the previous release tag to
// every repository already in production (reverse release order), verify, notify.
// Extended: maintenance on, migrations reverted by their owners, infrastructure first,
// then the previous release everywhere, verify, maintenance off, incident review. Pure.
import type { TrainConfig } from "../../config/schema.js";
import type { Action, ChecklistItem, Observation, RollbackState, TrainState } from "../model.js";
import type { PlannedRepo, ReleasePlan } from "../plan.js";
import { commentMarker } from "../state.js";
import { previousTag } from "../tags.js";
import { versionFor } from "../repo-versions.js";
import { createDeployment, findDeployment, progressOf, trainDeployments, type DeploymentSpec, type Progress } from "./deployments.js";
import { healthOf } from "./health.js";
import { walkRepos } from "../levels.js";
import { HEALTH_POLL_MS, maintenanceTarget, type RolloutInput } from "./rollout.js";
import { deployable, stageOf } from "./stages.js";

/** The playbook's target from detection to a verified rollback. */
export const ROLLBACK_TARGET_MS = 15 * 60_000;
export const INCIDENT_LABEL = "release-train:incident";

export const ROLLBACK_STEPS: Record<RollbackState["mode"], Array<{ id: string; title: string; manual?: boolean }>> = {
  immediate: [
    { id: "RB1", title: "Hold the train: no new deployments" },
    { id: "RB2", title: "Deploy the previous release to every repository in production, in reverse order" },
    { id: "RB3", title: "Verify the rollback deployments and production health" },
    { id: "RB4", title: "Notify the affected teams" },
  ],
  extended: [
    { id: "R1", title: "Enable maintenance mode" },
    { id: "R2", title: "Revert database migrations", manual: true },
    { id: "R3", title: "Roll back infrastructure" },
    { id: "R4", title: "Deploy the previous release everywhere, in reverse order" },
    { id: "R5", title: "Verify the rollback deployments and production health" },
    { id: "R6", title: "Disable maintenance mode" },
    { id: "R7", title: "Open the incident review" },
  ],
};

/** What the procedure reads: the rollout's input without the approval (a rollback does not need one). */
export type RollbackInput = Omit<RolloutInput, "approved">;

export interface RollbackResult {
  steps: ChecklistItem[];
  actions: Action[];
  healthNeeds: string[];
  /** Teams whose leads the notification mentions. */
  teams: string[];
  summary: string;
  verifiedAt: string | null;
  /** While production is still unhealthy after the rollback, health is polled. */
  wakeAt: number | null;
}

/** Repositories a rollback covers: immediate = those the train deployed to production; extended = all. */
export function rollbackTargets(config: TrainConfig, plan: ReleasePlan, observation: Observation, mode: RollbackState["mode"]): string[] {
  return deployable(plan)
    .filter((r) => mode === "extended" || trainDeployments(observation, r.fullName).some((d) => d.environment === config.environments.production && (d.purpose === "canary" || d.purpose === "production")))
    .map((r) => r.fullName);
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

export function rollbackProcedure(input: RollbackInput, teamLeads: Record<string, string[]>): RollbackResult {
  const { config, plan, version, observation, state } = input;
  const rollback = state.rollback!;
  const actions: Action[] = [];
  const healthNeeds: string[] = [];
  let wakeAt: number | null = null;
  const targets = plan.repos.filter((r) => rollback.repos.includes(r.fullName));
  const problems: string[] = [];
  const rollbackSpec = (r: PlannedRepo): DeploymentSpec | null => {
    const tag = previousTag(observation.repos[r.fullName], versionFor(version, r.fullName).version);
    if (!tag) {
      problems.push(`${r.name}: no previous release tag to roll back to`);
      return null;
    }
    return { repo: r.fullName, environment: config.environments.production, task: "rollback", ref: tag.name, sha: tag.commitOid, purpose: "rollback" };
  };
  const create = (s: DeploymentSpec) => actions.push(createDeployment(observation, version.version, s, s.environment === config.environments.production));

  /** Rolls back `repos` highest level first; returns the step result. */
  const rollBack = (repos: PlannedRepo[], may: boolean): { status: ChecklistItem["status"]; done: number; total: number } => {
    const covered = new Set(repos.map((r) => r.fullName));
    let done = 0;
    let failed = false;
    let started = false;
    const visit = (r: PlannedRepo, mayStart: boolean) => {
      const s = rollbackSpec(r);
      const p: Progress = s ? progressOf(findDeployment(observation, s)) : "failed";
      if (p === "none" && mayStart && s) create(s);
      if (p === "success") done += 1;
      if (p === "failed") failed = true;
      if (p !== "none") started = true;
      return p === "success";
    };
    walkRepos(plan, visit, { only: (r) => covered.has(r.fullName), reverse: true, gate: may ? null : "the steps before it are not done" });
    const total = repos.length;
    return { status: failed ? "failed" : done === total ? "done" : started ? "running" : "pending", done, total };
  };

  const item = (id: string, status: ChecklistItem["status"], detail?: string, progress?: { done: number; total: number }): ChecklistItem => {
    const def = ROLLBACK_STEPS[rollback.mode].find((s) => s.id === id)!;
    const tick = state.ticks[id];
    return {
      id,
      title: def.title,
      owner: def.manual ? "Owning teams" : "Release Agent 🤖",
      kind: def.manual ? "manual" : "bot",
      status,
      ...(progress ? { progress } : {}),
      ...(detail ? { detail } : {}),
      ...(tick ? { tick } : {}),
    };
  };

  const deployedAt = () => {
    // The moment of verification: the last rollback deployment's success, or the healthy probe after it.
    const times = targets.map((r) => rollbackSpec(r)).flatMap((s) => (s ? [findDeployment(observation, s)?.stateAt ?? ""] : []));
    const probes = config.healthChecks.production.map((url) => observation.health[url]?.at ?? "");
    return [...times, ...probes].map((t) => (t ? new Date(t).toISOString() : "")).sort().at(-1) || input.now.toISOString();
  };
  // The step reads "verified <time>" from the reconcile that verifies it on, with the time the
  // state then keeps, so later reconciles render the same body and write nothing.
  const verifiedText = (iso: string) => `verified ${iso.slice(0, 16).replace("T", " ")} UTC`;
  const verify = (deployed: boolean): { status: ChecklistItem["status"]; detail: string } => {
    if (state.rollback!.verifiedAt) return { status: "done", detail: verifiedText(state.rollback!.verifiedAt) };
    if (!deployed) return { status: "pending", detail: "" };
    const health = healthOf(config, observation, "production");
    healthNeeds.push(...health.needs);
    if (health.status === "ok") return { status: "done", detail: verifiedText(deployedAt()) };
    wakeAt = input.now.getTime() + HEALTH_POLL_MS;
    return { status: health.status === "failed" ? "failed" : "running", detail: health.detail };
  };

  const teams = [...new Set(targets.map((r) => r.team))];
  const notifyKey = `rollback-${Date.parse(rollback.at)}`;
  const notified = observation.issue.comments.some((c) => c.body.includes(commentMarker(notifyKey)));
  const notify = () => {
    if (notified) return;
    const leads = teams.flatMap((t) => teamLeads[t] ?? []);
    const mentions = [...new Set(leads)].map((l) => `@${l}`).join(" ");
    actions.push({
      kind: "comment",
      key: notifyKey,
      body: [
        commentMarker(notifyKey),
        `## ↩️ ${rollback.mode === "extended" ? "Extended" : "Immediate"} rollback of ${version.tag}`,
        "",
        `**What happened:** ${rollback.reason}`,
        `**Started by:** ${rollback.by === "release-train" ? "release-train (automatic rollback)" : `@${rollback.by}`}, ${rollback.at.slice(0, 16).replace("T", " ")} UTC`,
        `**Rolling back:** ${targets.map((r) => `${r.name} → ${previousTag(observation.repos[r.fullName], versionFor(version, r.fullName).version)?.name ?? "?"}`).join(", ") || "nothing was deployed to production"}`,
        "",
        `${mentions ? `${mentions} — ` : ""}the train is held; progress is on the tracking issue.`,
      ].join("\n"),
    });
  };

  const steps: ChecklistItem[] = [];
  let verifiedAt: string | null = rollback.verifiedAt ?? null;
  if (rollback.mode === "immediate") {
    steps.push(item("RB1", "done", rollback.reason));
    const rb = rollBack(targets, true);
    steps.push(item("RB2", targets.length === 0 ? "skipped" : rb.status, targets.length === 0 ? "nothing was deployed to production" : problems.join("; ") || undefined, { done: rb.done, total: rb.total }));
    const v = verify(rb.status === "done" || targets.length === 0);
    steps.push(item("RB3", v.status, v.detail));
    if (v.status === "done" && !verifiedAt) verifiedAt = deployedAt();
    notify();
    steps.push(item("RB4", notified ? "done" : "running", `leads of ${teams.join(", ") || "no team"}`));
  } else {
    const maintenance = maintenanceTarget(config, plan);
    const mSpec = (on: boolean): DeploymentSpec | null =>
      maintenance.repo
        ? { repo: maintenance.repo.fullName, environment: maintenance.environment, task: on ? "maintenance:enable" : "maintenance:disable", ref: shaOf(state, observation, maintenance.repo), sha: shaOf(state, observation, maintenance.repo), purpose: on ? "rollback-maintenance-on" : "rollback-maintenance-off" }
        : null;
    notify();
    const on = mSpec(true);
    let r1: ChecklistItem["status"] = "skipped";
    if (on) {
      const p = progressOf(findDeployment(observation, on));
      if (p === "none") create(on);
      r1 = p === "success" ? "done" : p === "failed" ? "failed" : "running";
    }
    steps.push(item("R1", r1, on ? undefined : "not applicable: no `maintenance` configured"));
    const migrationsDone = (r1 === "done" || r1 === "skipped") && Boolean(state.ticks.R2);
    steps.push(item("R2", state.ticks.R2 ? "done" : "pending", state.ticks.R2 ? undefined : "owners confirm with `/check R2`"));
    const infra = targets.filter((r) => stageOf(config, plan, r) === "infrastructure");
    const rest = targets.filter((r) => !infra.includes(r));
    const r3 = rollBack(infra, migrationsDone);
    steps.push(item("R3", infra.length === 0 ? "skipped" : r3.status, undefined, { done: r3.done, total: r3.total }));
    const r4 = rollBack(rest, migrationsDone && (r3.status === "done" || infra.length === 0));
    steps.push(item("R4", r4.status, problems.join("; ") || undefined, { done: r4.done, total: r4.total }));
    const v = verify((r3.status === "done" || infra.length === 0) && r4.status === "done");
    steps.push(item("R5", v.status, v.detail));
    if (v.status === "done" && !verifiedAt) verifiedAt = deployedAt();
    const off = mSpec(false);
    let r6: ChecklistItem["status"] = v.status === "done" ? "skipped" : "pending";
    if (off) {
      const p = progressOf(findDeployment(observation, off));
      if (p === "none" && v.status === "done") create(off);
      r6 = p === "success" ? "done" : p === "failed" ? "failed" : p === "running" ? "running" : "pending";
    }
    steps.push(item("R6", r6, off ? undefined : "not applicable: no `maintenance` configured"));
    const key = `incident-${Date.parse(rollback.at)}`;
    const incident = observation.trainIssues.find((i) => i.body.includes(commentMarker(key)));
    if (!incident && (r6 === "done" || r6 === "skipped")) {
      actions.push({
        kind: "openIssue",
        key,
        title: `Incident review: rollback of ${version.tag}`,
        labels: [INCIDENT_LABEL],
        body: [
          commentMarker(key),
          `The release train ${version.tag} (${observation.issue.url}) was rolled back (extended procedure).`,
          "",
          `- **What happened:** ${rollback.reason}`,
          `- **Detected:** ${rollback.at}`,
          `- **Verified rolled back:** ${verifiedAt ?? "—"}`,
          `- **Repositories:** ${targets.map((r) => r.name).join(", ")}`,
          `- **Teams:** ${teams.join(", ")}`,
          "",
          "## Review",
          "",
          "- [ ] Timeline",
          "- [ ] Root cause",
          "- [ ] What we change",
        ].join("\n"),
      });
    }
    steps.push(item("R7", incident ? "done" : r6 === "done" || r6 === "skipped" ? "running" : "pending", incident ? `[#${incident.number}](${incident.url})` : undefined));
  }

  const took = verifiedAt ? Date.parse(verifiedAt) - Date.parse(rollback.at) : null;
  const summary =
    took === null
      ? `detected ${rollback.at.slice(0, 16).replace("T", " ")} UTC; not verified yet (target: 15 min)`
      : `verified ${minutes(took)} after detection — ${took <= ROLLBACK_TARGET_MS ? "✅ within" : "❌ over"} the 15-minute target`;
  return { steps, actions, healthNeeds, teams, summary, verifiedAt, wakeAt };
}

function shaOf(state: TrainState, observation: Observation, repo: PlannedRepo): string {
  return state.approval?.heads[repo.fullName] ?? observation.repos[repo.fullName]?.releaseBranch?.oid ?? "";
}
