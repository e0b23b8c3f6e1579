import type { SimCore } from "../../core.js";
import type { Label, Repo } from "../../store/types.js";
import { connection, type ConnectionArgs } from "../connection.js";
import type { View } from "./actors.js";

export function labelView(core: SimCore, repo: Repo, l: Label): View {
  return {
    __typename: "Label",
    id: l.nodeId,
    name: l.name,
    color: l.color,
    description: l.description,
    isDefault: l.default,
    url: `${core.urls.html}/${repo.fullName}/labels/${encodeURIComponent(l.name)}`,
    createdAt: l.createdAt,
  };
}

export function labelsOf(core: SimCore, repo: Repo, names: string[]) {
  return (args: ConnectionArgs) =>
    connection(
      names.map((n) => repo.labels.get(n.toLowerCase())).filter((l): l is Label => !!l),
      args,
      (l) => labelView(core, repo, l),
    );
}
