// Whether a request to GitHub reads or writes: the metrics count by it, the write guard
// and the client's retries act only on writes.
export type RequestKind = "read" | "write" | "auth";

/** GitHub's own distinction: GET/HEAD and GraphQL queries read, everything else writes; installation tokens are "auth". */
export function requestKind(options: { method?: string; url?: string; query?: unknown }): RequestKind {
  const method = (options.method ?? "GET").toUpperCase();
  if (/\/graphql$/.test(options.url ?? "")) {
    const query = typeof options.query === "string" ? options.query.replace(/^\s*#.*$/gm, "") : "";
    return /^\s*mutation\b/.test(query) ? "write" : "read";
  }
  // Creating an installation token is authentication, not a content write.
  if (method === "POST" && /\/app\/installations\/[^/]+\/access_tokens$/.test(options.url ?? "")) return "auth";
  return method === "GET" || method === "HEAD" ? "read" : "write";
}
