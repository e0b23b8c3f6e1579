// A repository's deployments as GitHub answers them; whose they are comes from the payload.
import type { DeploymentObservation } from "../../train/model/repo-observation.js";

export interface GqlDeployment {
  databaseId: number;
  environment: string | null;
  task: string | null;
  payload: string | null;
  commitOid: string;
  createdAt: string;
  latestStatus: { state: string; createdAt: string } | null;
}

/** The train and purpose a deployment was created for come from its JSON payload. */
export function toDeployment(d: GqlDeployment): DeploymentObservation {
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(d.payload ?? "{}");
    if (parsed && typeof parsed === "object") payload = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: not one of ours.
  }
  const text = (key: string) => (typeof payload[key] === "string" ? (payload[key] as string) : null);
  return {
    id: d.databaseId,
    environment: d.environment ?? "",
    task: d.task ?? "deploy",
    sha: d.commitOid,
    createdAt: d.createdAt,
    train: text("train"),
    purpose: text("purpose"),
    state: (d.latestStatus?.state.toLowerCase() ?? null) as DeploymentObservation["state"],
    stateAt: d.latestStatus?.createdAt ?? null,
  };
}
