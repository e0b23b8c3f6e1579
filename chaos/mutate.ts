// Applies one mutant to a temporary copy of the product (src/ and chaos/, with the rest
// linked) so the product itself carries no switches for known-bad behaviour.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Mutant } from "./mutants.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The copy's root, with `mutant` applied; `remove` deletes it. Throws when the mutant no longer applies. */
export function mutatedCopy(mutant: Mutant): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), `release-train-mutant-${mutant.name}-`));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    for (const dir of ["src", "chaos"]) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
    for (const link of ["node_modules", "examples", "package.json", "tsconfig.json"])
      symlinkSync(join(ROOT, link), join(root, link));
    const file = join(root, "src", mutant.file);
    const text = readFileSync(file, "utf8");
    const at = text.indexOf(mutant.find);
    if (at < 0 || text.indexOf(mutant.find, at + 1) >= 0)
      throw new Error(`mutant ${mutant.name} no longer applies: src/${mutant.file} must contain its text exactly once`);
    writeFileSync(file, text.slice(0, at) + mutant.replace + text.slice(at + mutant.find.length));
    return { root, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
