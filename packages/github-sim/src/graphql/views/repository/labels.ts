// Repository fields for its milestones and labels.
import type { SimCore } from "../../../core.js";
import type { Milestone, Repo } from "../../../store/types.js";
import { connection, type ConnectionArgs } from "../../connection.js";
import type { View } from "../actors.js";
import { views } from "../table.js";
import type { Order } from "./order.js";

type MilestonesArgs = ConnectionArgs & { states?: string[]; orderBy?: Order; query?: string };

export function labelFields(core: SimCore, repo: Repo): View {
  return {
    milestone: (args: { number: number }) => {
      const m = repo.milestones.get(args.number);
      return m ? views.milestoneView(core, repo, m) : null;
    },
    milestones: (args: MilestonesArgs) =>
      connection(listMilestones(repo, args), args, (m) => views.milestoneView(core, repo, m)),
    label: (args: { name: string }) => {
      const l = repo.labels.get(args.name.toLowerCase());
      return l ? views.labelView(core, repo, l) : null;
    },
    labels: (args: ConnectionArgs & { query?: string; orderBy?: Order }) => {
      const dir = args.orderBy?.direction === "DESC" ? -1 : 1;
      const byCreated = args.orderBy?.field === "CREATED_AT";
      const list = [...repo.labels.values()]
        .filter((l) => !args.query || l.name.toLowerCase().includes(args.query.toLowerCase()))
        .sort((a, b) => (byCreated ? (a.id - b.id) * dir : a.name.toLowerCase() < b.name.toLowerCase() ? -dir : dir));
      return connection(list, args, (l) => views.labelView(core, repo, l));
    },
  };
}

function listMilestones(repo: Repo, args: MilestonesArgs): Milestone[] {
  const dir = args.orderBy?.direction === "DESC" ? -1 : 1;
  const field = args.orderBy?.field ?? "NUMBER";
  return [...repo.milestones.values()]
    .filter(
      (m) =>
        (!args.states?.length || args.states.includes(m.state.toUpperCase())) &&
        (!args.query || m.title.toLowerCase().includes(args.query.toLowerCase())),
    )
    .sort((a, b) => {
      const k = (m: typeof a) =>
        field === "DUE_DATE"
          ? (m.dueOn ?? "9999")
          : field === "CREATED_AT"
            ? m.createdAt
            : field === "UPDATED_AT"
              ? m.updatedAt
              : String(m.number).padStart(9, "0");
      return k(a) === k(b) ? (a.number - b.number) * dir : k(a) < k(b) ? -dir : dir;
    });
}
