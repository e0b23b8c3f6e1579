import type { SimCore } from "../../core.js";
import { validationFailed } from "../../errors.js";
import type { Reaction, ReactionContent } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";

export const REACTIONS: ReactionContent[] = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];

/** Adds a reaction; returns it and whether it was newly created (GitHub answers 200 for an existing one). */
export function addReaction(
  core: SimCore,
  list: Reaction[],
  actor: string,
  content: string,
): { reaction: Reaction; created: boolean } {
  if (!REACTIONS.includes(content as ReactionContent)) {
    throw validationFailed([{ resource: "Reaction", code: "invalid", field: "content" }]);
  }
  const existing = list.find((r) => r.user.toLowerCase() === actor.toLowerCase() && r.content === content);
  if (existing) return { reaction: existing, created: false };
  const id = core.store.ids.take("reaction");
  const reaction: Reaction = {
    id,
    nodeId: nodeId("REA", id),
    user: actor,
    content: content as ReactionContent,
    createdAt: core.now(),
  };
  list.push(reaction);
  return { reaction, created: true };
}
