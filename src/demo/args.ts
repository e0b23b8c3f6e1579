// The demo's flags: `npm run demo -- --help`.
import { parseCommandLine } from "../command-line.js";
import { PLAYBOOK_REPOS } from "./constellation.js";

export const DEMO_USAGE = `Usage: npm run demo -- [--fail REPO] [--scenario rc] [--json]
  Run a release train on the simulated GitHub (no credentials, no network) and print
  the tracking issue after each step.
  --fail REPO      that repository's production canary fails, and the train rolls back
  --scenario rc    release candidates: v2.0.0-rc.1, a fix, v2.0.0-rc.2, then v2.0.0 from the same branch
  --json           print only the (last) train's status/summary.json`;

export const SCENARIOS = ["rc"] as const;

export interface DemoArgs {
  /** Short name of the repository whose production canary fails. */
  fail?: string;
  scenario?: (typeof SCENARIOS)[number];
  json: boolean;
}

/** The demo's arguments, or the exit code once the user has had the usage or a one-line answer. */
export function parseDemoArgs(argv: string[]): DemoArgs | number {
  const parsed = parseCommandLine(argv, {
    command: "npm run demo --",
    usage: DEMO_USAGE,
    options: { fail: { type: "string" }, scenario: { type: "string" }, json: { type: "boolean", default: false } },
  });
  if (!parsed.ok) return parsed.exitCode;
  const { fail, json, scenario } = parsed.values;
  if (scenario !== undefined && !(SCENARIOS as readonly string[]).includes(scenario)) {
    console.error(`--scenario: unknown scenario "${scenario}". One of: ${SCENARIOS.join(", ")}`);
    return 2;
  }
  const failing = fail?.replace(/^.*\//, "");
  if (failing !== undefined && !PLAYBOOK_REPOS.includes(failing)) {
    console.error(`--fail: unknown repository "${fail}". One of: ${PLAYBOOK_REPOS.join(", ")}`);
    return 2;
  }
  return { ...(failing ? { fail: failing } : {}), ...(scenario ? { scenario: scenario as DemoArgs["scenario"] } : {}), json: json ?? false };
}
