// Release modes, scripted: a whole train from the tracking issue to the closed
// retrospective, and the pre-release scenario (rc.1, a fix on the release branch, rc.2,
// the final release) that the demo's `--scenario rc` and the tests run.
import { CONFIG_PATH, ORCHESTRATION_REPO, ORG } from "./constellation.js";
import { fixOnMaintenanceLine, openPatchTrain, PATCH_REPOS, shipTwoLines } from "./patch.js";
import { startDemoWorld, trackingBody, type DemoWorld } from "./world.js";
import { toApproved, toBaked, validateStaging } from "./script.js";
import { latestRelease } from "github-sim";
import { trainVersionOf } from "../train/version.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

/**
 * One train for `milestone` (e.g. `v2.0.0-rc.1`, or the tracking issue `/rc` or `/promote`
 * opened for `tag`) through Phase 7, ended by closing its retrospective (after `finalCommand`, a
 * command on the finished train, if given). A pre-release stays out of production (the
 * default), so Phase 7 follows the staging validation. Returns the tracking issue.
 */
export async function releaseTrain(
  w: DemoWorld,
  milestone: string,
  options: { issue?: number; finalCommand?: string } = {},
): Promise<number> {
  const branch = trainVersionOf(milestone.replace(/^v/, "")).branch;
  const issue = await toApproved(w, options.issue ?? milestone, branch);
  if (milestone.includes("-")) await validateStaging(w, issue, branch);
  else {
    await toBaked(w, issue, branch);
    w.sim.as("oscar").comment(ORCH, issue, "/check 6.4 no escalations");
    await w.settle();
  }
  if (options.finalCommand) {
    w.sim.as("olga").comment(ORCH, issue, options.finalCommand);
    await w.settle();
  }
  const orch = w.sim.store.requireRepo(ORCH);
  const retro = [...orch.issues.values()].find(
    (i) => i.state === "open" && i.title === `Retrospective: release train ${milestone}`,
  );
  if (retro) {
    w.sim.as("rita").closeIssue(ORCH, retro.number);
    await w.settle();
  }
  return issue;
}

/** The tracking issue the app opened for `tag` (`/rc`, `/promote`); throws when there is none. */
export function successorIssue(w: DemoWorld, tag: string): number {
  const orch = w.sim.store.requireRepo(ORCH);
  const issue = [...orch.issues.values()].find(
    (i) => !i.isPull && i.title === `Release ${tag}` && i.labels.includes("release-train:continued"),
  );
  if (!issue) throw new Error(`no tracking issue was opened for ${tag}`);
  return issue.number;
}

/** A fix merged into the shared release branch between two release candidates. */
export function fixOnReleaseBranch(w: DemoWorld, repo: string, branch = "release/v2.0.0"): string {
  return w.sim.seed.commit(`${ORG}/${repo}`, branch, {
    message: "fix: close the session on logout",
    files: { "src/logout.ts": "export const logout = () => true;\n" },
  });
}

/** rc.1, a fix, `/rc` and rc.2, then `/promote` and the final v2.0.0 from the same release branch. Returns the tracking issues in order. */
export async function rcScenario(w: DemoWorld): Promise<number[]> {
  const issues = [await releaseTrain(w, "v2.0.0-rc.1", { finalCommand: "/rc" })];
  fixOnReleaseBranch(w, "blackroad-os-api");
  issues.push(
    await releaseTrain(w, "v2.0.0-rc.2", { issue: successorIssue(w, "v2.0.0-rc.2"), finalCommand: "/promote" }),
  );
  issues.push(await releaseTrain(w, "v2.0.0", { issue: successorIssue(w, "v2.0.0") }));
  return issues;
}

/** The npm package the API publishes; the packs depend on it. */
export const API_CLIENT = "@blackroad/api-client";
export const PACKS = ["blackroad-os-pack-finance", "blackroad-os-pack-legal"] as const;

const fileAt = (w: DemoWorld, repo: string, path: string): string => {
  const r = w.sim.store.requireRepo(`${ORG}/${repo}`);
  return r.git.readFile(r.git.resolveCommit("main")!, path)!.toString("utf8");
};

/**
 * The playbook's constellation with versions of its own: `versioning: independent`, the packs
 * one group, the API publishing the API client. Histories since each repository's last tag:
 * a breaking change in the API, a feature in each pack (which depend on the API client,
 * pack-finance with a package-lock.json), nothing in the docs, fixes elsewhere.
 */
