import type { Exchange } from "../http/exchange.js";
import type { Reply } from "./answer.js";

export interface RequestBody {
  /** The body as received. */
  raw: Buffer;
  /** The body parsed as JSON (undefined when empty, a raw upload, or a GET's unparsable body). */
  json: unknown;
}

/** GitHub's 400 for a body that is not JSON. */
export const BAD_JSON: Reply = {
  response: {
    status: 400,
    body: { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/rest", status: "400" },
  },
  headers: {},
};

/** Reads the request's body; undefined when a body other than a GET's is not JSON. */
export async function readBody(exchange: Exchange, url: URL): Promise<RequestBody | undefined> {
  const raw = await exchange.body();
  // Release assets are uploaded raw (GitHub's uploads host); everything else is JSON.
  const rawUpload =
    exchange.method === "POST" && /^\/repos\/[^/]+\/[^/]+\/releases\/\d+\/assets\/?$/.test(url.pathname);
  if (!raw.length || rawUpload) return { raw, json: undefined };
  try {
    return { raw, json: JSON.parse(raw.toString("utf8")) };
  } catch {
    return exchange.method === "GET" ? { raw, json: undefined } : undefined;
  }
}
