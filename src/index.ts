// Probot entry point (`probot run ./dist/index.js`): the app function, nothing else.
import type { Probot } from "probot";
import { createReleaseTrainApp } from "./app.js";

export default (app: Probot): void => {
  const { appFn, instance } = createReleaseTrainApp();
  appFn(app);
  // Pick up trains that were open before this process started.
  void instance
    .then((train) => train.discover())
    .catch((error: unknown) => app.log.error({ err: error }, "discovery of open trains failed"));
};

/** The schema of `status/summary.json` (7.4), for tools that read it. */
export { summarySchema, type TrainSummary } from "./train/summary.js";
