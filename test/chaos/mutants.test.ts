// The mutants `npm run chaos -- --mutants` plays: each applies to today's product, in a
// copy, exactly where it says; one whose code moved is refused, never silently skipped.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mutatedCopy } from "../../chaos/mutate.js";
import { MUTANTS, QUICK_MUTANTS } from "../../chaos/mutants.js";

describe("chaos mutants", () => {
  it("each changes its file in a copy of the product, and only there", () => {
    expect(MUTANTS.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        "comment-naive-retry",
        "lightweight-tag",
        "audit-wiped-after-failed-write",
        "overwritten-edit-not-read-back",
        "merge-without-approved-sha",
      ]),
    );
    expect(MUTANTS.map((m) => m.name)).toEqual(expect.arrayContaining(QUICK_MUTANTS));
    for (const mutant of MUTANTS) {
      const original = readFileSync(new URL(`../../src/${mutant.file}`, import.meta.url), "utf8");
      const copy = mutatedCopy(mutant);
      try {
        const mutated = readFileSync(join(copy.root, "src", mutant.file), "utf8");
        expect(mutated).not.toBe(original);
        expect(mutated).toBe(original.replace(mutant.find, mutant.replace));
        expect(existsSync(join(copy.root, "chaos", "run.ts"))).toBe(true);
      } finally {
        copy.remove();
      }
      expect(existsSync(copy.root)).toBe(false);
      // The product itself is untouched.
      expect(readFileSync(new URL(`../../src/${mutant.file}`, import.meta.url), "utf8")).toBe(original);
    }
  });

  it("refuses a mutant whose code is no longer there", () => {
    expect(() => mutatedCopy({ ...MUTANTS[0]!, find: "this text is in no file" })).toThrow(
      `mutant ${MUTANTS[0]!.name} no longer applies: src/${MUTANTS[0]!.file} must contain its text exactly once`,
    );
  });
});
