// Trains on a subset of the constellation: the tracking issue names the repositories of
// this train (a `repos:` line in the body the train starts from, or `/only` before Phase
// 1), the others are not in it. Only the orchestration team chooses, as GitHub vouches
// for the author of the comment or of the body; once Phase 1 has cut branches the choice
// stands. The plan over the subset keeps the order the configuration gives. Pure.
import { createHash } from "node:crypto";
import type { Authz } from "./authz.js";
import type { Outcome } from "./gate-commands.js";
import type { BodyEdit, CommentObservation, IssueObservation } from "./model/issue-observation.js";
import type { TrainState } from "./model/train-state.js";
import { computeLevels } from "../graph/levels.js";
import type { PlannedRepo, ReleasePlan } from "./plan.js";
import { commentMarker } from "./state.js";
import { isVersion } from "./comment-version.js";

/** `repos: blackroad-os-api, blackroad-os-web` on a line of its own (commas or spaces between names). */
const REPOS_LINE = /^[ \t]*repos:[ \t]*(.*)$/im;

/** The names a body's `repos:` line lists, or null without one. */
export function reposLine(body: string): string[] | null {
  const match = REPOS_LINE.exec(body);
  return match ? splitNames([match[1] ?? ""]) : null;
}

const splitNames = (words: string[]): string[] => [...new Set(words.flatMap((w) => w.split(/[\s,]+/)).filter(Boolean))];

export type Resolved = { ok: true; repos: string[] } | { ok: false; reason: string };

const shortName = (plan: ReleasePlan, fullName: string) =>
  fullName.split("/")[0]!.toLowerCase() === plan.owner.toLowerCase() ? fullName.split("/")[1]! : fullName;

/** The configured repositories these names mean (a name or `owner/name`, any case), in the plan's order. */
export function resolveRepos(plan: ReleasePlan, names: string[]): Resolved {
  const all = [...plan.repos, ...(plan.notInTrain ?? [])];
  const find = (name: string) =>
    all.find((r) => r.fullName.toLowerCase() === name.toLowerCase() || r.name.toLowerCase() === name.toLowerCase());
  const unknown = names.filter((n) => !find(n));
  const known = all.map((r) => shortName(plan, r.fullName)).join(", ");
  if (names.length === 0)
    return {
      ok: false,
      reason: `name the repositories of this train, e.g. \`/only ${known.split(", ").slice(0, 2).join(" ")}\`. Repositories: ${known}.`,
    };
  if (unknown.length > 0) {
    const listed = unknown.map((n) => `\`${n.length > 60 ? `${n.slice(0, 59)}…` : n}\``).join(", ");
    return {
      ok: false,
      reason: `${listed} ${unknown.length === 1 ? "is not a repository" : "are not repositories"} of this train's configuration. Repositories: ${known}.`,
    };
  }
  const chosen = new Set(names.map((n) => find(n)!.fullName));
  return { ok: true, repos: all.filter((r) => chosen.has(r.fullName)).map((r) => r.fullName) };
}

/**
 * The plan over `names` alone. A repository still waits for those it depends on through
 * repositories outside the train (never an order less careful than the configured one);
 * levels are computed again over what is left, and the others are kept as `notInTrain`.
 */
export function trainPlan(plan: ReleasePlan, names: readonly string[] | undefined): ReleasePlan {
  if (!names) return plan;
  const kept = new Set(names);
  const byName = new Map(plan.repos.map((r) => [r.fullName, r] as const));
  const inTrain = plan.repos.filter((r) => kept.has(r.fullName));
  if (inTrain.length === plan.repos.length) return plan;
  const dependsOn = (repo: PlannedRepo): string[] => {
    const found = new Set<string>();
    const seen = new Set<string>();
    const walk = (names: string[]) => {
      for (const name of names) {
        if (seen.has(name)) continue;
        seen.add(name);
        if (kept.has(name)) found.add(name);
        else walk(byName.get(name)?.dependsOn ?? []);
      }
    };
    walk(repo.dependsOn);
    return inTrain.map((r) => r.fullName).filter((n) => found.has(n));
  };
  const deps = inTrain.map(dependsOn);
  const index = new Map(inTrain.map((r, i) => [r.fullName, i] as const));
  const levels = computeLevels(deps.map((d) => d.map((n) => index.get(n)!)));
  // The configured plan has no cycles, so neither has any part of it.
  const level = levels.ok ? levels.levels : inTrain.map(() => 1);
  const repos = inTrain
    .map((r, i) => ({ ...r, dependsOn: deps[i]!, level: level[i]! }))
    .sort((a, b) => a.level - b.level);
  const byLevel: PlannedRepo[][] = [];
  for (const repo of repos) {
    byLevel[repo.level - 1] ??= [];
    byLevel[repo.level - 1]!.push(repo);
  }
  return { ...plan, repos, levels: byLevel, notInTrain: plan.repos.filter((r) => !kept.has(r.fullName)) };
}

