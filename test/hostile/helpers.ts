// Helpers for the hostile-input tests: raw webhook deliveries to the app server, the
// tracking issue's comments, and snapshots of everything the app could have written.
import type { DemoWorld } from "../../src/demo/run.js";
import { ORCH } from "../e2e/helpers.js";

export { ORCH, appWrites } from "../e2e/helpers.js";

export interface RawDelivery {
  event?: string | null;
  delivery?: string;
  body: string;
  /** "valid" signs with the app's secret, null sends no signature, a string is sent as is. */
  signature?: "valid" | string | null;
}

/** POSTs a webhook to the app's endpoint the way GitHub would, or not quite. */
export async function sendRaw(world: DemoWorld, input: RawDelivery): Promise<{ status: number; text: string }> {
  const signature =
    input.signature === undefined || input.signature === "valid"
      ? await world.server.probot.webhooks.sign(input.body)
      : input.signature;
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "GitHub-Hookshot/test" };
  if (input.event !== null) headers["x-github-event"] = input.event ?? "issues";
  headers["x-github-delivery"] = input.delivery ?? crypto.randomUUID();
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  const response = await fetch(world.server.webhookUrl, { method: "POST", headers, body: input.body });
  return { status: response.status, text: await response.text() };
}

export const commentsOf = (w: DemoWorld, issue: number) => w.sim.store.commentsOf(w.sim.store.requireRepo(ORCH), issue);

export const botComments = (w: DemoWorld, issue: number) =>
  commentsOf(w, issue).filter((c) => c.user === "release-train[bot]");

/** The bot's last comment on the tracking issue, without its hidden marker. */
export function lastBotReply(w: DemoWorld, issue: number): string {
  return (botComments(w, issue).at(-1)?.body ?? "").replace(/<!-- release-train:key=\S+ -->\n?/, "");
}

/** Every ref of every repository in the world (branches and tags), for "nothing was created" checks. */
export function allRefs(w: DemoWorld): string[] {
  return [...w.repos, ORCH]
    .flatMap((full) => [...w.sim.store.requireRepo(full).git.refs.keys()].map((ref) => `${full}:${ref}`))
    .sort();
}

/** Every pull request of every repository. */
export function allPulls(w: DemoWorld): string[] {
  return [...w.repos, ORCH]
    .flatMap((full) => [...w.sim.store.requireRepo(full).pulls.values()].map((p) => `${full}#${p.number}`))
    .sort();
}
