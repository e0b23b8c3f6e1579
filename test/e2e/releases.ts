// Helpers for the release-mode tests: what the app sent to POST /releases, what GitHub
// calls latest, a tag's changelog heading and the train's summary.json.
import type { DemoWorld } from "../../src/demo/run.js";
import { latestRelease } from "github-sim";
import { summarySchema } from "../../src/train/summary.js";
import { ORCH } from "./helpers.js";

/** The bodies of the app's POST /releases, as sent. */
export function recordReleases(w: DemoWorld): Array<Record<string, unknown>> {
  const bodies: Array<Record<string, unknown>> = [];
  w.sim.faults.add((req) => {
    if (req.method === "POST" && /^\/repos\/[^/]+\/[^/]+\/releases$/.test(req.path))
      bodies.push(req.body as Record<string, unknown>);
    return undefined;
  });
  return bodies;
}

/** What GET /releases/latest answers. */
export function latestTag(w: DemoWorld, fullName: string): string | null {
  return latestRelease(w.sim.store.requireRepo(fullName))?.tagName ?? null;
}

/** The top section's heading of CHANGELOG.md at `tag` (it links the range it covers). */
export function changelogHeading(w: DemoWorld, fullName: string, tag: string): string {
  const repo = w.sim.store.requireRepo(fullName);
  return repo.git
    .readFile(repo.git.resolveCommit(tag)!, "CHANGELOG.md")!
    .toString("utf8")
    .split("\n")
    .find((l) => l.startsWith("## "))!;
}

export function summaryOf(w: DemoWorld) {
  const orch = w.sim.store.requireRepo(ORCH);
  return summarySchema.parse(
    JSON.parse(orch.git.readFile(orch.git.resolveCommit("main")!, "status/summary.json")!.toString("utf8")),
  );
}

/** The stable v1 tag the seeded repository has, released so it is the repository's latest. */
export function releaseStable(w: DemoWorld, fullName: string): string {
  const repo = w.sim.store.requireRepo(fullName);
  const stable = repo.git.refs.has("refs/tags/v1.3.0")
    ? "v1.3.0"
    : [...repo.git.refs.keys()].find((r) => r.startsWith("refs/tags/v1."))!.slice("refs/tags/".length);
  w.sim.seed.release(fullName, { tag_name: stable, name: `${fullName.split("/")[1]} ${stable}` });
  return stable;
}
