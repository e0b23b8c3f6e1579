// Repository fields for its deployments and releases.
import type { SimCore } from "../../../core.js";
import { latestRelease } from "../../../ops/deployments.js";
import type { Repo } from "../../../store/types.js";
import { connection, type ConnectionArgs } from "../../connection.js";
import type { View } from "../actors.js";
import { views } from "../table.js";
import type { Order } from "./order.js";

export function releaseFields(core: SimCore, repo: Repo): View {
  return {
    deployments: (args: ConnectionArgs & { environments?: string[]; orderBy?: Order }) => {
      // CREATED_AT is the only order field; ids break ties within the same second.
      const dir = args.orderBy?.direction === "DESC" ? -1 : 1;
      const list = repo.deployments
        .filter((d) => !args.environments?.length || args.environments.includes(d.environment))
        .sort((a, b) => (a.createdAt === b.createdAt ? (a.id - b.id) * dir : a.createdAt < b.createdAt ? -dir : dir));
      return connection(list, args, (d) => views.deploymentView(core, repo, d));
    },
    releases: (args: ConnectionArgs & { orderBy?: Order }) => {
      const dir = args.orderBy?.direction === "ASC" ? 1 : -1;
      const byName = args.orderBy?.field === "NAME";
      const list = [...repo.releases].sort((a, b) => {
        const ka = byName ? (a.name ?? a.tagName) : a.createdAt;
        const kb = byName ? (b.name ?? b.tagName) : b.createdAt;
        return ka === kb ? (a.id - b.id) * dir : ka < kb ? -dir : dir;
      });
      return connection(list, args, (r) => views.releaseView(core, repo, r));
    },
    release: (args: { tagName: string }) => {
      const r = repo.releases.find((x) => x.tagName === args.tagName);
      return r ? views.releaseView(core, repo, r) : null;
    },
    latestRelease: () => {
      const r = latestRelease(repo);
      return r ? views.releaseView(core, repo, r) : null;
    },
  };
}
