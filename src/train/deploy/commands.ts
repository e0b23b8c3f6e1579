// The commands that steer deployments: `/hold`, `/resume`, `/abort`, `/rollback`,
// `/hotfix`. All belong to the orchestration team. Pure.
import type { CommentObservation } from "../model/issue-observation.js";
import type { GateContext, Outcome } from "../gate-commands.js";
import type { RolloutResult } from "./rollout.js";
import { rollbackTargets } from "./rollback.js";
import { commentMarker } from "../state.js";
import { owe } from "../interactions/owed-writes.js";

export const FOLLOW_UP_LABEL = "release-train:follow-up";

export interface DeployContext extends GateContext {
  at: string;
  /** Phases 3–6 as they stand with the state so far. */
  rollout: () => RolloutResult;
  versionTag: string;
}

const mayDeployCommand = (ctx: DeployContext, comment: CommentObservation, command: string): Outcome | null =>
  ctx.authz.isOrchestrator(comment.author)
    ? null
    : { ok: false, reason: `only ${ctx.authz.describeOwner("orchestration")} can use \`/${command}\`.` };

const ended = (ctx: DeployContext): string | null =>
  ctx.state.aborted
    ? "the train was aborted."
    : ctx.state.rollback
      ? `the train is being rolled back (${ctx.state.rollback.mode}).`
      : null;

const reasonOf = (args: string[]) => args.join(" ").trim();

export function hold(ctx: DeployContext, comment: CommentObservation, args: string[]): Outcome {
  const refused = mayDeployCommand(ctx, comment, "hold");
  if (refused) return refused;
  const over = ended(ctx);
  if (over) return { ok: false, reason: `nothing to hold: ${over}` };
  if (ctx.state.hold) return { ok: true, note: `the train is already on hold (${ctx.state.hold.reason}).` };
  ctx.state.hold = { by: comment.author, at: comment.createdAt, reason: reasonOf(args) || "held by hand", auto: false };
  ctx.audit(comment.author, `held the train${reasonOf(args) ? `: ${reasonOf(args)}` : ""}`);
  return { ok: true };
}

export function resume(ctx: DeployContext, comment: CommentObservation): Outcome {
  const refused = mayDeployCommand(ctx, comment, "resume");
  if (refused) return refused;
  const over = ended(ctx);
  if (over) return { ok: false, reason: `the train cannot resume: ${over}` };
  if (!ctx.state.hold) return { ok: true, note: "the train is not on hold." };
  const current = ctx.rollout();
  const failures = [...Object.values(current.nonCritical), ...(current.critical ? [current.critical] : [])];
  if (failures.length > 0) {
    const ways = current.critical
      ? "Fix it and push (the release is then approved again), or `/rollback`."
      : "Fix it and redeploy, ship with it (`/hotfix`), or `/rollback`.";
    return {
      ok: false,
      reason: `the train stays on hold while this is unresolved:\n\n${failures.map((f) => `- ${f}`).join("\n")}\n\n${ways}`,
    };
  }
  delete ctx.state.hold;
  ctx.audit(comment.author, "resumed the train");
  return { ok: true };
}

export function abort(ctx: DeployContext, comment: CommentObservation, args: string[]): Outcome {
  const refused = mayDeployCommand(ctx, comment, "abort");
  if (refused) return refused;
  if (ctx.state.aborted) return { ok: true, note: "the train was already aborted." };
  ctx.state.aborted = { by: comment.author, at: comment.createdAt, reason: reasonOf(args) || "no reason given" };
  ctx.audit(comment.author, `aborted the train${reasonOf(args) ? `: ${reasonOf(args)}` : ""}`);
  const inProduction = rollbackTargets(ctx.config, ctx.plan, ctx.observation, "immediate");
  return {
    ok: true,
    note: `the train is aborted: no further deployments, the code freeze is lifted, nothing will be tagged.${inProduction.length > 0 ? ` ${inProduction.length} repositories already run ${ctx.versionTag} in production; \`/rollback\` was not requested.` : ""}`,
  };
}

export function rollbackCommand(ctx: DeployContext, comment: CommentObservation, args: string[]): Outcome {
  const refused = mayDeployCommand(ctx, comment, "rollback");
  if (refused) return refused;
  if (ctx.state.rollback)
    return {
      ok: false,
      reason: `an ${ctx.state.rollback.mode} rollback is already under way (since ${ctx.state.rollback.at.slice(0, 16).replace("T", " ")} UTC).`,
    };
  if (ctx.state.aborted) return { ok: false, reason: "the train was aborted." };
  const first = args[0]?.toLowerCase();
  const mode = first === "extended" ? "extended" : "immediate";
  const reason = reasonOf(first === "extended" || first === "immediate" ? args.slice(1) : args) || "requested by hand";
  const repos = rollbackTargets(ctx.config, ctx.plan, ctx.observation, mode);
  ctx.state.rollback = { mode, reason, by: comment.author, at: comment.createdAt, repos };
  ctx.state.hold = { by: comment.author, at: comment.createdAt, reason: `rollback: ${reason}`, auto: false };
  ctx.audit(comment.author, `started an ${mode} rollback: ${reason}`);
  return { ok: true };
}

export function retry(ctx: DeployContext, comment: CommentObservation): Outcome {
  const refused = mayDeployCommand(ctx, comment, "retry");
  if (refused) return refused;
  const over = ended(ctx);
  if (over) return { ok: false, reason: `nothing to retry: ${over}` };
  if (!ctx.state.hold) return { ok: true, note: "nothing is holding the train; it goes on by itself." };
  if (!ctx.state.hold.auto)
    return {
      ok: false,
      reason: `the train was held by @${ctx.state.hold.by} (${ctx.state.hold.reason}): \`/resume\` continues it.`,
    };
  ctx.audit(comment.author, `retried after: ${ctx.state.hold.reason}`);
  delete ctx.state.hold;
  ctx.state.retriedAt = comment.createdAt;
  return { ok: true };
}

export function hotfix(ctx: DeployContext, comment: CommentObservation, args: string[]): Outcome {
  const refused = mayDeployCommand(ctx, comment, "hotfix");
  if (refused) return refused;
  const over = ended(ctx);
  if (over) return { ok: false, reason: `nothing to continue: ${over}` };
  const failures = ctx.rollout().nonCritical;
  const keys = Object.keys(failures);
  if (keys.length === 0)
    return {
      ok: false,
      reason:
        "there is no failure to ship with: `/hotfix` continues past a failed staging deployment, staging health check or smoke test.",
    };
  for (const key of keys) ctx.state.accepted[key] = { by: comment.author, at: comment.createdAt };
  if (ctx.state.hold?.auto) delete ctx.state.hold;
  const note = reasonOf(args);
  ctx.audit(comment.author, `continued with a known issue (/hotfix): ${Object.values(failures).join("; ")}`);
  const key = `follow-up-${comment.id}`;
  owe(ctx.state, ctx.actions, {
    kind: "openIssue",
    key,
    title: `Follow-up for ${ctx.versionTag}: ${Object.values(failures)[0]}`.slice(0, 250),
    labels: [FOLLOW_UP_LABEL],
    body: [
      commentMarker(key),
      `@${comment.author} continued the release train ${ctx.versionTag} (${ctx.observation.issue.url}) past:`,
      "",
      ...Object.values(failures).map((f) => `- ${f}`),
      ...(note ? ["", `> ${note}`] : []),
      "",
      "Fix it in a follow-up release.",
    ].join("\n"),
  });
  return { ok: true, note: "continuing; a follow-up issue is being opened for the fix." };
}
