// Production entry (`npm start`, `node dist/main.js`): configuration from the
// environment, the app server with its ops endpoints, and a clean stop on SIGTERM.
// `probot run` could host extra routes, but not the Octokit class (metrics), the
// readiness checks or the draining shutdown this needs.
import { pathToFileURL } from "node:url";
import { readEnv } from "./ops/env.js";
import { createLogger } from "./ops/logger.js";
import { startProduction } from "./production.js";

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const parsed = readEnv(env);
  if (!parsed.ok) {
    process.stderr.write(`release-train: ${parsed.error}\n`);
    process.exit(1);
  }
  const { config } = parsed;
  const log = createLogger(config.logLevel);
  let production: Awaited<ReturnType<typeof startProduction>>;
  try {
    production = await startProduction(config, log);
  } catch (error) {
    log.fatal({ err: error }, "cannot start");
    process.stderr.write(`release-train: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, "second signal: exiting without waiting");
      process.exit(1);
    }
    log.info({ signal }, "stopping: no new webhooks; waiting for running reconciles");
    void production.shutdown().then((result) => {
      log.info({ result }, "stopped");
      process.exit(0);
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
