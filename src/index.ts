// Probot entry point (`probot run ./dist/index.js`): the app function, nothing else.
import type { Probot } from "probot";
import { createReleaseTrainApp } from "./app.js";
import { readAppEnv } from "./ops/env.js";

export default (app: Probot): void => {
  // Probot reads the credentials; the app's own settings come from the same environment.
  const env = readAppEnv(process.env);
  if (!env.ok) throw new Error(`release-train: ${env.error}`);
  const { orchestrationRepo, resyncMinutes, redisUrl } = env.settings;
  const { appFn, instance } = createReleaseTrainApp({
    orchestrationRepo,
    resyncMs: resyncMinutes * 60_000,
    ...(redisUrl ? { redisUrl } : {}),
  });
  appFn(app);
  // Pick up trains that were open before this process started.
  void instance
    .then((train) => train.discover())
    .catch((error: unknown) => app.log.error({ err: error }, "discovery of open trains failed"));
};

/** The schema of `status/summary.json` (7.4), for tools that read it. */
export { summarySchema, type TrainSummary } from "./train/summary.js";
