#!/usr/bin/env node
// `release-train plan [file]` validates a config locally and prints the release order;
// `release-train demo` runs a train on the built-in simulated GitHub.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatConfigErrors, parseConfig } from "./config/parse.js";
import { formatLevels, planRelease } from "./train/plan.js";

const USAGE = `Usage:
  release-train plan [.github/release-train.yml] [--owner ORG] [--repos org/a,org/b]
      Validate a configuration and print the release order. --repos lists the
      repositories globs may expand to (what the app's installation can see).
  release-train demo [--fail REPO] [--json] [--quiet]
      Run a release train on the simulated GitHub (no credentials, no network).`;

function plan(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { owner: { type: "string", default: "my-org" }, repos: { type: "string", default: "" } },
  });
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
  const owner = values.owner!;
  const installationRepos = values.repos!.split(",").map((r) => r.trim()).filter(Boolean).map((r) => (r.includes("/") ? r : `${owner}/${r}`));
  const planned = planRelease(parsed.config, { owner, installationRepos });
  if (!planned.ok) {
    console.error(formatConfigErrors(planned.errors, file));
    return 1;
  }
  console.log(formatLevels(planned.plan));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "plan":
      return plan(rest);
    case "demo": {
      const { runDemo } = await import("./demo/run.js");
      return runDemo(rest);
    }
    default:
      console.log(USAGE);
      return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
