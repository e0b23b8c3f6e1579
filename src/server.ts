// An HTTP server running the app: the webhook endpoint (signature verified by
// Probot), used by the demo and the end-to-end tests. Production uses `probot run`.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { Probot, ProbotOctokit, createNodeMiddleware } from "probot";
import { UnpacedOctokit } from "./github/unpaced-octokit.js";
import { createReleaseTrainApp, type AppOptions, type ReleaseTrainApp } from "./app.js";

export interface AppServerOptions {
  baseUrl: string;
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /**
   * GitHub asks apps to space writes (1 s; 3 s for ones that notify). Against the
   * simulator this may be switched off so a demo takes seconds; never against GitHub.
   */
  pacing: boolean;
  log?: Logger;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  app?: Partial<AppOptions>;
}

export interface RunningAppServer {
  url: string;
  webhookUrl: string;
  app: ReleaseTrainApp;
  probot: Probot;
  close: () => Promise<void>;
}

export const WEBHOOK_PATH = "/api/github/webhooks";

export async function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  // Transient failures are retried by the next reconcile, which re-reads first.
  const Octokit = options.pacing ? ProbotOctokit : UnpacedOctokit;
  const probot = new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    secret: options.webhookSecret,
    baseUrl: options.baseUrl,
    Octokit,
    logLevel: options.logLevel ?? "warn",
    ...(options.log ? { log: options.log } : {}),
  });
  const { appFn, instance } = createReleaseTrainApp({ resyncMs: 0, ...options.app });
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: WEBHOOK_PATH });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not Found" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const app = await instance;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    webhookUrl: `${url}${WEBHOOK_PATH}`,
    app,
    probot,
    close: async () => {
      app.close();
      await app.lanes.whenIdle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
