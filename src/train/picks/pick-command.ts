/**
 * `/pick <repo> <sha>` on a patch train (orchestration team): a fix commit, as GitHub shows
 * it, recorded to be cherry-picked onto a repository's release branch before its release PR
 * merges; refused, naming the files, when its change does not apply to the branch.
 */
import type { Authz } from "../authz.js";
import type { Outcome } from "../gate-commands.js";
import type { CommentObservation } from "../model/issue-observation.js";
import { type Observation, type PickObservation, pickKey } from "../model/observation.js";
import type { PickedFix, TrainState } from "../model/train-state.js";
import type { TrainVersion } from "../model/train-version.js";
import type { ReleasePlan } from "../plan.js";
import { resolveRepos } from "../subset.js";
import { short, shortName } from "./names.js";
import { pickTree } from "./pick-tree.js";

export interface PickContext {
  state: TrainState;
  authz: Authz;
  audit: (actor: string, text: string) => void;
  observation: Observation;
  /** This train's repositories, and every configured one. */
  plan: ReleasePlan;
  configuredPlan: ReleasePlan;
  version: TrainVersion;
  /** Some repository of this train releases from an older line's maintenance branch. */
  patch: boolean;
  /** Commits decide wants read (the command is decided once they are). */
  needs: Array<{ repo: string; sha: string }>;
}

/** What the writes of the recorded picks read: the command's context without its permissions. */
export type PickWritesContext = Omit<PickContext, "authz" | "configuredPlan" | "patch">;

type Refusal = { ok: false; reason: string };
type FoundPick = Extract<PickObservation, { found: true }>;

const headlineOf = (message: string) => message.split("\n")[0]!.trim().slice(0, 200);
/** The train's state keeps at most this many picks (it lives in the tracking issue's body). */
export const MAX_PICKS = 100;
const SHA = /^[0-9a-f]{7,40}$/i;

/** `/pick <repo> <sha>`: undefined while the commit (or a membership) is being read. */
export function pick(ctx: PickContext, comment: CommentObservation, args: string[]): Outcome | undefined {
  const asked = ctx.authz.needs.length;
  if (!ctx.authz.isOrchestrator(comment.author))
    return ctx.authz.needs.length > asked
      ? undefined
      : { ok: false, reason: `only ${ctx.authz.describeOwner("orchestration")} can use \`/pick\`.` };
  const target = pickTarget(ctx, args);
  if (!("repo" in target)) return target;
  const { repo, sha } = target;
  const picks = ctx.state.picks ?? [];
  const earlier = picks.find((p) => p.repo === repo && p.sha.startsWith(sha.toLowerCase()));
  if (earlier)
    return { ok: true, note: `${short(earlier.sha)} is already picked for ${shortName(repo)} (by @${earlier.by}).` };
  const seen = ctx.observation.picks?.[pickKey(repo, sha)];
  if (!seen) {
    ctx.needs.push({ repo, sha: sha.toLowerCase() });
    return undefined;
  }
  if (!seen.found)
    return { ok: false, reason: `there is no commit \`${sha}\` in ${shortName(repo)}. Nothing was picked.` };
  const named = picks.find((p) => p.repo === repo && p.sha === seen.oid);
  if (named)
    return { ok: true, note: `${short(seen.oid)} is already picked for ${shortName(repo)} (by @${named.by}).` };
  if (picks.length >= MAX_PICKS)
    return { ok: false, reason: `this train already has ${MAX_PICKS} picks, as many as it keeps. Nothing was picked.` };
  const fix: PickedFix = {
    repo,
    sha: seen.oid,
    headline: headlineOf(seen.message),
    by: comment.author,
    at: comment.createdAt,
    via: `comment:${comment.id}`,
  };
  const refused = seen.appliedAs ? null : unpickable(ctx, repo, seen);
  if (refused) return refused;
  ctx.state.picks ??= [];
  ctx.state.picks.push(seen.appliedAs ? { ...fix, appliedAs: seen.appliedAs } : fix);
  ctx.audit(comment.author, `picked ${short(seen.oid)} (${fix.headline}) for ${shortName(repo)}`);
  return {
    ok: true,
    note: `picking ${short(seen.oid)} (“${fix.headline}”) onto \`${ctx.version.branch}\` of ${shortName(repo)}; the changelog of ${ctx.version.tag} lists it.`,
  };
}

