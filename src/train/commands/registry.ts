// Every command, in the order `/help` lists them. The parser knows a command by this list,
// `/help` prints it, and the permission table in docs/security.md is generated from it.
import { abort } from "./abort.js";
import { approve } from "./approve.js";
import { check } from "./check.js";
import { dryRun } from "./dry-run.js";
import { freeze, unfreeze } from "./freeze.js";
import { hold } from "./hold.js";
import { hotfix } from "./hotfix.js";
import { only } from "./only.js";
import { pick } from "./pick.js";
import { promote } from "./promote.js";
import { rc } from "./rc.js";
import { refresh } from "./refresh.js";
import { resume } from "./resume.js";
import { retest } from "./retest.js";
import { retry } from "./retry.js";
import { rollback } from "./rollback.js";
import { signoff } from "./signoff.js";
import type { CommandSpec } from "./spec.js";
import { status } from "./status.js";

// `/help` is the registry's own listing, so it is declared here.
const help: CommandSpec<"help"> = {
  name: "help",
  usage: "/help",
  summary: "list the commands",
  rules: [{ who: "anyone who can comment on the issue", when: "—", refused: "—" }],
  run: () => ({ ok: true, note: `Commands (one per line):\n\n${helpText()}` }),
};

const REGISTRY = [
  signoff,
  approve,
  check,
  hold,
  resume,
  rollback,
  abort,
  hotfix,
  retest,
  retry,
  rc,
  promote,
  only,
  pick,
  dryRun,
  freeze,
  unfreeze,
  refresh,
  status,
  help,
] as const;

export type CommandName = (typeof REGISTRY)[number]["name"];

const BY_NAME = new Map<string, CommandSpec>(REGISTRY.map((spec) => [spec.name, spec]));

export function isCommandName(word: string): word is CommandName {
  return BY_NAME.has(word);
}

export function commandSpec(name: CommandName): CommandSpec {
  return BY_NAME.get(name)!;
}

/** The `/help` list: one line per command. */
export function helpText(): string {
  return REGISTRY.map((spec) => `- \`${spec.usage}\` — ${spec.summary}`).join("\n");
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The permission table of docs/security.md: one row per form of each command. */
export function permissionTable(): string {
  const rows = REGISTRY.flatMap((spec) =>
    spec.rules.map(
      (rule) =>
        `| \`${cell(rule.form ?? spec.usage)}\` | ${cell(rule.who)} | ${cell(rule.when)} | ${cell(rule.refused)} |`,
    ),
  );
  return ["| command | who may run it | what else must hold | when refused |", "|---|---|---|---|", ...rows].join("\n");
}
