// `npm run docs:commands`: writes the command registry's permission table into
// docs/security.md, between its markers (test/unit/command-registry.test.ts checks it).
import { readFileSync, writeFileSync } from "node:fs";
import { permissionTable } from "../src/train/commands/registry.js";

export const DOC = "docs/security.md";
export const BEGIN = "<!-- commands:permissions -->";
export const END = "<!-- /commands:permissions -->";

/** The document with the generated table between the markers. */
export function withPermissionTable(doc: string): string {
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${DOC} has no ${BEGIN} … ${END} block`);
  return `${doc.slice(0, begin + BEGIN.length)}\n${permissionTable()}\n${doc.slice(end)}`;
}

if (process.argv[1]?.endsWith("permission-table.ts")) {
  writeFileSync(DOC, withPermissionTable(readFileSync(DOC, "utf8")));
  console.log(`${DOC}: the permission table written from the command registry`);
}
