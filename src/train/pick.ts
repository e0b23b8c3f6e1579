// `/pick <repo> <sha>` on a patch train (orchestration team): a fix commit, as GitHub shows
// it, cherry-picked onto a repository's release branch before its release PR merges. The
// pick applies the commit's change (its first parent → the commit) to the branch's tree,
// when the branch has every file it touches as the commit found it; otherwise it is refused,
// naming the files. Once the pick is on the branch, the version's changelog section lists
// it. Pure.
import type { Authz } from "./authz.js";
import type { Outcome } from "./gate-commands.js";
import { pickKey, type Observation, type PathChange, type TreeBlob } from "./model/observation.js";
import type { CommentObservation } from "./model/issue-observation.js";
import type { PickedFix, TrainState } from "./model/train-state.js";
import type { Action, TreeEntry } from "./model/actions.js";
import type { ReleasePlan } from "./plan.js";
import { sectionRange } from "./publish.js";
import { CHANGELOG_PATH, bumpHeadline } from "./preparation/release-commit.js";
import { commentMarker } from "./state.js";
import { resolveRepos } from "./subset.js";
import type { TrainVersion } from "./model/train-version.js";

/** The line `git cherry-pick -x` adds: how a pick is found on the branch again. */
export const pickTrailer = (sha: string): string => `(cherry picked from commit ${sha})`;

/**
 * The pick's message: the fix's, git's cherry-pick line, and the fix's author as a co-author.
 * The commit itself is the app's (GitHub signs only commits an app writes with no author of
 * its own), so a release branch that requires signed commits takes it.
 */
export const pickMessage = (
  message: string,
  sha: string,
  author: { name: string; email: string } | null = null,
): string =>
  `${message.trimEnd()}\n\n${pickTrailer(sha)}${author ? `\nCo-authored-by: ${author.name} <${author.email}>` : ""}`;

export type PickTree = { ok: true; entries: TreeEntry[] } | { ok: false; conflicts: string[] };

const same = (a: TreeBlob | null, b: TreeBlob | null) =>
  a === null || b === null ? a === b : a.sha === b.sha && a.mode === b.mode;

/**
 * The entries that turn the branch's tree into the pick's: each changed path set to the
 * commit's blob (or removed), when the branch has what the parent had there. A path the
 * branch already has as the commit made it needs no entry; any other difference conflicts.
 */
export function pickTree(changes: readonly PathChange[], branch: Readonly<Record<string, TreeBlob | null>>): PickTree {
  const at = (path: string) => branch[path] ?? null;
  const conflicts = changes.filter((c) => !same(at(c.path), c.before) && !same(at(c.path), c.after)).map((c) => c.path);
  if (conflicts.length > 0) return { ok: false, conflicts };
  const entries = changes
    .filter((c) => !same(at(c.path), c.after))
    .map(
      (c): TreeEntry => ({
        path: c.path,
        mode: c.after?.mode ?? c.before!.mode,
        type: "blob",
        sha: c.after?.sha ?? null,
      }),
    );
  return { ok: true, entries };
}

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

const shortName = (fullName: string) => fullName.split("/")[1] ?? fullName;
const short = (sha: string) => sha.slice(0, 7);
const headlineOf = (message: string) => message.split("\n")[0]!.trim().slice(0, 200);
/** The train's state keeps at most this many picks (it lives in the tracking issue's body). */
export const MAX_PICKS = 100;
const SHA = /^[0-9a-f]{7,40}$/i;

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

/** `/pick <repo> <sha>`: undefined while the commit (or a membership) is being read. */
export function pick(ctx: PickContext, comment: CommentObservation, args: string[]): Outcome | undefined {
  const asked = ctx.authz.needs.length;
  if (!ctx.authz.isOrchestrator(comment.author))
    return ctx.authz.needs.length > asked
      ? undefined
      : { ok: false, reason: `only ${ctx.authz.describeOwner("orchestration")} can use \`/pick\`.` };
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
  if (!seen.appliedAs) {
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
  }
  ctx.state.picks ??= [];
  ctx.state.picks.push(seen.appliedAs ? { ...fix, appliedAs: seen.appliedAs } : fix);
  ctx.audit(comment.author, `picked ${short(seen.oid)} (${fix.headline}) for ${shortName(repo)}`);
  return {
    ok: true,
    note: `picking ${short(seen.oid)} (“${fix.headline}”) onto \`${ctx.version.branch}\` of ${shortName(repo)}; the changelog of ${ctx.version.tag} lists it.`,
  };
}

