// Health checks as decide sees them: the configured URLs of an environment and what the
// shell's probes answered. A missing answer is a need, not a failure. Pure.
import type { TrainConfig } from "../../config/schema.js";
import type { Observation } from "../model/observation.js";

export interface HealthVerdict {
  status: "ok" | "failed" | "unknown";
  detail: string;
  /** URLs decide must have probed before it can answer. */
  needs: string[];
}

export function healthOf(
  config: TrainConfig,
  observation: Observation,
  environment: "staging" | "production",
): HealthVerdict {
  const urls = config.healthChecks[environment];
  if (urls.length === 0) return { status: "ok", detail: `no \`healthChecks.${environment}\` configured`, needs: [] };
  const missing = urls.filter((url) => !observation.health[url]);
  if (missing.length > 0) return { status: "unknown", detail: "probing health checks", needs: missing };
  const failing = urls.map((url) => observation.health[url]!).filter((h) => !h.ok);
  if (failing.length > 0)
    return {
      status: "failed",
      detail: `health check failing: ${failing.map((h) => `${h.url} (${h.detail})`).join(", ")}`,
      needs: [],
    };
  return { status: "ok", detail: `${urls.length}/${urls.length} health checks healthy`, needs: [] };
}
