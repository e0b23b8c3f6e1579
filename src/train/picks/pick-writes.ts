/** The writes the recorded picks still need: the cherry-picks, a notice for each given up, the changelog commits. */
import type { Action } from "../model/actions.js";
import { pickKey } from "../model/observation.js";
import type { PickedFix } from "../model/train-state.js";
import { owe } from "../interactions/owed-writes.js";
import { commentMarker } from "../state.js";
import { short, shortName } from "./names.js";
import { changelogCommits } from "./pick-changelog.js";
import type { PickWritesContext } from "./pick-command.js";
import { pickMessage, pickTree } from "./pick-tree.js";

/**
 * The writes the recorded picks still need, per repository one at a time (each moves the
 * branch the next is made on): the cherry-pick, then the changelog commit that lists the
 * repository's picks. Commits still to read go to `needs`.
 */
export function pickActions(ctx: PickWritesContext): Action[] {
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
      owe(ctx.state, actions, conflictNotice(fix, ctx.version.branch));
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

/** A pick that conflicts on a branch that moved since it was accepted: said once (owed until GitHub shows it), then given up. */
function conflictNotice(fix: PickedFix, branch: string): Extract<Action, { kind: "comment" }> {
  const key = `pick-conflict-${fix.repo.replace("/", "-")}-${short(fix.sha)}`;
  const files = fix.conflicts!.map((p) => `\`${p}\``).join(", ");
  return {
    kind: "comment",
    key,
    body: `${commentMarker(key)}\n⚠️ @${fix.by}'s pick of ${short(fix.sha)} for ${shortName(fix.repo)} no longer applies cleanly: \`${branch}\` changed since, and ${files} now ${fix.conflicts!.length === 1 ? "differs" : "differ"} from what the fix changed. It was not picked; merge a fix made for this line into the branch instead.`,
  };
}
