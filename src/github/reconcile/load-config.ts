// The train's configuration, read from the orchestration repository (and what it extends).
import type { TrainConfig } from "../../config/schema.js";
import { loadConfig } from "../../config/load.js";
import { formatConfigErrors } from "../../config/parse.js";
import type { IssueObservation } from "../../train/model/issue-observation.js";
import { CONFIG_FILE } from "../queries.js";
import type { ReconcileContext } from "./connect.js";
import { shortHash, type IssueNotices } from "./notices.js";
import type { StepResult } from "./outcome.js";

export interface LoadedConfig {
  config: TrainConfig;
  /** Where the configuration came from, to point at in error messages. */
  source: string;
}

export async function loadTrainConfig(
  ctx: ReconcileContext,
  configText: string | null,
  issue: IssueObservation,
  rollingBack: boolean,
  notices: IssueNotices,
): Promise<StepResult<LoadedConfig>> {
  const { ref, graphql } = ctx;
  const loaded = await loadConfig(
    configText,
    { owner: ref.owner, repo: ref.repo, path: ctx.configPath },
    async (owner, repo, path) => {
      const data = await graphql<{ repository: { object: { text: string } | null } | null }>(CONFIG_FILE, {
        owner,
        repo,
        expr: `HEAD:${path}`,
      });
      return data.repository?.object?.text ?? null;
    },
  );
  if (!loaded.result.ok) {
    const text = formatConfigErrors(loaded.result.errors, loaded.source);
    ctx.log.warn({ errors: loaded.result.errors }, "invalid configuration");
    return notices.refuse(
      `config-${shortHash(text)}`,
      `⚠️ release-train cannot run this train until the configuration is fixed. Nothing was changed.\n\n${text}`,
      text,
      `its configuration is invalid:\n\n${text}\n\n`,
    );
  }
  const config = loaded.result.config;
  if (!rollingBack && !issue.labels.some((l) => l.toLowerCase() === config.label.toLowerCase())) {
    ctx.deps.registry.remove(ref);
    return { kind: "not-a-train", reason: `issue is not labelled ${config.label}` };
  }
  return { config, source: loaded.source };
}
