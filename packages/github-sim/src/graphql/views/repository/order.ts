/** A connection's `orderBy` argument. */
export type Order = { field: string; direction: "ASC" | "DESC" } | null | undefined;