/** What `/only` and the `repos:` line need: the configured plan, the state, who is who. */
export interface SubsetContext {
  configuredPlan: ReleasePlan;
  /** `maintenance.repo` (full name) when this train deploys to production: its deployment switches maintenance mode, so it stays in. */
  mustInclude?: string | null;
  state: TrainState;
  authz: Authz;
  audit: (actor: string, text: string) => void;
  /** Rebuilding a lost state: Phase 1's start, as release-train's own revisions of the body say (see trust.ts). */
  rebuiltStart?: PhaseOneStart;
}

/** When Phase 1 started, and the command comments release-train had handled by then (id → version, as in the state's `acked`). */
export interface PhaseOneStart {
  at: string;
  handled: Record<string, string> | null;
}

/**
 * Whether Phase 1 had started when a choice made `at` (by `comment`, for a command) was
 * made: the state says so (it stands from then on), or, rebuilding, the history does.
 */
function startedBefore(ctx: SubsetContext, at: string, comment?: CommentObservation): boolean {
  const start = ctx.rebuiltStart;
  if (!start) return Boolean(ctx.state.reached.preconditions);
  // GitHub stamps a comment to the second, so one made in Phase 1's second is told by whether the reconcile that started it had handled it.
  if (comment && start.handled) return !isVersion(start.handled[String(comment.id)], comment);
  // As instants: release-train stamps its own moments to the millisecond, so a string comparison puts "…:12Z" after "…:12.345Z".
  return Date.parse(at) >= Date.parse(start.at);
}

/** The repositories these names mean, if they may be a train of their own. */
function allowed(ctx: SubsetContext, names: string[]): Resolved {
  const resolved = resolveRepos(ctx.configuredPlan, names);
  if (!resolved.ok || !ctx.mustInclude || resolved.repos.includes(ctx.mustInclude)) return resolved;
  const name = shortName(ctx.configuredPlan, ctx.mustInclude);
  return {
    ok: false,
    reason: `${name} switches maintenance mode for the production deployment (\`maintenance.repo\`, steps 5.1 and 5.9), so it must be in the train: add it.`,
  };
}

/** Records the choice (every repository: no subset); says whether it changed anything. */
function choose(ctx: SubsetContext, repos: string[], by: string, at: string, via: string): boolean {
  const all = repos.length === ctx.configuredPlan.repos.length;
  const before = ctx.state.subset?.repos.join() ?? null;
  if (all) delete ctx.state.subset;
  else ctx.state.subset = { repos, by, at, via };
  return (all ? null : repos.join()) !== before;
}

const describe = (ctx: SubsetContext, repos: string[]) => {
  const left = ctx.configuredPlan.repos.length - repos.length;
  const names = repos.map((r) => shortName(ctx.configuredPlan, r)).join(", ");
  return left === 0
    ? `every repository of the configuration (${names})`
    : `${names}; the other ${left} ${left === 1 ? "is" : "are"} not in this train`;
};

