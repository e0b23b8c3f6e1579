// The patch scenario: v2.0.0 and v2.1.0 shipped, then a patch train v2.0.1 from the v2.0.0
// tags (each repository's maintenance line release/v2.0), which `--scenario patch` and the
// tests run.
import { ORCHESTRATION_REPO, ORG } from "./constellation.js";
import type { DemoWorld } from "./world.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

/** The three repositories the demo's patch train releases from their v2.0 line (the infrastructure with them: its deployment switches maintenance mode). */
export const PATCH_REPOS = ["blackroad-os-infra", "blackroad-os-api", "blackroad-os-web"].map(
  (name) => `${ORG}/${name}`,
);

/** The release commit a train leaves on a repository: package.json's version and a changelog section. */
function releaseCommit(w: DemoWorld, fullName: string, version: string): string {
  const repo = w.sim.store.requireRepo(fullName);
  const head = repo.git.resolveCommit(repo.defaultBranch)!;
  const manifest = JSON.parse(repo.git.readFile(head, "package.json")?.toString("utf8") ?? "{}") as Record<
    string,
    unknown
  >;
  const changelog = repo.git.readFile(head, "CHANGELOG.md")?.toString("utf8") ?? "# Changelog\n";
  const [title, ...rest] = changelog.split("\n\n");
  const files = {
    "package.json": `${JSON.stringify({ ...manifest, version }, null, 2)}\n`,
    "CHANGELOG.md": [title, `## ${version}\n\n* Release ${version}.`, ...rest].join("\n\n"),
  };
  return w.sim.seed.commit(fullName, repo.defaultBranch, { message: `chore(release): v${version}`, files });
}

/** Releases `version` of `fullName` from its default branch as a train would have: release commit, annotated tag, GitHub release. */
export function shipRelease(w: DemoWorld, fullName: string, version: string): string {
  const sha = releaseCommit(w, fullName, version);
  w.sim.seed.tag(fullName, `v${version}`, { target: sha, message: `v${version}` });
  w.sim.seed.release(fullName, { tag_name: `v${version}`, name: `${fullName.split("/")[1]} v${version}` });
  return sha;
}

/** v2.0.0, a feature, v2.1.0 and unreleased work on the default branch of each of `repos`. Returns each repository's v2.0.0 commit. */
export function shipTwoLines(w: DemoWorld, repos: readonly string[] = w.repos): Record<string, string> {
  const base: Record<string, string> = {};
  for (const fullName of repos) {
    const branch = w.sim.store.requireRepo(fullName).defaultBranch;
    base[fullName] = shipRelease(w, fullName, "2.0.0");
    w.sim.seed.commit(fullName, branch, {
      message: "feat: search across workspaces",
      files: { "src/search.ts": "export const search = 'workspaces';\n" },
    });
    shipRelease(w, fullName, "2.1.0");
    w.sim.seed.commit(fullName, branch, {
      message: "feat: saved searches",
      files: { "src/saved.ts": "export const saved = true;\n" },
    });
  }
  return base;
}

/** A fix on the maintenance line of v2.0, merged there by people before the patch train. */
export function fixOnMaintenanceLine(w: DemoWorld, fullName: string): string {
  const repo = w.sim.store.requireRepo(fullName);
  if (!repo.git.refs.has("refs/heads/release/v2.0")) w.sim.seed.branch(fullName, "release/v2.0", "v2.0.0");
  return w.sim.seed.commit(fullName, "release/v2.0", {
    message: "fix: keep sessions across restarts",
    files: { "src/sessions.ts": "export const persistent = true;\n" },
  });
}

/** The patch train's tracking issue: milestone v2.0.1, the three repositories named with `repos:` by the release manager. */
export function openPatchTrain(w: DemoWorld, repos: readonly string[] = PATCH_REPOS): number {
  const rita = w.sim.as("rita");
  const milestone = rita.createMilestone(ORCH, "v2.0.1");
  const names = repos.map((r) => r.split("/")[1]).join(", ");
  const issue = rita.createIssue({
    repo: ORCH,
    title: "BlackRoad OS 2.0.1",
    body: `A patch of the 2.0 line for the customers who stay on it.\n\nrepos: ${names}\n`,
    milestone,
  });
  rita.addLabels(ORCH, issue, ["release-train"]);
  return issue;
}
