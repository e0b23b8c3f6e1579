// The Phase 2 commands: `/signoff [team]`, `/signoff revoke [team]`, `/approve`,
// `/retest [repo]`. Authorization comes from GitHub team membership (via Authz),
// never from what the comment says. Pure.
import type { Authz } from "./authz.js";
import type { Observation } from "./model/observation.js";
import type { CommentObservation } from "./model/issue-observation.js";
import type { TrainState } from "./model/train-state.js";
import type { Action } from "./model/actions.js";
import type { GateReport } from "./validation/gate-report.js";
import { headsOf } from "./validation/signoffs.js";
import type { ReleasePlan } from "./plan.js";
import { changesRequestedBy } from "./review-signoffs.js";
import type { TrainConfig } from "../config/schema.js";

export type Outcome = { ok: true; note?: string } | { ok: false; reason: string };

export interface GateContext {
  config: TrainConfig;
  plan: ReleasePlan;
  observation: Observation;
  state: TrainState;
  authz: Authz;
  actions: Action[];
  /** Phase 1 finished: every release PR is open. */
  prepared: boolean;
  gates: () => GateReport;
  audit: (actor: string, text: string) => void;
}

const via = (comment: CommentObservation) => `comment:${comment.id}`;

/** A team named in a command: its config key, or its GitHub slug (`@org/slug` too). */
function resolveTeam(config: TrainConfig, word: string): string | null {
  const name = word.replace(/^@/, "").split("/").pop()!.toLowerCase();
  for (const [key, team] of Object.entries(config.teams)) {
    if (key.toLowerCase() === name || team.slug?.toLowerCase() === name) return key;
  }
  return null;
}

const teamList = (teams: string[]) => teams.map((t) => `\`${t}\``).join(", ");

export function signoff(ctx: GateContext, comment: CommentObservation, args: string[]): Outcome {
  const revoke = args[0]?.toLowerCase() === "revoke";
  const named = revoke ? args[1] : args[0];
  const required = ctx.gates().required;
  const teams = signingTeams(
    ctx,
    comment,
    named,
    revoke,
    required.map((r) => r.team),
  );
  if (!Array.isArray(teams)) return teams;
  if (revoke) {
    for (const team of teams) {
      if (!ctx.state.signoffs[team]) continue;
      delete ctx.state.signoffs[team];
      ctx.audit(comment.author, `revoked the sign-off for ${team}`);
    }
    return { ok: true };
  }
  if (!ctx.prepared)
    return { ok: false, reason: "sign-offs open when Phase 1 is done: every release PR must be open first." };
  for (const team of teams) {
    const blocked = changesRequestedBy(
      ctx.config,
      ctx.observation,
      required.find((r) => r.team === team)!.repos,
      comment.author,
    );
    if (blocked) return { ok: false, reason: blocked };
  }
  for (const team of teams) {
    const repos = required.find((r) => r.team === team)!.repos;
    ctx.state.signoffs[team] = {
      by: comment.author,
      at: comment.createdAt,
      via: via(comment),
      heads: headsOf(ctx.observation, repos),
    };
    ctx.audit(comment.author, `signed off for ${team}`);
  }
  return { ok: true };
}

/** The teams a `/signoff` (or its revoke) acts for: the one named, or every required team the author leads. */
function signingTeams(
  ctx: GateContext,
  comment: CommentObservation,
  named: string | undefined,
  revoke: boolean,
  requiredTeams: string[],
): string[] | { ok: false; reason: string } {
  if (named) {
    const team = resolveTeam(ctx.config, named);
    if (!team || !requiredTeams.includes(team)) {
      return {
        ok: false,
        reason: `\`${named}\` does not sign off on this train. Teams that do: ${teamList(requiredTeams)}.`,
      };
    }
    if (!ctx.authz.isLead(team, comment.author))
      return {
        ok: false,
        reason: `only a lead of ${ctx.authz.describeOwner(team).replace(/^members of /, "")} can ${revoke ? "revoke the sign-off" : "sign off"} for \`${team}\`.`,
      };
    return [team];
  }
  // Evaluate every team so one round of membership look-ups answers them all.
  const leadOf = requiredTeams.map((team) => [team, ctx.authz.isLead(team, comment.author)] as const);
  let teams = leadOf.filter(([, lead]) => lead).map(([team]) => team);
  if (revoke) teams = teams.filter((t) => ctx.state.signoffs[t]);
  if (teams.length > 0) return teams;
  return {
    ok: false,
    reason: revoke
      ? "you have no sign-off to revoke on this train."
      : `you are not a lead of any team whose sign-off this train needs (${teamList(requiredTeams)}).`,
  };
}