/** A choice of repositories by `by` (a `/only`, an edit of the `repos:` line): the orchestration team's, before Phase 1. */
function request(
  ctx: SubsetContext,
  how: string,
  names: string[],
  by: string,
  at: string,
  via: string,
  comment?: CommentObservation,
): Outcome {
  if (!ctx.authz.isOrchestrator(by))
    return { ok: false, reason: `only ${ctx.authz.describeOwner("orchestration")} can use ${how}.` };
  if (startedBefore(ctx, at, comment)) {
    return {
      ok: false,
      reason: `Phase 1 has started, so the repositories of this train can no longer change: ${how} works until the preconditions are met. Nothing was changed.`,
    };
  }
  const resolved = allowed(ctx, names);
  if (!resolved.ok) return { ok: false, reason: `${resolved.reason} Nothing was changed.` };
  const changed = choose(ctx, resolved.repos, by, at, via);
  if (changed)
    ctx.audit(
      by,
      `chose the repositories of this train${via === "body" ? " with `repos:`" : ""}: ${describe(ctx, resolved.repos)}`,
    );
  return {
    ok: true,
    note: `${changed ? "this train now releases" : "this train already releases"} ${describe(ctx, resolved.repos)}.`,
  };
}

/** `/only repo-a repo-b`: the orchestration team chooses the train's repositories before Phase 1. */
export function only(ctx: SubsetContext, comment: CommentObservation, args: string[]): Outcome {
  return request(ctx, "`/only`", splitNames(args), comment.author, comment.createdAt, `comment:${comment.id}`, comment);
}

/**
 * People's edits of the body that changed its `repos:` line (in the Description) once the
 * train runs: each is a request by its editor, as the edit history shows; a refused one
 * gets a reply. Undecided while a membership is being fetched.
 */
export function subsetFromEdits(
  ctx: SubsetContext,
  edits: readonly BodyEdit[],
): Array<{ kind: "comment"; key: string; body: string }> {
  const replies: Array<{ kind: "comment"; key: string; body: string }> = [];
  for (const edit of edits) {
    const now = reposLine(edit.after);
    if (!now || now.join() === reposLine(edit.before)?.join()) continue;
    const asked = ctx.authz.needs.length;
    const outcome = request(ctx, "the `repos:` line", now, edit.editor, edit.at, "body");
    if (ctx.authz.needs.length > asked || outcome.ok) continue;
    const key = `repos-edit-${createHash("sha256").update([edit.editor, edit.at, edit.after].join("\0")).digest("hex").slice(0, 16)}`;
    replies.push({
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n@${edit.editor} the \`repos:\` line you saved was not applied: ${outcome.reason}`,
    });
  }
  return replies;
}

/**
 * The `repos:` line of the body a train starts from, saved by its author or last editor:
 * honoured when that person is in the orchestration team, else ignored with a notice
 * (kept in the state until it is posted). Undecided while membership is being fetched.
 */
export function subsetFromBody(
  ctx: SubsetContext,
  issue: Pick<IssueObservation, "body" | "author" | "lastEditor" | "lastEditedAt" | "createdAt">,
): void {
  const names = reposLine(issue.body);
  if (!names) return;
  const by = issue.lastEditor ?? issue.author;
  const at = issue.lastEditedAt ?? issue.createdAt;
  const asked = ctx.authz.needs.length;
  const authorised = ctx.authz.isOrchestrator(by);
  if (ctx.authz.needs.length > asked) return;
  const resolved = allowed(ctx, names);
  if (!authorised || !resolved.ok) {
    const why = !authorised
      ? `the body was last saved by @${by}, who is not one of ${ctx.authz.describeOwner("orchestration")}`
      : resolved.ok
        ? ""
        : resolved.reason.replace(/\.$/, "");
    ctx.state.reposIgnored = { by, at, reason: why };
    ctx.audit("release-train", `ignored the body's \`repos:\` line: ${why}`);
    return;
  }
  request(ctx, "the `repos:` line", names, by, at, "body");
}

/** The notice that the body's `repos:` line was ignored, until GitHub shows it posted. */
export function reposIgnoredNotice(state: TrainState): Array<{ kind: "comment"; key: string; body: string }> {
  const ignored = state.reposIgnored;
  if (!ignored) return [];
  const key = "repos-line-ignored";
  return [
    {
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n⚠️ The \`repos:\` line of this issue's description was ignored (${ignored.reason}), so this train releases every configured repository. The orchestration team can choose its repositories with \`/only repo-a repo-b\` until Phase 1 starts.`,
    },
  ];
}
