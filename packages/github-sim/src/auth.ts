import { createPublicKey, verify } from "node:crypto";
import { ApiError } from "./errors.js";
import type { SimStore } from "./store/store.js";
import type { Installation, InstallationToken, SimApp } from "./store/types.js";
import { randomToken } from "./util/ids.js";
import { toGitHubTime } from "./clock.js";

const JWT_MAX_LIFETIME_S = 600;
/** Installation tokens live one hour, measured in real time (the app's token cache runs on real time). */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

function b64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Extracts the credential from an Authorization header ("token X", "Bearer X"). */
export function credential(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
  return m?.[1];
}

/** Verifies an app JWT (RS256, iss = app id) like GitHub; throws 401 ApiErrors with GitHub's messages. */
export function verifyAppJwt(store: SimStore, jwt: string | undefined, nowMs = Date.now()): SimApp {
  const undecodable = new ApiError(401, "A JSON web token could not be decoded");
  if (!jwt) throw undecodable;
  const parts = jwt.split(".");
  if (parts.length !== 3) throw undecodable;
  const [h, p, s] = parts as [string, string, string];
  const header = b64urlJson(h);
  const payload = b64urlJson(p);
  if (!header || !payload || header["alg"] !== "RS256") throw undecodable;
  const app = store.app(Number(payload["iss"]));
  if (!app?.publicKeyPem) throw new ApiError(401, "Integration not found");
  const valid = verify(
    "RSA-SHA256",
    Buffer.from(`${h}.${p}`),
    createPublicKey(app.publicKeyPem),
    Buffer.from(s, "base64url"),
  );
  if (!valid) throw undecodable;
  const now = Math.floor(nowMs / 1000);
  const iat = payload["iat"];
  const exp = payload["exp"];
  if (typeof iat !== "number" || !Number.isInteger(iat) || iat > now + 60) {
    throw new ApiError(
      401,
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    );
  }
  if (typeof exp !== "number" || exp <= now) {
    throw new ApiError(
      401,
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  }
  if (exp - iat > JWT_MAX_LIFETIME_S + 60 || exp > now + JWT_MAX_LIFETIME_S + 60) {
    throw new ApiError(401, "'Expiration time' claim ('exp') is too far in the future");
  }
  return app;
}

export function issueToken(store: SimStore, installation: Installation): InstallationToken {
  const expiresAtMs = Date.now() + TOKEN_LIFETIME_MS;
  const token: InstallationToken = {
    token: randomToken("ghs_"),
    installationId: installation.id,
    expiresAtMs,
    expiresAt: toGitHubTime(expiresAtMs),
  };
  store.tokens.set(token.token, token);
  return token;
}

export function installationForToken(store: SimStore, raw: string | undefined): Installation {
  const bad = new ApiError(401, "Bad credentials");
  if (!raw) throw new ApiError(401, "Requires authentication");
  const t = store.tokens.get(raw);
  if (!t || t.expiresAtMs <= Date.now()) throw bad;
  const inst = store.installations.get(t.installationId);
  if (!inst) throw bad;
  return inst;
}

interface Bucket {
  limit: number;
  used: number;
  resetMs: number;
}

/** Per-credential, per-resource hourly budgets, reported in x-ratelimit-* headers. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    public limit: number,
    /** GitHub's time (the simulated clock): budgets reset an hour after their first request. */
    private readonly now: () => number = Date.now,
  ) {}

  /** Consumes `cost` and returns the headers; `exceeded` when the budget cannot pay it (nothing is taken then). */
  take(key: string, resource: string, cost = 1): { headers: Record<string, string>; exceeded: boolean } {
    const now = this.now();
    const id = `${key}|${resource}`;
    let b = this.buckets.get(id);
    if (!b || b.resetMs <= now) {
      b = { limit: key === "anonymous" ? 60 : this.limit, used: 0, resetMs: now + 3600_000 };
      this.buckets.set(id, b);
    }
    const exceeded = b.used + cost > b.limit;
    if (!exceeded) b.used += cost;
    return {
      exceeded,
      headers: {
        "x-ratelimit-limit": String(b.limit),
        "x-ratelimit-remaining": String(Math.max(0, b.limit - b.used)),
        "x-ratelimit-reset": String(Math.floor(b.resetMs / 1000)),
        "x-ratelimit-used": String(b.used),
        "x-ratelimit-resource": resource,
      },
    };
  }

  /** Test hook: spends the remaining budget of a credential. */
  exhaust(key: string, resource = "core"): void {
    const b = this.buckets.get(`${key}|${resource}`);
    if (b) b.used = b.limit;
    else
      this.buckets.set(`${key}|${resource}`, { limit: this.limit, used: this.limit, resetMs: this.now() + 3600_000 });
  }

  reset(): void {
    this.buckets.clear();
  }
}
