// The root resolvers: the queries, and the mutations by area.
import { commentMutations } from "./root/comments.js";
import { discussionMutations } from "./root/discussions.js";
import { gitMutations } from "./root/git.js";
import { pullMutations } from "./root/pulls.js";
import { queries } from "./root/queries.js";

export type { GqlContext } from "./context.js";

export function rootValue(): Record<string, unknown> {
  return { ...queries, ...gitMutations, ...pullMutations, ...discussionMutations, ...commentMutations };
}
