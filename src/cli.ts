#!/usr/bin/env node
// `release-train plan [file]` validates a config locally and prints the release order.
import { readFileSync } from "node:fs";
import { parseCommandLine } from "./command-line.js";
import { formatConfigErrors, parseConfig } from "./config/parse.js";
import { formatLevels, planRelease } from "./train/plan.js";
import { formatVersioning } from "./train/repo-versions.js";

const PLAN_USAGE = `Usage: release-train plan [FILE] [--owner ORG] [--repos org/a,org/b]
  Validate a configuration (FILE, by default .github/release-train.yml) and print
  the release order.
  --owner ORG   the owner of repositories named without one (default my-org)
  --repos LIST  the repositories the app's installation can see, comma-separated:
                what globs expand to (without it, globs are shown as written)`;

const USAGE = `Usage:
  release-train plan [FILE] [--owner ORG] [--repos org/a,org/b]
      Validate a configuration and print the release order (plan --help for more).
The demo (a release train on a simulated GitHub) runs from a source checkout:
  npm run demo -- --help`;

function plan(argv: string[]): number {
  const args = parseCommandLine(argv, {
    command: "release-train plan",
    usage: PLAN_USAGE,
    maxPositionals: 1,
    options: { owner: { type: "string", default: "my-org" }, repos: { type: "string", default: "" } },
  });
  if (!args.ok) return args.exitCode;
  const { values, positionals } = args;
  const file = positionals[0] ?? ".github/release-train.yml";
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const parsed = parseConfig(text, file);
  if (!parsed.ok) {
    console.error(formatConfigErrors(parsed.errors, file));
    return 1;
  }
  const owner = values.owner;
  const listed = values.repos
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => (r.includes("/") ? r : `${owner}/${r}`));
  // Without --repos nothing says what the installation sees, so globs stay as written.
  const installationRepos = listed.length > 0 ? listed : "unknown";
  const planned = planRelease(parsed.config, { owner, installationRepos });
  if (!planned.ok) {
    console.error(formatConfigErrors(planned.errors, file));
    return 1;
  }
  console.log(formatLevels(planned.plan));
  console.log(`\n${formatVersioning(parsed.config, planned.plan)}`);
  return 0;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case "plan":
      return plan(rest);
    case "demo":
      // The simulator is not part of the build: the demo runs from a source checkout.
      console.error("release-train: the demo runs from a source checkout: `npm ci && npm run demo`");
      return 2;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return 0;
    default:
      console.error(`release-train: unknown command '${command}' (\`release-train --help\` shows the usage)`);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
