import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/train/commands/parse.js";
import { helpText, permissionTable } from "../../src/train/commands/registry.js";
import { BEGIN, DOC, END, withPermissionTable } from "../../scripts/permission-table.js";

const usages = () =>
  helpText()
    .split("\n")
    .map((line) => /^- `([^`]+)`/.exec(line)?.[1] ?? "");

describe("the command registry", () => {
  it("is what the parser knows: every command in /help parses as itself, a word not in it as unknown", () => {
    const names = usages().map((usage) => usage.split(" ")[0]!.slice(1));
    expect(names).toHaveLength(20);
    for (const name of names) expect(parseCommands(`/${name}`)).toMatchObject([{ name, args: [] }]);
    expect(parseCommands("/deploy now")).toEqual([{ name: "unknown", word: "deploy", line: "/deploy now" }]);
  });

  it("gives every command a row in the permission table, in /help's order", () => {
    const rows = permissionTable().split("\n").slice(2);
    const firstWord = (text: string) => text.split(" ")[0];
    const commandsOfRows = [...new Set(rows.map((row) => firstWord(/^\| `([^`]+)`/.exec(row)![1]!)))];
    expect(commandsOfRows).toEqual(usages().map(firstWord));
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(6); // four cells: a `|` in a cell is escaped
  });

  it("is what docs/security.md says: its permission table is the registry's (npm run docs:commands writes it)", () => {
    const doc = readFileSync(DOC, "utf8");
    expect(doc).toContain(`${BEGIN}\n${permissionTable()}\n${END}`);
    expect(withPermissionTable(doc)).toBe(doc);
  });

  it("a table edited by hand is told apart from the registry's", () => {
    const doc = readFileSync(DOC, "utf8").replace("| `/approve` | orchestration team |", "| `/approve` | anyone |");
    expect(withPermissionTable(doc)).not.toBe(doc);
  });
});
