// Reads and checks the production configuration from environment variables. Errors
// name the variable and what is wrong with it, never the value of a key or secret.
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ProductionConfig {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  baseUrl: string;
  port: number;
  host: string;
  logLevel: LogLevel;
  redisUrl: string | undefined;
  orchestrationRepo: string;
  resyncMinutes: number;
  /** How long SIGTERM waits for running reconciles before exiting anyway. */
  shutdownTimeoutMs: number;
  /** With Redis: how long a train's lock outlives a replica that stopped renewing it. */
  leaseMs: number;
}

export type EnvResult = { ok: true; config: ProductionConfig } | { ok: false; error: string };

type Env = Record<string, string | undefined>;

class EnvError extends Error {}

const set = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

function positiveInt(env: Env, name: string, fallback?: number): number {
  const raw = set(env, name);
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new EnvError(`${name} is required`);
  }
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0)
    throw new EnvError(`${name} must be a positive integer (got "${raw}")`);
  return n;
}

/** PEM as given, with `\n` escapes (one-line env files), or base64 of the PEM. */
function decodeKey(raw: string): string {
  if (raw.includes("-----BEGIN")) return raw.replace(/\\n/g, "\n");
  const decoded = Buffer.from(raw, "base64").toString("utf8");
  return decoded.includes("-----BEGIN") ? decoded : raw;
}

function privateKey(env: Env): string {
  const inline = set(env, "PRIVATE_KEY") ? env.PRIVATE_KEY : undefined; // untrimmed: the PEM as given
  const path = set(env, "PRIVATE_KEY_PATH");
  let pem: string;
  let name: string;
  if (inline) {
    pem = decodeKey(inline);
    name = "PRIVATE_KEY";
  } else if (path) {
    try {
      pem = readFileSync(path, "utf8");
    } catch (error) {
      throw new EnvError(`PRIVATE_KEY_PATH: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    name = "PRIVATE_KEY_PATH";
  } else {
    throw new EnvError("PRIVATE_KEY or PRIVATE_KEY_PATH is required (the app's private key, PEM)");
  }
  try {
    createPrivateKey(pem);
  } catch {
    throw new EnvError(`${name} is not a valid PEM private key`);
  }
  return pem;
}

function baseUrl(env: Env): string {
  const explicit = set(env, "GITHUB_API_URL");
  const ghe = set(env, "GHE_HOST");
  const url = explicit ?? (ghe ? `${set(env, "GHE_PROTOCOL") ?? "https"}://${ghe}/api/v3` : "https://api.github.com");
  const name = explicit ? "GITHUB_API_URL" : "GHE_HOST";
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error();
  } catch {
    throw new EnvError(`${name} does not give a valid http(s) URL (got "${url}")`);
  }
  return url.replace(/\/+$/, "");
}

function redisUrl(env: Env): string | undefined {
  const raw = set(env, "REDIS_URL");
  if (!raw) return undefined;
  let protocol = "";
  try {
    protocol = new URL(raw).protocol;
  } catch {
    // reported below without the value: it may carry a password
  }
  if (protocol !== "redis:" && protocol !== "rediss:")
    throw new EnvError("REDIS_URL must be a redis:// or rediss:// URL");
  return raw;
}

function orchestrationRepo(env: Env): string {
  const name = set(env, "RELEASE_TRAIN_REPO") ?? "release-train";
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw new EnvError(`RELEASE_TRAIN_REPO must be a repository name without owner (got "${name}")`);
  return name;
}

const resyncMinutes = (env: Env): number => positiveInt(env, "RESYNC_MINUTES", 10);

/** Runs `read`, turning a problem with a variable into an error result. */
function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof EnvError) return { ok: false, error: error.message };
    throw error;
  }
}

export function readEnv(env: Env): EnvResult {
  const read = attempt((): ProductionConfig => {
    const appId = positiveInt(env, "APP_ID");
    const key = privateKey(env);
    const webhookSecret = set(env, "WEBHOOK_SECRET");
    if (!webhookSecret) throw new EnvError("WEBHOOK_SECRET is required (the secret set on the app's webhook)");
    const logLevel = (set(env, "LOG_LEVEL") ?? "info").toLowerCase();
    if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
      throw new EnvError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${logLevel}")`);
    const port = positiveInt(env, "PORT", 3000);
    if (port > 65_535) throw new EnvError(`PORT must be at most 65535 (got "${port}")`);
    // Renewed every third of it: shorter than 5 s leaves too little room for a slow Redis;
    // longer than 10 minutes keeps a crashed replica's trains waiting too long.
    const leaseSeconds = positiveInt(env, "LEASE_SECONDS", 30);
    if (leaseSeconds < 5 || leaseSeconds > 600)
      throw new EnvError(`LEASE_SECONDS must be between 5 and 600 (got "${leaseSeconds}")`);
    const orchestration = orchestrationRepo(env);
    return {
      appId,
      privateKey: key,
      webhookSecret,
      baseUrl: baseUrl(env),
      port,
      host: set(env, "HOST") ?? "0.0.0.0",
      logLevel: logLevel as LogLevel,
      redisUrl: redisUrl(env),
      orchestrationRepo: orchestration,
      resyncMinutes: resyncMinutes(env),
      shutdownTimeoutMs: positiveInt(env, "SHUTDOWN_TIMEOUT_SECONDS", 25) * 1000,
      leaseMs: leaseSeconds * 1000,
    };
  });
  return read.ok ? { ok: true, config: read.value } : read;
}

/**
 * The app's own settings from the environment, for hosts that give it no other way
 * (`probot run ./dist/index.js`): checked as readEnv checks them, with the same defaults.
 */
export interface AppEnv {
  orchestrationRepo: string;
  resyncMinutes: number;
  redisUrl: string | undefined;
}

export type AppEnvResult = { ok: true; settings: AppEnv } | { ok: false; error: string };

export function readAppEnv(env: Env): AppEnvResult {
  const read = attempt(() => ({
    orchestrationRepo: orchestrationRepo(env),
    resyncMinutes: resyncMinutes(env),
    redisUrl: redisUrl(env),
  }));
  return read.ok ? { ok: true, settings: read.value } : read;
}
