// What release-train says on the tracking issue when it will not (or not fully) run the train.
import type { IssueObservation } from "../../train/model/issue-observation.js";
import { appCommented } from "../../train/app-comments.js";
import { commentMarker } from "../../train/state.js";
import { stoppedReplies } from "../../train/stopped-replies.js";
import type { BodyTrust } from "../../train/trust.js";
import type { ReconcileContext } from "./connect.js";
import type { Outcome } from "./outcome.js";

/** Simple, stable hash for comment keys (not security-relevant). */
export function shortHash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i += 1) h = ((h << 5) + h + text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

export interface IssueNotices {
  /** Posts `text` as a comment keyed `key`, unless one with that key is there already. */
  postOnce: (key: string, text: string) => Promise<void>;
  /** Refuses to run the train: one notice, `/status` and `/help` still answered (saying `why`), nothing else written. */
  refuse: (key: string, notice: string, reason: string, why: string) => Promise<Outcome>;
}

export function issueNotices(ctx: ReconcileContext, comments: IssueObservation["comments"]): IssueNotices {
  const { octokit, ref } = ctx;
  const comment = (body: string) =>
    octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.issueNumber, body });
  const read = { botLogin: ctx.botLogin, issue: { comments } };
  const postOnce = async (key: string, text: string) => {
    if (appCommented(read, key)) return;
    await comment(`${commentMarker(key)}\n${text}`);
  };
  const refuse = async (key: string, notice: string, reason: string, why: string): Promise<Outcome> => {
    await postOnce(key, notice);
    for (const answer of stoppedReplies(comments, why)) {
      if (!appCommented(read, answer.key)) await comment(answer.body);
    }
    return { kind: "refused", reason };
  };
  return { postOnce, refuse };
}

/** The notice on the tracking issue when its hidden state was not the latest release-train wrote. */
export function replacedNotice(trusted: BodyTrust): string {
  const names = trusted.editors.map((e) => `@${e}'s`);
  const who = names.length === 0 ? "An edit" : `${names.join(" and ")} ${names.length > 1 ? "edits" : "edit"}`;
  if (trusted.replaced === "older" && trusted.source === "history") {
    return `⚠️ ${who} brought back an older copy of release-train's hidden state at the end of this issue, so it is not used: the train continues from the latest state release-train wrote, as this issue's edit history shows. A box ticked or unticked there counts only as a change to the checklist it was made on.`;
  }
  const how =
    trusted.source === "history"
      ? "restored from the latest state release-train wrote, as this issue's edit history shows"
      : "rebuilt from GitHub: commands in comments are evaluated again, and manual steps ticked in the checklist need ticking again";
  return `⚠️ ${who} changed or removed release-train's hidden state at the end of this issue, so it is not used: the train's state is ${how}. Tick manual steps in the checklist or use commands; everything else here is written by release-train.`;
}
