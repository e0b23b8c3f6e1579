// Mutations on refs and commits: createCommitOnBranch and updateRefs.
import { commitOnBranch, refChange, setRef, webFlow } from "../../ops/git.js";
import { assertPushAllowed } from "../../ops/protection.js";
import type { CommitObject } from "../../store/git.js";
import type { Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import type { GqlContext } from "../context.js";
import { GqlError, mutationError } from "../errors.js";
import { commitView, refView } from "../views/index.js";
import { assertNotArchived, nodeNotFound, repoNotFound, visibleRepo, visibleRepoByNodeId } from "./lookup.js";

/** Names a ref that must not exist (beforeOid) or is to be deleted (afterOid). */
const ZERO_OID = "0".repeat(40);

interface CommittableBranch {
  id?: string;
  repositoryNameWithOwner?: string;
  branchName?: string;
}

interface FileChanges {
  additions?: { path: string; contents: string }[];
  deletions?: { path: string }[];
}

interface CreateCommitOnBranchInput {
  branch: CommittableBranch;
  expectedHeadOid: string;
  message: { headline: string; body?: string | null };
  fileChanges?: FileChanges | null;
  clientMutationId?: string | null;
}

interface RefUpdate {
  name: string;
  afterOid: string;
  beforeOid?: string | null;
  force?: boolean | null;
}

interface UpdateRefsInput {
  repositoryId: string;
  refUpdates: RefUpdate[];
  clientMutationId?: string | null;
}

function createCommitOnBranch(args: { input: CreateCommitOnBranchInput }, ctx: GqlContext) {
  const { input } = args;
  const { repo, branch } = branchOf(ctx, input.branch);
  if (!branch) throw new GqlError("UNPROCESSABLE", "A branch name is required");
  assertNotArchived(repo);
  const current = repo.git.refs.get(`refs/heads/${branch}`);
  if (!current) throw new GqlError("NOT_FOUND", `A ref named "refs/heads/${branch}" does not exist.`);
  if (current !== input.expectedHeadOid) {
    throw new GqlError(
      "STALE_DATA",
      `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
    );
  }
  const files = fileChangesAt(repo.git.commit(current)!, input.fileChanges);
  const message = input.message.body ? `${input.message.headline}\n\n${input.message.body}` : input.message.headline;
  const now = ctx.core.now();
  let commit: ReturnType<typeof commitOnBranch>;
  try {
    commit = commitOnBranch(ctx.core, repo, branch, {
      message,
      files,
      actor: ctx.viewer,
      author: ctx.core.store.person(ctx.viewer, now),
      committer: webFlow(now),
      verified: true,
      expectedHeadOid: input.expectedHeadOid,
      guard: { appId: ctx.http.appId },
    });
  } catch (e) {
    mutationError(e);
  }
  return {
    clientMutationId: input.clientMutationId ?? null,
    commit: commitView(ctx.core, repo, commit),
    ref: refView(ctx.core, repo, `refs/heads/${branch}`),
  };
}

/** The repository and branch a commit goes to: by the ref's node id, or by repository and branch name. */
function branchOf(ctx: GqlContext, target: CommittableBranch): { repo: Repo; branch: string | undefined } {
  let repo: Repo | undefined;
  let branch = target.branchName;
  if (target.id) {
    for (const r of ctx.core.store.repos.values()) {
      for (const ref of r.git.refs.keys()) {
        if (
          nodeId("REF", `${r.id}:${ref}`) === target.id &&
          ref.startsWith("refs/heads/") &&
          ctx.http.canSee(r.owner)
        ) {
          repo = r;
          branch = ref.slice(11);
        }
      }
    }
    if (!repo) throw nodeNotFound(target.id);
  } else {
    const name = target.repositoryNameWithOwner ?? "";
    repo = visibleRepo(ctx, name);
    if (!repo) throw repoNotFound(name);
  }
  return { repo, branch };
}

/** The files a commit changes on top of `head` (null deletes); deleting a missing path is refused. */
function fileChangesAt(head: CommitObject, changes: FileChanges | null | undefined): Record<string, Buffer | null> {
  const files: Record<string, Buffer | null> = {};
  for (const d of changes?.deletions ?? []) {
    if (!head.files.has(d.path)) {
      throw new GqlError(
        "UNPROCESSABLE",
        `A path was requested for deletion which does not exist as of commit oid \`${head.sha}\``,
      );
    }
    files[d.path] = null;
  }
  for (const a of changes?.additions ?? []) files[a.path] = Buffer.from(a.contents, "base64");
  return files;
}

function updateRefs(args: { input: UpdateRefsInput }, ctx: GqlContext) {
  const { input } = args;
  const repo = visibleRepoByNodeId(ctx, input.repositoryId);
  assertNotArchived(repo);
  // Atomic: every update is checked before any ref moves.
  const changes = input.refUpdates.map((update) => checkedRefUpdate(ctx, repo, update));
  for (const change of changes) setRef(ctx.core, repo, change.name, change.after, ctx.viewer);
  return { clientMutationId: input.clientMutationId ?? null };
}

function checkedRefUpdate(ctx: GqlContext, repo: Repo, update: RefUpdate): { name: string; after: string | null } {
  if (!/^refs\/(heads|tags)\/\S+$/.test(update.name))
    throw new GqlError("UNPROCESSABLE", `Invalid refname: ${update.name}`);
  const current = repo.git.refs.get(update.name);
  const after = update.afterOid === ZERO_OID ? null : update.afterOid;
  if (update.beforeOid != null && (current ?? ZERO_OID) !== update.beforeOid) {
    throw new GqlError(
      "STALE_DATA",
      `Reference ${update.name} is at ${current ?? ZERO_OID}, not at the expected ${update.beforeOid}.`,
    );
  }
  if (after !== null && !repo.git.get(after)) throw new GqlError("UNPROCESSABLE", `Object does not exist: ${after}`);
  const change = refChange(repo, current, after);
  if (change === "force" && !update.force)
    throw new GqlError("UNPROCESSABLE", `Update of ${update.name} is not a fast forward.`);
  if (current !== after) {
    try {
      assertPushAllowed(ctx.core, repo, update.name, ctx.viewer, ctx.http.appId, change, after);
    } catch (e) {
      mutationError(e);
    }
  }
  return { name: update.name, after };
}

export const gitMutations = { createCommitOnBranch, updateRefs };
