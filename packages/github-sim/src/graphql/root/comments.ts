// Mutations on issue and pull request comments: addComment and updateIssueComment.
import { createComment, editComment } from "../../ops/issues.js";
import type { GqlContext } from "../context.js";
import { mutationError } from "../errors.js";
import { commentView, issueView, pullView } from "../views/index.js";
import { locateIssueByNode, nodeNotFound } from "./lookup.js";

function addComment(args: { input: { subjectId: string; body: string; clientMutationId?: string } }, ctx: GqlContext) {
  const found = locateIssueByNode(ctx, args.input.subjectId);
  if (!found) throw nodeNotFound(args.input.subjectId);
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
}

function updateIssueComment(args: { input: { id: string; body: string; clientMutationId?: string } }, ctx: GqlContext) {
  const c = [...ctx.core.store.comments.values()].find((x) => x.nodeId === args.input.id && !x.deleted);
  const repo = c ? ctx.core.store.repo(c.repo) : undefined;
  if (!c || !repo || !ctx.http.canSee(repo.owner)) throw nodeNotFound(args.input.id);
  try {
    editComment(ctx.core, repo, c, ctx.viewer, args.input.body);
  } catch (e) {
    mutationError(e);
  }
  return {
    clientMutationId: args.input.clientMutationId ?? null,
    issueComment: commentView(ctx.core, repo, c, ctx.viewer),
  };
}

export const commentMutations = { addComment, updateIssueComment };
