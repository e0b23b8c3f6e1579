// The production entry: configuration from the environment (clear errors, never the
// key or secret), and the real process against the simulated GitHub — it finds the
// trains already open, answers its probes, and on SIGTERM finishes the running
// reconcile before it exits.
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ORCHESTRATION_REPO } from "../../src/demo/constellation.js";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { readEnv, type ProductionConfig } from "../../src/ops/env.js";
import { appOptions } from "../../src/production.js";
import { freePort } from "../helpers/ports.js";

const { privateKey: KEY } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const BASE = { APP_ID: "4242", PRIVATE_KEY: KEY, WEBHOOK_SECRET: "whsec-do-not-print" };

describe("readEnv", () => {
  it("reads a complete configuration with production defaults", () => {
    const result = readEnv({ ...BASE, RESYNC_MINUTES: "5", REDIS_URL: "redis://:pw@redis:6379/0" });
    expect(result).toEqual({
      ok: true,
      config: {
        appId: 4242,
        privateKey: KEY,
        webhookSecret: "whsec-do-not-print",
        baseUrl: "https://api.github.com",
        port: 3000,
        host: "0.0.0.0",
        logLevel: "info",
        redisUrl: "redis://:pw@redis:6379/0",
        orchestrationRepo: "release-train",
        resyncMinutes: 5,
        shutdownTimeoutMs: 25_000,
        leaseMs: 30_000,
      },
    });
  });

  it("accepts the key with \\n escapes, base64-encoded, or from PRIVATE_KEY_PATH", () => {
    const escaped = readEnv({ ...BASE, PRIVATE_KEY: KEY.replace(/\n/g, "\\n") });
    expect(escaped.ok && escaped.config.privateKey).toBe(KEY);
    const b64 = readEnv({ ...BASE, PRIVATE_KEY: Buffer.from(KEY).toString("base64") });
    expect(b64.ok && b64.config.privateKey).toBe(KEY);
    const dir = mkdtempSync(join(tmpdir(), "rt-key-"));
    writeFileSync(join(dir, "app.pem"), KEY);
    const fromFile = readEnv({ APP_ID: "1", WEBHOOK_SECRET: "s", PRIVATE_KEY_PATH: join(dir, "app.pem") });
    expect(fromFile.ok && fromFile.config.privateKey).toBe(KEY);
  });

  it("GitHub Enterprise Server: GHE_HOST or GITHUB_API_URL gives the REST base URL", () => {
    const ghe = readEnv({ ...BASE, GHE_HOST: "github.example.com" });
    expect(ghe.ok && ghe.config.baseUrl).toBe("https://github.example.com/api/v3");
    const explicit = readEnv({ ...BASE, GITHUB_API_URL: "http://127.0.0.1:8080/" });
    expect(explicit.ok && explicit.config.baseUrl).toBe("http://127.0.0.1:8080");
  });

  it.each([
    [{ ...BASE, APP_ID: undefined }, "APP_ID is required"],
    [{ ...BASE, APP_ID: "12abc" }, 'APP_ID must be a positive integer (got "12abc")'],
    [{ ...BASE, PRIVATE_KEY: undefined }, "PRIVATE_KEY or PRIVATE_KEY_PATH is required (the app's private key, PEM)"],
    [
      { ...BASE, PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nnot really\n-----END RSA PRIVATE KEY-----" },
      "PRIVATE_KEY is not a valid PEM private key",
    ],
    [
      { ...BASE, PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: "/nonexistent/app.pem" },
      "PRIVATE_KEY_PATH: cannot read /nonexistent/app.pem (ENOENT)",
    ],
    [{ ...BASE, WEBHOOK_SECRET: "  " }, "WEBHOOK_SECRET is required (the secret set on the app's webhook)"],
    [{ ...BASE, PORT: "99999" }, 'PORT must be at most 65535 (got "99999")'],
    [
      { ...BASE, LOG_LEVEL: "verbose" },
      'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal (got "verbose")',
    ],
    [{ ...BASE, REDIS_URL: "http://:hunter2@redis" }, "REDIS_URL must be a redis:// or rediss:// URL"],
    [
      { ...BASE, RELEASE_TRAIN_REPO: "acme/release-train" },
      'RELEASE_TRAIN_REPO must be a repository name without owner (got "acme/release-train")',
    ],
    [{ ...BASE, RESYNC_MINUTES: "0" }, 'RESYNC_MINUTES must be a positive integer (got "0")'],
    [{ ...BASE, LEASE_SECONDS: "2" }, 'LEASE_SECONDS must be between 5 and 600 (got "2")'],
    [{ ...BASE, LEASE_SECONDS: "30s" }, 'LEASE_SECONDS must be a positive integer (got "30s")'],
    [{ ...BASE, GITHUB_API_URL: "ftp://ghe" }, 'GITHUB_API_URL does not give a valid http(s) URL (got "ftp://ghe")'],
  ])("names the variable: %#", (env, message) => {
    expect(readEnv(env)).toEqual({ ok: false, error: message });
  });
});

describe("appOptions", () => {
  it("hands the environment's settings to the app: repository, resync interval, lease", () => {
    const parsed = readEnv({ ...BASE, RELEASE_TRAIN_REPO: "trains", RESYNC_MINUTES: "3", LEASE_SECONDS: "7" });
    expect(parsed.ok).toBe(true);
    const config = (parsed as { config: ProductionConfig }).config;
    expect(appOptions(config, undefined)).toEqual({
      orchestrationRepo: "trains",
      resyncMs: 180_000,
      redis: undefined,
      lease: { leaseMs: 7_000 },
    });
  });
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
  /** Resolves when the process has logged a line with this message; rejects if it exits first. */
  logged: (msg: string) => Promise<void>;
}

function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString("utf8")));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const hasLine = (msg: string) => out.split("\n").some((line) => line.includes(`"msg":${JSON.stringify(msg)}`));
  const logged = (msg: string) =>
    new Promise<void>((resolve, reject) => {
      const look = () => {
        if (!hasLine(msg)) return;
        child.stdout!.off("data", look);
        resolve();
      };
      child.stdout!.on("data", look);
      look();
      void exit.then((code) =>
        reject(new Error(`the process exited (${code}) before logging "${msg}":\n${out}${err}`)),
      );
    });
  return { child, stdout: () => out, stderr: () => err, exit, logged };
}

