import { ApiError } from "../errors.js";
import { commitOnBranch, refChange, setRef, webFlow } from "../ops/git.js";
import { assertPushAllowed } from "../ops/protection.js";
import { createComment, editComment } from "../ops/issues.js";
import * as S from "../serialize/index.js";
import type { Repo } from "../store/types.js";
import { nodeId } from "../util/ids.js";
import type { GqlContext } from "./context.js";
import { GqlError } from "./errors.js";
import {
  actorView,
  commentView,
  commitView,
  discussionView,
  issueView,
  mergeQueueEntryView,
  orgView,
  pullView,
  refView,
  repoView,
  type View,
} from "./views/index.js";
import { enqueue } from "../ops/merge-queue.js";
import { mergePull } from "../ops/pulls.js";

export type { GqlContext } from "./context.js";

/** Names a ref that must not exist (beforeOid) or is to be deleted (afterOid). */
const ZERO_OID = "0".repeat(40);

function visibleRepo(ctx: GqlContext, fullName: string): Repo | undefined {
  const repo = ctx.core.store.repo(fullName);
  return repo && ctx.http.canSee(repo.owner) ? repo : undefined;
}

function repoNotFound(name: string): GqlError {
  return new GqlError("NOT_FOUND", `Could not resolve to a Repository with the name '${name}'.`);
}

/** Finds any object by global node id among the visible repositories. */
function findNode(ctx: GqlContext, id: string): View | null {
  const core = ctx.core;
  for (const repo of core.store.repos.values()) {
    if (!ctx.http.canSee(repo.owner)) continue;
    if (repo.nodeId === id) return repoView(core, repo);
    for (const i of repo.issues.values()) {
      if (i.nodeId === id) return i.isPull ? pullView(core, repo, i.number) : issueView(core, repo, i);
    }
    for (const pr of repo.pulls.values()) if (pr.nodeId === id) return pullView(core, repo, pr.number);
    for (const d of repo.discussions) if (d.nodeId === id) return discussionView(core, repo, d);
    for (const ref of repo.git.refs.keys())
      if (nodeId("REF", `${repo.id}:${ref}`) === id) return refView(core, repo, ref);
  }
  for (const c of core.store.comments.values()) {
    if (c.nodeId === id && !c.deleted) {
      const repo = core.store.repo(c.repo);
      if (repo && ctx.http.canSee(repo.owner)) return commentView(core, repo, c, ctx.viewer);
    }
  }
  for (const a of core.store.accounts.values()) if (a.nodeId === id) return actorView(core, a.login);
  return null;
}

function mutationError(e: unknown): never {
  if (e instanceof GqlError) throw e;
  if (e instanceof ApiError) {
    const type =
      e.status === 404
        ? "NOT_FOUND"
        : e.status === 403
          ? "FORBIDDEN"
          : e.status === 409
            ? "STALE_DATA"
            : "UNPROCESSABLE";
    throw new GqlError(type, e.message);
  }
  throw e;
}

function locateIssueByNode(ctx: GqlContext, id: string): { repo: Repo; number: number } | undefined {
  for (const repo of ctx.core.store.repos.values()) {
    if (!ctx.http.canSee(repo.owner)) continue;
    for (const i of repo.issues.values()) if (i.nodeId === id) return { repo, number: i.number };
    for (const pr of repo.pulls.values()) if (pr.nodeId === id) return { repo, number: pr.number };
  }
  return undefined;
}

