import type { SimCore } from "../../core.js";
import type { IssueComment, Reaction, Repo } from "../../store/types.js";
import type { View } from "./actors.js";
import { views } from "./table.js";

export function commentView(core: SimCore, repo: Repo, c: IssueComment, viewer?: string): View {
  const issue = repo.issues.get(c.issueNumber);
  return {
    __typename: "IssueComment",
    id: c.nodeId,
    databaseId: c.id,
    body: c.body,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    lastEditedAt: c.lastEditedAt,
    url: `${core.urls.html}/${repo.fullName}/${issue?.isPull ? "pull" : "issues"}/${c.issueNumber}#issuecomment-${c.id}`,
    resourcePath: `/${repo.fullName}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    author: () => views.actorView(core, c.user),
    editor: () => views.actorView(core, c.lastEditedBy),
    viewerDidAuthor: viewer !== undefined && viewer.toLowerCase() === c.user.toLowerCase(),
    isMinimized: false,
    issue: () => (issue ? views.issueView(core, repo, issue) : null),
    reactionGroups: () => reactionGroups(c.reactions, viewer),
  };
}

/** GraphQL's names for REST's reaction contents, in GitHub's order. */
const REACTION_CONTENTS = {
  "+1": "THUMBS_UP",
  "-1": "THUMBS_DOWN",
  laugh: "LAUGH",
  hooray: "HOORAY",
  confused: "CONFUSED",
  heart: "HEART",
  rocket: "ROCKET",
  eyes: "EYES",
} as const;

/** Like GitHub: one group per content, also for contents nobody reacted with. */
function reactionGroups(reactions: readonly Reaction[], viewer?: string): View[] {
  return Object.entries(REACTION_CONTENTS).map(([rest, content]) => {
    const mine = reactions.filter((r) => r.content === rest);
    return {
      __typename: "ReactionGroup",
      content,
      createdAt: mine[0]?.createdAt ?? null,
      viewerHasReacted: viewer !== undefined && mine.some((r) => r.user.toLowerCase() === viewer.toLowerCase()),
    };
  });
}
