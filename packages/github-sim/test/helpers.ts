import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ProbotOctokit } from "probot";
import { ApiError } from "../src/errors.js";
import { startSimulatedGitHub, type SimulatedGitHub, type SimulatedGitHubOptions } from "../src/index.js";

export const INSTALLATION_ID = 77;

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** How a client reaches the simulator: loopback HTTP, or the in-process transport (`sim.fetch`). */
export type Transport = "http" | "in-process";
export const TRANSPORTS: Transport[] = ["http", "in-process"];

/** A sim with org "acme" (app installed), repo acme/web and a second, uninstalled org "other". */
export async function setup(
  opts: SimulatedGitHubOptions = {},
  transport: Transport = "http",
): Promise<{ sim: SimulatedGitHub; octokit: Octokit; logs: string[] }> {
  const logs: string[] = [];
  const sim = await startSimulatedGitHub({ log: (l) => logs.push(l), ...opts });
  sim.seed.org("acme");
  sim.seed.installation({ account: "acme", id: INSTALLATION_ID });
  sim.seed.repo("acme/web", {
    files: { "package.json": '{ "name": "web", "version": "1.0.0" }\n', "README.md": "# web\n" },
  });
  sim.seed.org("other");
  sim.seed.repo("other/secret");
  return { sim, octokit: appOctokit(sim, INSTALLATION_ID, transport), logs };
}

/** Probot's Octokit authenticated as the installation, exactly as the app uses it. */
export function appOctokit(
  sim: SimulatedGitHub,
  installationId = INSTALLATION_ID,
  transport: Transport = "http",
): Octokit {
  return new ProbotOctokit({
    auth: { appId: sim.app.id, privateKey: sim.app.privateKey!, installationId },
    baseUrl: sim.url,
    ...(transport === "in-process" ? { request: { fetch: sim.fetch } } : {}),
    throttle: { enabled: false },
    retry: { enabled: false },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

/** An installation token minted through the real token endpoint. */
export async function installationToken(octokit: Octokit): Promise<string> {
  const auth = (await octokit.auth({ type: "installation" })) as { token: string };
  return auth.token;
}

export interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local webhook receiver that records raw requests and answers `status`. */
export async function receiver(
  status = 200,
): Promise<{ url: string; received: Received[]; close: () => Promise<void>; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Expects an Octokit call to fail with `status`; returns the error's response body. */
export async function expectStatus(p: Promise<unknown>, status: number): Promise<Record<string, any>> {
  try {
    await p;
  } catch (e) {
    const err = e as { status?: number; response?: { data?: unknown } };
    if (err.status !== status)
      throw new Error(`expected HTTP ${status}, got ${err.status}: ${JSON.stringify(err.response?.data)}`);
    return (err.response?.data ?? {}) as Record<string, any>;
  }
  throw new Error(`expected HTTP ${status}, but the request succeeded`);
}

/** What a person's action was answered with (the simulator throws the ApiError the API would answer). */
export function refusal(action: () => unknown): { status: number; message: string } {
  try {
    action();
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, message: e.message };
    throw e;
  }
  throw new Error("the action was not refused");
}