export function seedIndependent(w: DemoWorld): void {
  const config = fileAt(w, ORCHESTRATION_REPO, CONFIG_PATH)
    .replace(
      "  - name: blackroad-os-api\n    team: backend\n",
      `  - name: blackroad-os-api\n    team: backend\n    publishes: { npm: "${API_CLIENT}" }\n`,
    )
    .trimEnd()
    .concat("\nversioning: independent\ngroups:\n  packs: [blackroad-os-pack-*]\n");
  w.sim.seed.commit(`${ORG}/${ORCHESTRATION_REPO}`, "main", {
    message: "chore: independent versions per repository",
    files: { [CONFIG_PATH]: config },
  });
  const apiVersion = JSON.parse(fileAt(w, "blackroad-os-api", "package.json")).version as string;
  for (const name of w.repos.map((r) => r.split("/")[1]!)) {
    if (name === "blackroad-os-docs") continue;
    if (name === "blackroad-os-api") {
      w.sim.seed.commit(`${ORG}/${name}`, "main", {
        message:
          "feat(api)!: remove the v1 session endpoints\n\nBREAKING CHANGE: `/v1/sessions` is gone; clients use `/v2/sessions`.",
        files: { "src/sessions.ts": "export const sessions = 'v2';\n" },
      });
    } else if ((PACKS as readonly string[]).includes(name)) {
      const manifest = JSON.parse(fileAt(w, name, "package.json")) as Record<string, unknown>;
      const files: Record<string, string> = {
        "package.json": `${JSON.stringify({ ...manifest, dependencies: { [API_CLIENT]: `^${apiVersion}` } }, null, 2)}\n`,
        "src/reports.ts": "export const reports = true;\n",
      };
      if (name === "blackroad-os-pack-finance") files["package-lock.json"] = lockfile(manifest, apiVersion);
      w.sim.seed.commit(`${ORG}/${name}`, "main", {
        message: `feat: ${name === "blackroad-os-pack-finance" ? "quarterly reports" : "contract templates"} on the API client`,
        files,
      });
    } else {
      w.sim.seed.commit(`${ORG}/${name}`, "main", {
        message: "fix: retry transient upstream errors",
        files: { "src/retry.ts": "export const retries = 3;\n" },
      });
    }
  }
}

/** A package-lock.json (v3) that locks the API client at `apiVersion`. */
function lockfile(manifest: Record<string, unknown>, apiVersion: string): string {
  const lock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, version: manifest.version, dependencies: { [API_CLIENT]: `^${apiVersion}` } },
      [`node_modules/${API_CLIENT}`]: {
        version: apiVersion,
        resolved: `https://registry.npmjs.org/${API_CLIENT}/-/api-client-${apiVersion}.tgz`,
        integrity: "sha512-demo",
      },
    },
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** v2.0.0 and v2.1.0 shipped everywhere, a fix merged on the API's v2.0 line, then the patch train v2.0.1 for three repositories. */
async function patchScenario(w: DemoWorld): Promise<number[]> {
  shipTwoLines(w);
  fixOnMaintenanceLine(w, `${ORG}/blackroad-os-api`);
  return [await releaseTrain(w, "v2.0.1", { issue: openPatchTrain(w) })];
}

/** Each patched repository's releases: the patch is never marked latest, the newer line keeps it. */
function sayPatchReleases(w: DemoWorld, say: (text: string) => void): void {
  for (const full of PATCH_REPOS) {
    const repo = w.sim.store.requireRepo(full);
    const pull = [...repo.pulls.values()].find((p) => p.headRef === "release/v2.0.1");
    const latest = latestRelease(repo)?.tagName ?? "none";
    say(`${full}: v2.0.1 merged into ${pull?.baseRef ?? "?"}, latest release stays ${latest}`);
  }
}

/** `npm run demo -- --scenario rc|independent|patch [--json]`: the scenario, a line per train, and the last train's status/summary.json. */
export async function runScenario(scenario: "rc" | "independent" | "patch", json: boolean): Promise<number> {
  const world = await startDemoWorld({
    quiet: true,
    transport: "http",
    frozenAt: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(),
    ...(scenario === "independent" ? { commitsPerRepo: 0 } : {}),
  });
  const say = (text: string) => (json ? undefined : console.log(text));
  try {
    if (scenario === "independent") seedIndependent(world);
    const issues =
      scenario === "rc"
        ? await rcScenario(world)
        : scenario === "patch"
          ? await patchScenario(world)
          : [await releaseTrain(world, "v2.0.0")];
    const api = world.sim.store.requireRepo(`${ORG}/blackroad-os-api`);
    if (scenario === "rc") {
      for (const release of api.releases)
        say(`${api.fullName} ${release.tagName}: prerelease ${release.prerelease}, make_latest ${release.makeLatest}`);
    } else if (scenario === "patch") {
      sayPatchReleases(world, say);
    } else {
      const body = trackingBody(world, issues[0]!);
      const start = body.indexOf("<details open><summary><b>Versions</b>");
      say(
        body
          .slice(start, body.indexOf("</details>", start))
          .replace(/<\/?(details|summary|b)[^>]*>/g, "")
          .trim(),
      );
      say("");
    }
    for (const issue of issues)
      say(
        `#${issue}: ${
          trackingBody(world, issue)
            .split("\n")
            .find((l) => l.startsWith("**")) ?? ""
        }`,
      );
    const orch = world.sim.store.requireRepo(ORCH);
    const summary = orch.git.readFile(orch.git.resolveCommit("main")!, "status/summary.json")?.toString("utf8");
    if (!summary) {
      console.error(`the ${scenario} scenario did not finish: no status/summary.json was written`);
      return 1;
    }
    process.stdout.write(json ? summary : `\nstatus/summary.json:\n${summary}`);
    return 0;
  } finally {
    await world.close();
  }
}