/** A picked fix's line in the version's changelog section. */
function changelogLine(repoUrl: string, fix: PickedFix): string {
  const applied = fix.appliedAs!;
  return `* ${fix.headline} ([${short(applied)}](${repoUrl}/commit/${applied})), cherry picked from [${short(fix.sha)}](${repoUrl}/commit/${fix.sha}) by @${fix.by}`;
}

const PICKED_HEADING = "### Cherry-picked fixes";

/** CHANGELOG.md with the picked fixes listed in the version's section (null when it has no such section; unchanged when they are listed). */
export function withPickedFixes(
  text: string,
  version: string,
  repoUrl: string,
  fixes: readonly PickedFix[],
): string | null {
  const lines = text.split("\n");
  const range = sectionRange(lines, version);
  if (!range) return null;
  const section = lines.slice(range.start, range.end).join("\n");
  const missing = fixes
    .filter((f) => f.appliedAs && !section.includes(`/commit/${f.appliedAs}`))
    .map((f) => changelogLine(repoUrl, f));
  if (missing.length === 0) return text;
  const heading = lines.findIndex((l, i) => i > range.start && i < range.end && l.trim() === PICKED_HEADING);
  // After the last line of the block (or of the section), so the blank line before the next section stays.
  const lastOf = (from: number, keep: (line: string) => boolean) => {
    let last = from;
    for (let i = from + 1; i < range.end; i += 1) if (keep(lines[i]!)) last = i;
    return last;
  };
  if (heading >= 0) lines.splice(lastOf(heading, (l) => l.startsWith("* ")) + 1, 0, ...missing);
  else lines.splice(lastOf(range.start, (l) => l.trim() !== "") + 1, 0, "", PICKED_HEADING, "", ...missing);
  return lines.join("\n");
}

/** A pick that conflicts on a branch that moved since it was accepted: said once, then given up. */
function conflictNotice(fix: PickedFix, branch: string): Action {
  const key = `pick-conflict-${fix.repo.replace("/", "-")}-${short(fix.sha)}`;
  const files = fix.conflicts!.map((p) => `\`${p}\``).join(", ");
  return {
    kind: "comment",
    key,
    body: `${commentMarker(key)}\n⚠️ @${fix.by}'s pick of ${short(fix.sha)} for ${shortName(fix.repo)} no longer applies cleanly: \`${branch}\` changed since, and ${files} now ${fix.conflicts!.length === 1 ? "differs" : "differ"} from what the fix changed. It was not picked; merge a fix made for this line into the branch instead.`,
  };
}

/**
 * The writes the recorded picks still need, per repository one at a time (each moves the
 * branch the next is made on): the cherry-pick, then the changelog commit that lists the
 * repository's picks. Commits still to read go to `needs`.
 */