export function approve(ctx: GateContext, comment: CommentObservation): Outcome {
  if (!ctx.authz.isOrchestrator(comment.author))
    return { ok: false, reason: `only ${ctx.authz.describeOwner("orchestration")} can \`/approve\` the release.` };
  const gates = ctx.gates();
  if (ctx.state.approval && !gates.stale.approval)
    return { ok: true, note: `already approved by @${ctx.state.approval.by}.` };
  if (gates.missing.length > 0) {
    return {
      ok: false,
      reason: `the release cannot be approved yet. Missing:\n\n${gates.missing.map((m) => `- ${m}`).join("\n")}`,
    };
  }
  if (gates.computing.length > 0) {
    return {
      ok: false,
      reason: `GitHub has not yet computed whether ${gates.computing.join(", ")} can merge; \`/approve\` again once the tracking issue shows it.`,
    };
  }
  const all = ctx.plan.repos.map((r) => r.fullName);
  ctx.state.approval = {
    by: comment.author,
    at: comment.createdAt,
    via: via(comment),
    heads: headsOf(ctx.observation, all),
  };
  ctx.audit(comment.author, "gave final approval (2.5)");
  return { ok: true };
}

/** How long an `/approve` waits for GitHub to compute a release PR's mergeability before it is answered. */
export const APPROVE_PATIENCE_MS = 5 * 60_000;

/**
 * An `/approve` that only GitHub's pending mergeability keeps from passing is not run yet:
 * it is judged on a later read, once GitHub has answered (or the patience is spent).
 */
export function waitsForMergeability(
  ctx: GateContext,
  comment: CommentObservation,
  commands: Array<{ name: string }>,
  at: string,
): boolean {
  if (!commands.some((c) => c.name === "approve") || ctx.state.approval) return false;
  const gates = ctx.gates();
  const posted = Date.parse(comment.editedAt ?? comment.createdAt);
  return gates.missing.length === 0 && gates.computing.length > 0 && Date.parse(at) - posted < APPROVE_PATIENCE_MS;
}

export function retest(ctx: GateContext, comment: CommentObservation, args: string[]): Outcome {
  const named = args[0];
  const planned = named
    ? ctx.plan.repos.find(
        (r) => r.name.toLowerCase() === named.toLowerCase() || r.fullName.toLowerCase() === named.toLowerCase(),
      )
    : undefined;
  if (named && !planned) return { ok: false, reason: `\`${named}\` is not a repository of this train.` };
  const allowed = planned
    ? ctx.authz.isMember(planned.team, comment.author) || ctx.authz.isOrchestrator(comment.author)
    : ctx.authz.isOrchestrator(comment.author);
  if (!allowed) {
    return {
      ok: false,
      reason: planned
        ? `only ${ctx.authz.describeOwner(planned.team)} or the orchestration team can re-run checks of \`${planned.name}\`.`
        : `only ${ctx.authz.describeOwner("orchestration")} can re-run the checks of every repository; name one: \`/retest <repo>\`.`,
    };
  }
  const failing = ctx.gates().failingSuites;
  const repos = planned ? [planned.fullName] : Object.keys(failing);
  const rerun: string[] = [];
  for (const repo of repos) {
    for (const suiteId of failing[repo] ?? []) {
      ctx.actions.push({ kind: "rerequestCheckSuite", repo, suiteId });
      rerun.push(`${repo.split("/")[1]} (suite ${suiteId})`);
    }
  }
  if (rerun.length === 0)
    return { ok: true, note: `nothing to re-run: no failing check suites${planned ? ` in \`${planned.name}\`` : ""}.` };
  ctx.audit(comment.author, `re-ran failed checks: ${rerun.join(", ")}`);
  return { ok: true, note: `re-running ${rerun.join(", ")}.` };
}
