// The demo's flags: `npm run demo -- --help`.
import { parseCommandLine } from "../command-line.js";
import { PLAYBOOK_REPOS } from "./constellation.js";

export const DEMO_USAGE = `Usage: npm run demo -- [--fail REPO] [--scenario rc|independent|patch] [--verbose] [--html DIR] [--step] [--json]
  Run a release train on the simulated GitHub (no credentials, no network). Each step
  prints what people did, what the app wrote and what changed on the tracking issue;
  the final tracking issue is printed once at the end.
  --fail REPO      that repository's production canary fails, and the train rolls back
  --scenario rc    release candidates: v2.0.0-rc.1, a fix, v2.0.0-rc.2, then v2.0.0 from the same branch
  --scenario independent
                   versions per repository: a breaking change in the API, features in the packs
                   (one group, depending on the API client), nothing in the docs
  --scenario patch v2.0.0 and v2.1.0 shipped, then a patch train v2.0.1 for three repositories
                   from their v2.0 line (release/v2.0, created from the v2.0.0 tag where missing)
  --verbose        print the whole tracking issue after every step
  --html DIR       write each step's tracking issue as a GitHub-like HTML page, plus
                   DIR/index.html, to open in a browser
  --step           wait for Enter between steps
  --json           print only the (last) train's status/summary.json`;

export const SCENARIOS = ["rc", "independent", "patch"] as const;

export interface DemoArgs {
  /** Short name of the repository whose production canary fails. */
  fail?: string;
  scenario?: (typeof SCENARIOS)[number];
  json: boolean;
  verbose: boolean;
  /** Where to write the steps' HTML pages. */
  html?: string;
  step: boolean;
}

/** The demo's arguments, or the exit code once the user has had the usage or a one-line answer. */
export function parseDemoArgs(argv: string[]): DemoArgs | number {
  const parsed = parseCommandLine(argv, {
    command: "npm run demo --",
    usage: DEMO_USAGE,
    options: {
      fail: { type: "string" },
      scenario: { type: "string" },
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      html: { type: "string" },
      step: { type: "boolean", default: false },
    },
  });
  if (!parsed.ok) return parsed.exitCode;
  const { fail, json, scenario, verbose, html, step } = parsed.values;
  if (scenario !== undefined && !(SCENARIOS as readonly string[]).includes(scenario)) {
    console.error(`--scenario: unknown scenario "${scenario}". One of: ${SCENARIOS.join(", ")}`);
    return 2;
  }
  if (scenario !== undefined && (verbose || html !== undefined || step)) {
    console.error("--scenario prints one line per train: --verbose, --html and --step are for the single train");
    return 2;
  }
  const failing = fail?.replace(/^.*\//, "");
  if (failing !== undefined && !PLAYBOOK_REPOS.includes(failing)) {
    console.error(`--fail: unknown repository "${fail}". One of: ${PLAYBOOK_REPOS.join(", ")}`);
    return 2;
  }
  if (html === "") {
    console.error("--html: give the directory to write the pages to");
    return 2;
  }
  return {
    ...(failing ? { fail: failing } : {}),
    ...(scenario ? { scenario: scenario as DemoArgs["scenario"] } : {}),
    json: json ?? false,
    verbose: verbose ?? false,
    ...(html ? { html } : {}),
    step: step ?? false,
  };
}
