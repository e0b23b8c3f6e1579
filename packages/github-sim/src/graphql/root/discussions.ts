// The createDiscussion mutation, with its `discussion` webhook.
import * as S from "../../serialize/index.js";
import type { Discussion, DiscussionCategory } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import type { GqlContext } from "../context.js";
import { discussionView } from "../views/index.js";
import { nodeNotFound, visibleRepoByNodeId } from "./lookup.js";

interface CreateDiscussionInput {
  repositoryId: string;
  categoryId: string;
  title: string;
  body: string;
  clientMutationId?: string;
}

function createDiscussion(args: { input: CreateDiscussionInput }, ctx: GqlContext) {
  const { input } = args;
  const repo = visibleRepoByNodeId(ctx, input.repositoryId);
  const cat = repo.discussionCategories.find((c) => c.id === input.categoryId);
  if (!cat) throw nodeNotFound(input.categoryId);
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
    discussion: discussionPayload(ctx, d, cat, view["url"]),
  });
  return { clientMutationId: input.clientMutationId ?? null, discussion: view };
}

/** The webhook's `discussion`, as REST shows it. */
function discussionPayload(ctx: GqlContext, d: Discussion, cat: DiscussionCategory, url: unknown) {
  return {
    id: d.id,
    node_id: d.nodeId,
    number: d.number,
    title: d.title,
    body: d.body,
    html_url: url,
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
  };
}

export const discussionMutations = { createDiscussion };
