import { credential, installationForToken, verifyAppJwt, type RateLimiter } from "../auth.js";
import type { SimCore } from "../core.js";
import { ApiError } from "../errors.js";
import type { AuthInfo } from "../http/context.js";
import type { AuthMode } from "../http/router.js";
import type { Reply } from "./answer.js";

/** Who is calling, and the rate-limit budget they spend. */
export interface Caller {
  auth: AuthInfo;
  rateKey: string;
}

/**
 * Checks the credentials the route asks for (an app's JWT or an installation token), or
 * answers 401 with the anonymous rate-limit headers.
 */
export function authenticate(
  core: SimCore,
  rateLimiter: RateLimiter,
  mode: AuthMode,
  authorization: string | undefined,
  headers: Record<string, string>,
): { caller: Caller } | { refused: Reply } {
  try {
    return { caller: callerFor(core, mode, authorization) };
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(401, "Bad credentials");
    const anon = rateLimiter.take("anonymous", "core", 0);
    return {
      refused: { response: { status: err.status, body: err.body() }, headers: { ...headers, ...anon.headers } },
    };
  }
}

function callerFor(core: SimCore, mode: AuthMode, authorization: string | undefined): Caller {
  const auth: AuthInfo = {};
  let rateKey = "anonymous";
  const cred = credential(authorization);
  if (mode === "jwt") {
    auth.app = verifyAppJwt(core.store, cred);
    rateKey = `app:${auth.app.id}`;
  } else if (mode === "installation") {
    if (!cred) throw new ApiError(401, "Requires authentication");
    auth.installation = installationForToken(core.store, cred);
    auth.token = cred;
    rateKey = `installation:${auth.installation.id}`;
  }
  return { auth, rateKey };
}