/** The repository and commit the command names, or why it cannot pick there at all. */
function pickTarget(ctx: PickContext, args: string[]): { repo: string; sha: string } | Refusal {
  const [name, sha] = args;
  if (!name || !sha || args.length > 2)
    return {
      ok: false,
      reason: "`/pick` names one repository and one commit, e.g. `/pick blackroad-os-api 1a2b3c4`. Nothing was picked.",
    };
  if (!ctx.patch)
    return {
      ok: false,
      reason: `\`/pick\` cherry-picks fixes onto a patch train's release branches; ${ctx.version.tag} releases from the default branches, where fixes are merged by pull request. Nothing was picked.`,
    };
  const resolved = resolveRepos(ctx.configuredPlan, [name]);
  if (!resolved.ok) return { ok: false, reason: `${resolved.reason} Nothing was picked.` };
  const repo = resolved.repos[0]!;
  if (!ctx.plan.repos.some((r) => r.fullName === repo))
    return {
      ok: false,
      reason: `${shortName(repo)} is not in this train: it gets no release branch to pick onto. Nothing was picked.`,
    };
  if (!SHA.test(sha))
    return {
      ok: false,
      reason: `\`${sha.slice(0, 50)}\` is not a commit sha (7 to 40 hexadecimal digits). Nothing was picked.`,
    };
  const blocked = tooLateOrEarly(ctx, repo);
  if (blocked) return { ok: false, reason: `${blocked} Nothing was picked.` };
  return { repo, sha };
}

/** What makes a pick impossible in `repo` now, if anything (the release PR merged, no release branch). */
function tooLateOrEarly(ctx: PickContext, repo: string): string | null {
  const observed = ctx.observation.repos[repo];
  const pr = observed?.pullRequest;
  if (pr?.state === "MERGED")
    return `the release PR of ${shortName(repo)} (#${pr.number}) has merged, so its ${ctx.version.tag} is final: a later fix needs another patch release.`;
  if (!observed?.releaseBranch || !pr)
    return `${shortName(repo)} has no release branch \`${ctx.version.branch}\` with its release PR yet: \`/pick\` works once Phase 1 has opened it.`;
  return null;
}

/** Why a commit not yet on the branch cannot be picked onto it: too large a tree, a conflict, nothing to change. */
function unpickable(ctx: PickContext, repo: string, seen: FoundPick): Refusal | null {
  if (!seen.changes)
    return {
      ok: false,
      reason: `${short(seen.oid)} touches a tree of ${shortName(repo)} larger than GitHub lists at once, so release-train cannot compute the pick: cherry-pick it onto \`${ctx.version.branch}\` by hand. Nothing was picked.`,
    };
  const tree = seen.branch ? pickTree(seen.changes, seen.branch.blobs) : null;
  if (tree && !tree.ok) {
    const files = tree.conflicts.map((p) => `\`${p}\``).join(", ");
    return {
      ok: false,
      reason: `${short(seen.oid)} does not apply cleanly to \`${ctx.version.branch}\` of ${shortName(repo)}: ${files} ${tree.conflicts.length === 1 ? "differs" : "differ"} there from what the fix changed. Nothing was picked; merge a fix made for the ${ctx.version.branch} line into the branch instead.`,
    };
  }
  if (tree?.entries.length === 0)
    return {
      ok: false,
      reason: `\`${ctx.version.branch}\` of ${shortName(repo)} already has the change of ${short(seen.oid)}. Nothing was picked.`,
    };
  return null;
}
