import type { RateLimiter } from "../auth.js";
import type { GraphqlBudget } from "../http/context.js";
import type { RequestKind } from "../http/router.js";
import { secondaryLimitBody, type ContentCreationLimits } from "../secondary-limits.js";
import type { Reply } from "./answer.js";
import type { Caller } from "./authenticate.js";

/** GitHub's secondary limit: an installation's content-creating writes over the budget get 403 and retry-after. */
export function contentLimitRefusal(
  limits: ContentCreationLimits,
  kind: RequestKind,
  caller: Caller,
  headers: Record<string, string>,
): Reply | undefined {
  if (kind !== "write" || !caller.auth.installation) return undefined;
  const refused = limits.admit(caller.rateKey);
  if (!refused) return undefined;
  return {
    response: { status: 403, body: secondaryLimitBody(headers["x-github-request-id"]!) },
    headers: { ...headers, "retry-after": String(refused.retryAfterS) },
  };
}

/** The caller's GraphQL points budget, named as GitHub names the payer. */
export function graphqlBudget(rateLimiter: RateLimiter, caller: Caller): GraphqlBudget {
  return {
    payer: caller.auth.installation ? `installation ID ${caller.auth.installation.id}` : "this app",
    charge: (cost) => rateLimiter.take(caller.rateKey, "graphql", cost),
  };
}

/** Charges a REST call to the core rate limit: the headers to answer with, or GitHub's 403 when it is spent. */
export function coreRateLimit(
  rateLimiter: RateLimiter,
  caller: Caller,
  payer: string,
  headers: Record<string, string>,
): { headers: Record<string, string> } | { refused: Reply } {
  const rate = rateLimiter.take(caller.rateKey, "core");
  const withRate = { ...headers, ...rate.headers };
  if (!rate.exceeded) return { headers: withRate };
  return {
    refused: {
      response: {
        status: 403,
        body: {
          message: `API rate limit exceeded for ${payer}.`,
          documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
          status: "403",
        },
      },
      headers: withRate,
    },
  };
}
