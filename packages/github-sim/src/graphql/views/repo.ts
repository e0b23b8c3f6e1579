import type { SimCore } from "../../core.js";
import type { Repo } from "../../store/types.js";
import type { View } from "./actors.js";
import { discussionFields } from "./repository/discussions.js";
import { issueFields } from "./repository/issues.js";
import { labelFields } from "./repository/labels.js";
import { refFields } from "./repository/refs.js";
import { releaseFields } from "./repository/releases.js";
import { views } from "./table.js";

export function repoView(core: SimCore, repo: Repo): View {
  return {
    __typename: "Repository",
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    owner: () => views.actorView(core, repo.owner),
    description: repo.description,
    url: `${core.urls.html}/${repo.fullName}`,
    resourcePath: `/${repo.fullName}`,
    isArchived: repo.archived,
    isPrivate: repo.private,
    createdAt: repo.createdAt,
    updatedAt: repo.updatedAt,
    pushedAt: repo.pushedAt,
    ...refFields(core, repo),
    ...issueFields(core, repo),
    ...releaseFields(core, repo),
    ...labelFields(core, repo),
    ...discussionFields(core, repo),
  };
}