let world: DemoWorld | undefined;
let run: Run | undefined;
afterEach(async () => {
  if (run && run.child.exitCode === null) run.child.kill("SIGKILL");
  run = undefined;
  await world?.close();
  world = undefined;
});

describe("the production process", () => {
  it("exits 1 with one line naming the missing variable, and never prints the key", async () => {
    run = runMain({ APP_ID: "4242", PRIVATE_KEY: KEY });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toBe("release-train: WEBHOOK_SECRET is required (the secret set on the app's webhook)\n");
    expect(run.stdout()).toBe("");
  });

  it("finds the open train, answers its probes, and on SIGTERM lets the running reconcile finish", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 1 });
    // The demo's own app goes away: the train is opened while no app listens.
    await world.server.close();
    world.sim.setWebhookTarget(undefined, undefined);
    const issue = openTrain(world);
    expect(trackingBody(world, issue)).not.toContain("release-train:state");

    // SIGTERM arrives while the first reconcile is reading the train (once the probe answered).
    let healthy!: () => void;
    const healthSeen = new Promise<void>((resolve) => (healthy = resolve));
    let signalledAt: number | null = null;
    world.sim.faults.add((req) => {
      if (signalledAt === null && req.path === "/graphql") {
        signalledAt = -1;
        void healthSeen.then(() => {
          signalledAt = world!.sim.requests.length;
          run!.child.kill("SIGTERM");
        });
      }
      return undefined;
    });
    const port = await freePort();
    run = runMain({
      ...BASE,
      PRIVATE_KEY: world.sim.app.privateKey!,
      APP_ID: String(world.sim.app.id),
      GITHUB_API_URL: world.sim.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      RELEASE_TRAIN_REPO: ORCHESTRATION_REPO,
      LOG_LEVEL: "info",
    });
    // However long the process takes to start, it answers once it says it listens.
    await run.logged("release-train listening");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    healthy();

    expect(await run.exit).toBe(0);
    expect(signalledAt).toBeGreaterThan(0);
    // The reconcile that was running finished after the signal: the issue is a tracking issue now.
    expect(
      world.sim.requests
        .list()
        .slice(signalledAt!)
        .filter((r) => r.kind === "write")
        .map((r) => r.route),
    ).toContain("PATCH /repos/{owner}/{repo}/issues/{issue_number}");
    const body = trackingBody(world, issue);
    expect(body).toContain("release-train:state");
    expect(body).toContain("⏳ Checking preconditions");

    const lines = run
      .stdout()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const messages = lines.map((l) => l.msg);
    expect(messages).toContain("release-train listening");
    expect(lines.find((l) => l.msg === "release-train listening")).toMatchObject({
      level: "info",
      port,
      github: world.sim.url,
      replicas: "in-process",
    });
    expect(lines.find((l) => l.msg === "stopping: no new webhooks; waiting for running reconciles")).toMatchObject({
      signal: "SIGTERM",
    });
    expect(lines.find((l) => l.msg === "stopped")).toMatchObject({ result: "drained" });
    expect(messages.indexOf("stopped")).toBeGreaterThan(
      messages.indexOf("stopping: no new webhooks; waiting for running reconciles"),
    );
    const output = run.stdout() + run.stderr();
    expect(output).not.toContain("PRIVATE KEY");
    expect(output).not.toContain(BASE.WEBHOOK_SECRET);
    expect(run.stderr()).toBe("");
  });
});
