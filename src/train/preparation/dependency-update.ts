/** Phase 1's dependency updates: the train's packages' ranges in a release commit's package.json. */
import { updateDependencies, type ManifestUpdate } from "../../changelog/dependency-ranges.js";
import type { FileChange } from "../model/actions.js";

export type DependencyUpdate = Extract<ManifestUpdate, { ok: true }> & {
  /** Ranges changed while a package-lock.json is left as it was: the repository's CI must refresh it (`npm install`). */
  lockfileRefresh: boolean;
};

/** package.json's ranges on the train's packages, applied on top of its version bump in `changes`. */
export function dependencyUpdate(
  files: Record<string, string | null>,
  changes: FileChange[],
  packages: Readonly<Record<string, string>>,
): DependencyUpdate | { ok: false; message: string } | undefined {
  const bumped = changes.find((c) => c.path === "package.json");
  const manifest = bumped?.contents ?? files["package.json"];
  if (manifest === null || manifest === undefined) return undefined;
  const update = updateDependencies(manifest, packages);
  if (!update.ok) return update;
  if (update.content !== manifest) {
    if (bumped) bumped.contents = update.content;
    else changes.push({ path: "package.json", contents: update.content });
  }
  const locked = ["package-lock.json", "npm-shrinkwrap.json"].some((path) => typeof files[path] === "string");
  return { ...update, lockfileRefresh: update.edits.length > 0 && locked };
}

/** The dependency updates of a release commit, for its message and the release PR. */
export function dependencyNotes(preparation: { dependencies?: DependencyUpdate }): string {
  const update = preparation.dependencies;
  if (!update || update.edits.length + update.kept.length === 0) return "";
  const lines = [
    ...update.edits.map(
      (e) =>
        `- \`${e.package}\` ${e.from} → ${e.to}${e.acceptedBefore ? "" : ` (${e.from} would not accept ${e.version})`}`,
    ),
    ...update.kept.map(
      (k) =>
        `- \`${k.package}\` ${k.from} left as written: ${k.why}${k.acceptedBefore ? "" : ` — ⚠️ it does not accept ${k.version}`}`,
    ),
    ...(update.lockfileRefresh ? ["- package-lock.json is left as it was: CI must refresh it (`npm install`)"] : []),
  ];
  return `\n\nDependency updates:\n${lines.join("\n")}`;
}
