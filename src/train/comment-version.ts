// Which version of a command comment release-train evaluated, as recorded in the state's
// `acked`: GitHub's timestamps have one-second resolution, so an edit in the same second
// is told apart by a digest of the text.
import { createHash } from "node:crypto";
import type { CommentObservation } from "./model/issue-observation.js";

type Versioned = Pick<CommentObservation, "updatedAt" | "body">;

export function commentVersion(comment: Versioned): string {
  return `${comment.updatedAt}#${createHash("sha256").update(comment.body).digest("hex").slice(0, 8)}`;
}

/** Whether `recorded` (an `acked` entry) is this version of the comment; entries written as a bare timestamp by earlier versions still match. */
export function isVersion(recorded: string | undefined, comment: Versioned): boolean {
  return recorded !== undefined && (recorded === commentVersion(comment) || recorded === comment.updatedAt);
}
