// The webhook endpoint: Probot's middleware (signature check, then the app's handlers),
// logging one line per failed delivery. Probot's error handler logs each delivery whose
// signature or handler failed; the @octokit/webhooks middleware under it reports those
// same failures again, and alone the ones Probot's handler never sees (a signed body
// that is not JSON, a request that broke off). So the middleware's report is logged
// only for the failures Probot's handler did not log.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { ApplicationFunction, Probot } from "probot";

export type WebhookMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => Promise<boolean>;

export async function createWebhookMiddleware(
  probot: Probot,
  appFn: ApplicationFunction,
  path: string,
): Promise<WebhookMiddleware> {
  await probot.load(appFn);
  // Error handlers run before the failed delivery's promise rejects, so the set is filled first.
  const loggedByProbot = new WeakSet<object>();
  probot.onError((error) => void loggedByProbot.add(error));
  const log: Logger = probot.log.child({});
  log.error = ((error: unknown) => {
    if (typeof error === "object" && error !== null && loggedByProbot.has(error)) return;
    probot.log.warn({ err: error }, "webhook delivery rejected");
  }) as Logger["error"];
  const webhooks = await probot.getNodeMiddleware({ path, log });
  return async (req, res, next) => {
    try {
      return await webhooks(req, res, next);
    } catch (error) {
      probot.log.error({ err: error }, "webhook request failed");
      if (!res.headersSent) res.writeHead(500).end();
      return true;
    }
  };
}
