import { randomBytes } from "node:crypto";
import type { SimResponse } from "../http/context.js";
import type { Exchange } from "../http/exchange.js";
import type { Trace } from "./trace.js";

/** A response and the headers it goes out with. */
export interface Reply {
  response: SimResponse;
  headers: Record<string, string>;
}

export function requestId(): string {
  const h = randomBytes(10).toString("hex").toUpperCase();
  return `${h.slice(0, 4)}:${h.slice(4, 9)}:${h.slice(9, 15)}:${h.slice(15, 20)}:SIM`;
}

/** Writes a response as GitHub does: its media-type headers, a JSON or raw payload, none for HEAD. */
export function send(exchange: Exchange, method: string, r: SimResponse, base: Record<string, string>): void {
  const headers: Record<string, string> = {
    "x-github-media-type": "github.v3; format=json",
    "x-github-api-version-selected": "2022-11-28",
    ...base,
    ...(r.headers ?? {}),
  };
  let payload: Buffer | string = "";
  if (r.raw !== undefined) {
    payload = r.raw;
    headers["content-type"] = r.contentType ?? "application/octet-stream";
  } else if (r.body !== undefined && r.status !== 204) {
    payload = JSON.stringify(r.body);
    headers["content-type"] = "application/json; charset=utf-8";
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  exchange.answer(r.status, headers, method === "HEAD" ? undefined : payload);
}

/** Answers the request with `r`, recording its status. */
export function reply(exchange: Exchange, trace: Trace, r: Reply): void {
  trace.status = r.response.status;
  send(exchange, trace.method, r.response, r.headers);
}
