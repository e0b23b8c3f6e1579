// People acting at the very moment the app does. Each race ends where the clean run
// ends when the app does its part right: it re-reads the tracking issue before writing
// it, and merges only the approved commit.
import { REQUIRED_CHECK } from "../src/demo/constellation.js";
import type { DemoWorld } from "../src/demo/run.js";
import type { FaultRequest } from "github-sim";
import type { Mode } from "./scenario.js";

const ISSUE_ROUTE = "/repos/{owner}/{repo}/issues/{issue_number}";

/** Resyncs the way the 30-second retry after a failed write, or the periodic resync, would. */
async function resync(world: DemoWorld, settle: () => Promise<void>): Promise<void> {
  await world.server.app.discover();
  await world.server.app.resync();
  await settle();
}

/**
 * A person's edit of the tracking issue (the scripted tick in the checklist) lands just
 * as the app reads the body again before writing it — or, if it does not read it again,
 * just before its write.
 */
export function concurrentEditMode(): Mode {
  return editDuringBodyWrite("re-read");
}

/**
 * The same edit lands after the app's re-read, just before its write, and its webhook is
 * lost: GitHub has no conditional write, so the app overwrites it and must read it back
 * from the body's edit history.
 */
export function editBeforeWriteMode(): Mode {
  return editDuringBodyWrite("write");
}

function editDuringBodyWrite(moment: "re-read" | "write"): Mode {
  let pending: (() => void) | null = null;
  let hit: FaultRequest | null = null;
  return {
    name:
      moment === "re-read"
        ? "a person edits the tracking issue while the app writes it"
        : "a person's edit lands between the app's re-read and its write (its webhook lost)",
    install(world) {
      world.sim.faults.add((req) => {
        if (!pending || !req.path.startsWith("/repos/") || !req.route.endsWith(ISSUE_ROUTE)) return undefined;
        const isBodyWrite = req.method === "PATCH" && typeof (req.body as { body?: unknown } | null)?.body === "string";
        if (!isBodyWrite && (moment === "write" || req.method !== "GET")) return undefined;
        const edit = pending;
        pending = null;
        hit = req;
        if (moment === "write") world.sim.core.silently(edit);
        else edit();
        return undefined;
      });
    },
    takeEdit(_world, edit) {
      pending = edit;
      return true;
    },
    async afterSettle(world, settle) {
      // After a conflict the app retries 30 s later; after an overwrite it must notice by itself.
      if (hit && moment === "re-read") await resync(world, settle);
    },
    async beforeEnd(_world, settle) {
      // Never lost to the scenario: if the app never came, the edit is made at the end (and the run differs).
      if (pending) {
        const edit = pending;
        pending = null;
        edit();
        await settle();
      }
    },
    describe: () =>
      hit
        ? `a person's tick landed during the app's ${hit.method} of the tracking issue`
        : "the app never read or wrote the tracking issue after the tick",
  };
}

/**
 * Someone pushes to a release branch just as the app merges it, and takes the commit back
 * a moment later: a merge of anything but the approved commit ships code nobody approved.
 * As many organisations leave it, the approving review survives the push (stale reviews
 * are not dismissed) and CI passes the pushed commit at once, so branch protection lets
 * the merge through: only the sha the app names keeps the unapproved commit out.
 */
export function headMovesDuringMergeMode(): Mode {
  let fired: { repo: string; branch: string } | null = null;
  return {
    name: "a release branch moves while the app merges it",
    install(world) {
      world.sim.faults.add((req) => {
        if (fired || req.method !== "PUT" || !req.route.endsWith("/pulls/{pull_number}/merge")) return undefined;
        const [, , owner, name, , number] = req.path.split("/");
        const repo = `${owner}/${name}`;
        const pull = world.sim.store.requireRepo(repo).pulls.get(Number(number));
        if (!pull) return undefined;
        fired = { repo, branch: pull.headRef };
        const approved = world.sim.store.requireRepo(repo).git.resolveCommit(pull.headRef)!;
        const reviews = world.sim.store
          .requireRepo(repo)
          .protection.classic.get(pull.baseRef)?.requiredPullRequestReviews;
        if (reviews) reviews.dismissStaleReviews = false;
        const dev = world.sim.as("bella");
        dev.pushCommit(repo, pull.headRef, { message: "fix: one more thing", files: { "LATE.md": "not approved\n" } });
        world.sim.seed.checkRun(
          repo,
          world.sim.store.requireRepo(repo).git.resolveCommit(pull.headRef)!,
          REQUIRED_CHECK,
          "success",
          { appSlug: "ci" },
        );
        // Taken back once GitHub has answered the merge.
        setImmediate(() => dev.forcePush(repo, `refs/heads/${pull.headRef}`, approved));
        return undefined;
      });
    },
    async afterSettle(world, settle) {
      if (fired) await resync(world, settle);
    },
    describe: () =>
      fired ? `${fired.repo}'s ${fired.branch} moved during its merge and was taken back` : "the app never merged",
  };
}