export function rootValue(): Record<string, unknown> {
  return {
    repository: (args: { owner: string; name: string }, ctx: GqlContext) => {
      ctx.repositories.push(`${args.owner}/${args.name}`);
      const repo = visibleRepo(ctx, `${args.owner}/${args.name}`);
      if (!repo) throw repoNotFound(`${args.owner}/${args.name}`);
      return repoView(ctx.core, repo);
    },
    rateLimit: (_args: unknown, ctx: GqlContext) => ({
      cost: ctx.cost,
      limit: ctx.rate.limit,
      nodeCount: ctx.nodeCount,
      remaining: ctx.rate.remaining,
      resetAt: ctx.rate.resetAt,
      used: ctx.rate.used,
    }),
    viewer: (_args: unknown, ctx: GqlContext) => {
      const a = ctx.core.store.requireAccount(ctx.viewer);
      return { ...actorView(ctx.core, ctx.viewer), __typename: "User", login: a.login };
    },
    node: (args: { id: string }, ctx: GqlContext) => findNode(ctx, args.id),
    nodes: (args: { ids: string[] }, ctx: GqlContext) => args.ids.map((id) => findNode(ctx, id)),
    organization: (args: { login: string }, ctx: GqlContext) => {
      const v = orgView(ctx.core, args.login);
      if (!v)
        throw new GqlError("NOT_FOUND", `Could not resolve to an Organization with the login of '${args.login}'.`);
      return v;
    },
    user: (args: { login: string }, ctx: GqlContext) => {
      const a = ctx.core.store.account(args.login);
      if (a?.type !== "User")
        throw new GqlError("NOT_FOUND", `Could not resolve to a User with the login of '${args.login}'.`);
      return actorView(ctx.core, a.login);
    },

    createCommitOnBranch: (
      args: {
        input: {
          branch: { id?: string; repositoryNameWithOwner?: string; branchName?: string };
          expectedHeadOid: string;
          message: { headline: string; body?: string | null };
          fileChanges?: { additions?: { path: string; contents: string }[]; deletions?: { path: string }[] } | null;
          clientMutationId?: string | null;
        };
      },
      ctx: GqlContext,
    ) => {
      const { input } = args;
      let repo: Repo | undefined;
      let branch = input.branch.branchName;
      if (input.branch.id) {
        for (const r of ctx.core.store.repos.values()) {
          for (const ref of r.git.refs.keys()) {
            if (
              nodeId("REF", `${r.id}:${ref}`) === input.branch.id &&
              ref.startsWith("refs/heads/") &&
              ctx.http.canSee(r.owner)
            ) {
              repo = r;
              branch = ref.slice(11);
            }
          }
        }
        if (!repo)
          throw new GqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${input.branch.id}'`);
      } else {
        const name = input.branch.repositoryNameWithOwner ?? "";
        repo = visibleRepo(ctx, name);
        if (!repo) throw repoNotFound(name);
      }
      if (!branch) throw new GqlError("UNPROCESSABLE", "A branch name is required");
      if (repo.archived) throw new GqlError("FORBIDDEN", "Repository was archived so is read-only.");
      const current = repo.git.refs.get(`refs/heads/${branch}`);
      if (!current) throw new GqlError("NOT_FOUND", `A ref named "refs/heads/${branch}" does not exist.`);
      if (current !== input.expectedHeadOid) {
        throw new GqlError(
          "STALE_DATA",
          `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
        );
      }
      const head = repo.git.commit(current)!;
      const files: Record<string, Buffer | null> = {};
      for (const d of input.fileChanges?.deletions ?? []) {
        if (!head.files.has(d.path)) {
          throw new GqlError(
            "UNPROCESSABLE",
            `A path was requested for deletion which does not exist as of commit oid \`${current}\``,
          );
        }
        files[d.path] = null;
      }
      for (const a of input.fileChanges?.additions ?? []) files[a.path] = Buffer.from(a.contents, "base64");
      const message = input.message.body
        ? `${input.message.headline}\n\n${input.message.body}`
        : input.message.headline;
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
    },

    updateRefs: (
      args: {
        input: {
          repositoryId: string;
          refUpdates: Array<{ name: string; afterOid: string; beforeOid?: string | null; force?: boolean | null }>;
          clientMutationId?: string | null;
        };
      },
      ctx: GqlContext,
    ) => {
      const { input } = args;
      const repo = ctx.core.store.repoByNodeId(input.repositoryId);
      if (!repo || !ctx.http.canSee(repo.owner))
        throw new GqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${input.repositoryId}'`);
      if (repo.archived) throw new GqlError("FORBIDDEN", "Repository was archived so is read-only.");
      // Atomic: every update is checked before any ref moves.
      const changes = input.refUpdates.map((update) => {
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
        if (after !== null && !repo.git.get(after))
          throw new GqlError("UNPROCESSABLE", `Object does not exist: ${after}`);
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
      });
      for (const change of changes) setRef(ctx.core, repo, change.name, change.after, ctx.viewer);
      return { clientMutationId: input.clientMutationId ?? null };
    },

    // The same merge as REST's pulls.merge, with the same refusals (branch protection, rulesets, the merge queue).
    mergePullRequest: (
      args: {
        input: {
          pullRequestId: string;
          expectedHeadOid?: string | null;
          mergeMethod: "MERGE" | "SQUASH" | "REBASE";
          commitHeadline?: string | null;
          commitBody?: string | null;
          clientMutationId?: string | null;
        };
      },
      ctx: GqlContext,
    ) => {
      const { input } = args;
      const found = locateIssueByNode(ctx, input.pullRequestId);
      if (!found?.repo.pulls.has(found.number))
        throw new GqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${input.pullRequestId}'`);
      if (found.repo.archived) throw new GqlError("FORBIDDEN", "Repository was archived so is read-only.");
      try {
        mergePull(
          ctx.core,
          found.repo,
          found.number,
          ctx.viewer,
          {
            ...(input.expectedHeadOid ? { sha: input.expectedHeadOid } : {}),
            merge_method: input.mergeMethod.toLowerCase() as "merge" | "squash" | "rebase",
            ...(input.commitHeadline != null ? { commit_title: input.commitHeadline } : {}),
            ...(input.commitBody != null ? { commit_message: input.commitBody } : {}),
          },
          ctx.http.appId,
        );
      } catch (e) {
        mutationError(e);
      }
      return {
        clientMutationId: input.clientMutationId ?? null,
        pullRequest: pullView(ctx.core, found.repo, found.number),
      };
    },

    enqueuePullRequest: (
      args: {
        input: {
          pullRequestId: string;
          expectedHeadOid?: string | null;
          jump?: boolean | null;
          clientMutationId?: string | null;
        };
      },
      ctx: GqlContext,
    ) => {
      const found = locateIssueByNode(ctx, args.input.pullRequestId);
      const pr = found?.repo.pulls.get(found.number);
      if (!found || !pr)
        throw new GqlError(
          "NOT_FOUND",
          `Could not resolve to a node with the global id of '${args.input.pullRequestId}'`,
        );
      let entry: ReturnType<typeof enqueue>;
      try {
        entry = enqueue(ctx.core, found.repo, pr.number, ctx.viewer, args.input.expectedHeadOid ?? null);
      } catch (e) {
        mutationError(e);
      }
      // An entry the queue merged at once is gone from the queue: GitHub still answers with it.
      return {
        clientMutationId: args.input.clientMutationId ?? null,
        mergeQueueEntry: mergeQueueEntryView(ctx.core, found.repo, entry),
      };
    },

    createDiscussion: (
      args: {
        input: { repositoryId: string; categoryId: string; title: string; body: string; clientMutationId?: string };
      },
      ctx: GqlContext,
    ) => {
      const { input } = args;
      const repo = ctx.core.store.repoByNodeId(input.repositoryId);
      if (!repo || !ctx.http.canSee(repo.owner))
        throw new GqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${input.repositoryId}'`);
      const cat = repo.discussionCategories.find((c) => c.id === input.categoryId);
      if (!cat)
        throw new GqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${input.categoryId}'`);
      const id = ctx.core.store.ids.take("discussion");
      const d = {
        id,
        nodeId: nodeId("D", id),
        number: repo.nextNumber++,
        title: input.title,
        body: input.body,
        categoryId: cat.id,
        user: ctx.viewer,
        createdAt: ctx.core.now(),
      };
      repo.discussions.push(d);
      const view = discussionView(ctx.core, repo, d);
      ctx.core.emit("discussion", repo, ctx.viewer, {
        action: "created",
        discussion: {
          id: d.id,
          node_id: d.nodeId,
          number: d.number,
          title: d.title,
          body: d.body,
          html_url: view["url"],
          category: {
            id: cat.id,
            node_id: cat.id,
            name: cat.name,
            slug: cat.slug,
            emoji: cat.emoji,
            description: cat.description,
            is_answerable: cat.isAnswerable,
          },
          user: S.user(ctx.core, ctx.viewer),
          state: "open",
          created_at: d.createdAt,
          updated_at: d.createdAt,
        },
      });
      return { clientMutationId: input.clientMutationId ?? null, discussion: view };
    },

    addComment: (args: { input: { subjectId: string; body: string; clientMutationId?: string } }, ctx: GqlContext) => {
      const found = locateIssueByNode(ctx, args.input.subjectId);
      if (!found)
        throw new GqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${args.input.subjectId}'`);
      const issue = found.repo.issues.get(found.number)!;
      let c: ReturnType<typeof createComment>;
      try {
        c = createComment(ctx.core, found.repo, issue, ctx.viewer, args.input.body);
      } catch (e) {
        mutationError(e);
      }
      return {
        clientMutationId: args.input.clientMutationId ?? null,
        commentEdge: {
          cursor: Buffer.from(`cursor:v2:${c.id}`).toString("base64"),
          node: commentView(ctx.core, found.repo, c, ctx.viewer),
        },
        subject: issue.isPull ? pullView(ctx.core, found.repo, issue.number) : issueView(ctx.core, found.repo, issue),
      };
    },

    updateIssueComment: (args: { input: { id: string; body: string; clientMutationId?: string } }, ctx: GqlContext) => {
      const c = [...ctx.core.store.comments.values()].find((x) => x.nodeId === args.input.id && !x.deleted);
      const repo = c ? ctx.core.store.repo(c.repo) : undefined;
      if (!c || !repo || !ctx.http.canSee(repo.owner))
        throw new GqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${args.input.id}'`);
      try {
        editComment(ctx.core, repo, c, ctx.viewer, args.input.body);
      } catch (e) {
        mutationError(e);
      }
      return {
        clientMutationId: args.input.clientMutationId ?? null,
        issueComment: commentView(ctx.core, repo, c, ctx.viewer),
      };
    },
  };
}
