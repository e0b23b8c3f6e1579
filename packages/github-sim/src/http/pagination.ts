import type { RouteContext } from "./context.js";

/** Applies GitHub's `per_page` (default 30, max 100) / `page` pagination and builds the Link header. */
export function paginate<T>(ctx: RouteContext, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPageRaw = Number(ctx.query.get("per_page") ?? 30);
  const perPage = Math.min(
    100,
    Math.max(1, Number.isFinite(perPageRaw) && perPageRaw > 0 ? Math.floor(perPageRaw) : 30),
  );
  const pageRaw = Number(ctx.query.get("page") ?? 1);
  const page = Math.max(1, Number.isFinite(pageRaw) ? Math.floor(pageRaw) : 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => {
    const u = new URL(ctx.url.toString());
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), "prev"));
  if (page < lastPage) links.push(link(page + 1, "next"));
  if (page < lastPage) links.push(link(lastPage, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items: slice, headers: links.length ? { link: links.join(", ") } : {} };
}

/** Sort helper for `sort`/`direction` query params. */
export function direction(ctx: RouteContext, fallback: "asc" | "desc"): 1 | -1 {
  const d = ctx.query.get("direction") ?? fallback;
  return d === "asc" ? 1 : -1;
}