export function pickActions(ctx: Omit<PickContext, "authz" | "configuredPlan" | "patch">): Action[] {
  const actions: Action[] = [];
  const busy = new Set<string>();
  const fixes = ctx.state.picks ?? [];
  if (ctx.state.aborted) return [];
  for (const fix of fixes) {
    if (fix.conflicts || fix.listed || busy.has(fix.repo)) continue;
    const observed = ctx.observation.repos[fix.repo];
    if (observed?.pullRequest?.state !== "OPEN") continue;
    const seen = ctx.observation.picks?.[pickKey(fix.repo, fix.sha)];
    if (!seen) {
      ctx.needs.push({ repo: fix.repo, sha: fix.sha });
      busy.add(fix.repo);
      continue;
    }
    if (!seen.found || !seen.branch) continue;
    if (seen.appliedAs) {
      if (fix.appliedAs !== seen.appliedAs) {
        fix.appliedAs = seen.appliedAs;
        ctx.audit(
          "release-train",
          `picked ${short(fix.sha)} onto ${ctx.version.branch} of ${shortName(fix.repo)} as ${short(seen.appliedAs)}`,
        );
      }
      continue;
    }
    // Picked before, and GitHub no longer shows it on the branch (a force-push): not written again.
    if (fix.appliedAs || !seen.changes) continue;
    busy.add(fix.repo);
    const tree = pickTree(seen.changes, seen.branch.blobs);
    if (!tree.ok) {
      fix.conflicts = tree.conflicts;
      ctx.audit(
        "release-train",
        `gave up the pick of ${short(fix.sha)} for ${shortName(fix.repo)}: ${tree.conflicts.join(", ")} conflict`,
      );
      actions.push(conflictNotice(fix, ctx.version.branch));
      continue;
    }
    if (tree.entries.length === 0) continue;
    actions.push({
      kind: "cherryPick",
      repo: fix.repo,
      repositoryId: seen.repositoryId,
      branch: ctx.version.branch,
      sha: fix.sha,
      expectedHeadOid: seen.branch.oid,
      baseTree: seen.branch.tree,
      tree: tree.entries,
      message: pickMessage(seen.message, seen.oid, seen.author),
    });
  }
  actions.push(...changelogCommits(ctx, fixes, busy));
  return actions;
}

/** Where every pick of a repository is on its branch: the changelog commit listing them, until CHANGELOG.md does. */
function changelogCommits(
  ctx: Omit<PickContext, "authz" | "configuredPlan" | "patch">,
  fixes: readonly PickedFix[],
  busy: ReadonlySet<string>,
): Action[] {
  const actions: Action[] = [];
  for (const repo of new Set(fixes.filter((f) => f.appliedAs && !f.listed).map((f) => f.repo))) {
    const observed = ctx.observation.repos[repo];
    if (busy.has(repo) || observed?.pullRequest?.state !== "OPEN") continue;
    const applied = fixes.filter((f) => f.repo === repo && f.appliedAs);
    const seen = ctx.observation.picks?.[pickKey(repo, applied.find((f) => !f.listed)!.sha)];
    if (!seen?.found || !seen.branch?.changelog) continue;
    const text = withPickedFixes(seen.branch.changelog, ctx.version.version, observed.url, applied);
    if (text === null) continue;
    if (text === seen.branch.changelog) {
      for (const fix of applied) fix.listed = true;
      continue;
    }
    actions.push({
      kind: "commitFiles",
      repo,
      branch: ctx.version.branch,
      expectedHeadOid: seen.branch.oid,
      headline: bumpHeadline(ctx.version),
      body: `Release ${ctx.version.tag}: ${CHANGELOG_PATH} lists the cherry-picked fixes (${applied.map((f) => short(f.sha)).join(", ")}).\n\nRelease-Train: ${ctx.observation.issue.url}`,
      files: [{ path: CHANGELOG_PATH, contents: text }],
    });
  }
  return actions;
}

/** The tracking issue's list of picks. */
export function picksSection(state: TrainState, branch: string, urlOf: (repo: string) => string): string[] {
  const fixes = state.picks ?? [];
  if (fixes.length === 0) return [];
  const where = (f: PickedFix) =>
    f.conflicts
      ? `not picked: ${f.conflicts.map((p) => `\`${p}\``).join(", ")} conflict`
      : f.appliedAs
        ? `on \`${branch}\` as [\`${short(f.appliedAs)}\`](${urlOf(f.repo)}/commit/${f.appliedAs})`
        : "being picked";
  return [
    "",
    "### Cherry-picked fixes",
    "",
    ...fixes.map(
      (f) =>
        `- ${shortName(f.repo)}: [\`${short(f.sha)}\`](${urlOf(f.repo)}/commit/${f.sha}) ${f.headline.replace(/[|<>]/g, " ")} — picked by @${f.by}, ${where(f)}`,
    ),
  ];
}
