import type { SimCore } from "../../core.js";
import type { Issue, Repo, TimelineEvent } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { connection, type ConnectionArgs } from "../connection.js";
import type { View } from "./actors.js";
import { views } from "./table.js";

const ITEM_TYPES: Record<TimelineEvent["type"], string> = {
  LabeledEvent: "LABELED_EVENT",
  UnlabeledEvent: "UNLABELED_EVENT",
  ClosedEvent: "CLOSED_EVENT",
  ReopenedEvent: "REOPENED_EVENT",
};

function eventView(core: SimCore, repo: Repo, i: Issue, e: TimelineEvent): View {
  const label = e.label
    ? (repo.labels.get(e.label.toLowerCase()) ?? {
        id: 0,
        nodeId: nodeId("LA", e.label),
        name: e.label,
        color: "ededed",
        description: null,
        default: false,
        createdAt: e.createdAt,
      })
    : null;
  return {
    __typename: e.type,
    id: e.nodeId,
    actor: () => views.actorView(core, e.actor),
    createdAt: e.createdAt,
    label: label ? () => views.labelView(core, repo, label) : null,
    stateReason: e.stateReason ? e.stateReason.toUpperCase() : null,
    url: `${core.urls.html}/${repo.fullName}/${i.isPull ? "pull" : "issues"}/${i.number}#event-${e.id}`,
  };
}

/**
 * GitHub's timeline: oldest first, optionally only some kinds of item, from `since` on,
 * after skipping `skip`. A pull request's also holds its merge-queue removals.
 */
export function timelineOf(core: SimCore, repo: Repo, i: Issue) {
  return (args: ConnectionArgs & { itemTypes?: string[]; since?: string; skip?: number }) => {
    const events = i.timeline.map((e) => ({
      type: ITEM_TYPES[e.type],
      at: e.createdAt,
      view: () => eventView(core, repo, i, e),
    }));
    const removals = i.isPull
      ? repo.protection.removals
          .filter((r) => r.pullNumber === i.number)
          .map((r) => ({
            type: "REMOVED_FROM_MERGE_QUEUE_EVENT",
            at: r.at,
            view: () => views.removedFromQueueView(core, repo, r),
          }))
      : [];
    const since = args.since ? Date.parse(args.since) : null;
    const all = [...events, ...removals]
      .filter((e) => since === null || Date.parse(e.at) >= since)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const items = all.filter((e) => !args.itemTypes?.length || args.itemTypes.includes(e.type)).slice(args.skip ?? 0);
    return {
      ...connection(items, args, (e) => e.view()),
      filteredCount: items.length,
      totalCount: all.length,
      pageCount: items.length,
      updatedAt: i.updatedAt,
    };
  };
}
