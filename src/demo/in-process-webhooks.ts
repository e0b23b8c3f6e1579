// Webhooks handed to the app's server without a socket: each delivery goes through the
// server's own request listener (signature check, ops routes, the acknowledgement), only
// the loopback connection is left out. A closed server refuses it as a closed port would.
import { inject } from "light-my-request";
import type { RunningAppServer } from "../server.js";

/** Statuses whose response has no body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/** What undici's fetch throws when nothing listens on the port any more. */
function refused(url: string): TypeError {
  const cause = Object.assign(new Error(`connect ECONNREFUSED ${new URL(url).host}`), { code: "ECONNREFUSED" });
  return new TypeError("fetch failed", { cause });
}

/** A `fetch` for the simulator's webhook deliveries to `server` (give it to setWebhookTarget). */
export function serverFetch(server: () => RunningAppServer): typeof globalThis.fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const target = server();
    if (!target.isListening()) throw refused(url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const { pathname, search } = new URL(url);
    const answer = await inject(target.handle, {
      method: (init?.method ?? "GET").toUpperCase() as "POST",
      url: `${pathname}${search}`,
      headers,
      payload: typeof init?.body === "string" ? init.body : "",
      ...(init?.signal ? { signal: init.signal } : {}),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers))
      if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : String(value));
    const body = NO_BODY.has(answer.statusCode) ? null : answer.rawPayload;
    return new Response(body, { status: answer.statusCode, headers: responseHeaders });
  };
}
