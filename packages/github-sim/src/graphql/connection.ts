import { GqlError } from "./errors.js";

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function decodeCursor(cursor: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!m) throw new GqlError("INVALID_CURSOR_ARGUMENTS", `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
}

/** Relay connection over an in-memory list (cursors are positions in the full list). */
export function connection<T, V>(items: T[], args: ConnectionArgs, view: (item: T) => V) {
  let start = 0;
  let end = items.length;
  if (args.after) start = Math.max(start, decodeCursor(args.after) + 1);
  if (args.before) end = Math.min(end, decodeCursor(args.before));
  if (end < start) end = start;
  if (typeof args.first === "number") end = Math.min(end, start + args.first);
  if (typeof args.last === "number") start = Math.max(start, end - args.last);
  const page = items.slice(start, end).map((item, i) => ({ index: start + i, item }));
  const nodes = page.map((p) => view(p.item));
  return {
    totalCount: items.length,
    nodes,
    edges: page.map((p, i) => ({ cursor: encodeCursor(p.index), node: nodes[i] })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? encodeCursor(page[0]!.index) : null,
      endCursor: page.length ? encodeCursor(page[page.length - 1]!.index) : null,
    },
  };
}
