// Repository fields for its discussions.
import type { SimCore } from "../../../core.js";
import type { Repo } from "../../../store/types.js";
import { connection, type ConnectionArgs } from "../../connection.js";
import { GqlError } from "../../errors.js";
import type { View } from "../actors.js";
import { views } from "../table.js";
import type { Order } from "./order.js";

export function discussionFields(core: SimCore, repo: Repo): View {
  return {
    discussionCategories: (args: ConnectionArgs) =>
      connection(repo.discussionCategories, args, views.discussionCategoryView),
    discussions: (args: ConnectionArgs & { categoryId?: string; orderBy?: Order }) => {
      // Discussions are never edited here, so CREATED_AT and UPDATED_AT order alike.
      const desc = (args.orderBy?.direction ?? "DESC") === "DESC";
      const list = repo.discussions
        .filter((d) => !args.categoryId || d.categoryId === args.categoryId)
        .sort((a, b) => (desc ? b.number - a.number : a.number - b.number));
      return connection(list, args, (d) => views.discussionView(core, repo, d));
    },
    discussion: (args: { number: number }) => {
      const d = repo.discussions.find((x) => x.number === args.number);
      if (!d) throw new GqlError("NOT_FOUND", `Could not resolve to a Discussion with the number of ${args.number}.`);
      return views.discussionView(core, repo, d);
    },
  };
}
