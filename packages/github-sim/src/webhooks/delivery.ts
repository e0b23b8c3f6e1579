// A webhook delivery: what waits in the queue, what a test's filter decides about it, and
// the headers it is POSTed with, signed like GitHub signs them.
import { createHmac } from "node:crypto";

/** A webhook waiting in the delivery queue. */
export interface PendingDelivery {
  id: string;
  event: string;
  action: string | null;
  payload: Record<string, unknown>;
  /** The exact body sent (kept so redeliveries are byte-identical). */
  body: string;
  /** Set on redeliveries. */
  redeliveryOf?: string;
}

export type WebhookFilterResult = "deliver" | "drop" | "duplicate";
export type WebhookFilter = (delivery: PendingDelivery) => WebhookFilterResult;

/** GitHub's delivery headers; with a secret, the body's HMAC signatures (SHA-256 and the legacy SHA-1). */
export function deliveryHeaders(
  item: PendingDelivery,
  secret: string | undefined,
  hook: { hookId: number; appId: number },
): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/sim",
    "x-github-event": item.event,
    "x-github-delivery": item.id,
    "x-github-hook-id": String(hook.hookId),
    "x-github-hook-installation-target-id": String(hook.appId),
    "x-github-hook-installation-target-type": "integration",
  };
  if (secret) {
    headers["x-hub-signature-256"] = `sha256=${createHmac("sha256", secret).update(item.body).digest("hex")}`;
    headers["x-hub-signature"] = `sha1=${createHmac("sha1", secret).update(item.body).digest("hex")}`;
  }
  return headers;
}
