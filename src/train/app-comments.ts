// The app's own comments on the tracking issue, known by the author GitHub names. A marker
// in anyone else's comment is text someone typed or copied, never proof the app said it.
import type { CommentObservation } from "./model/issue-observation.js";
import { markerOf } from "./state.js";

/** The tracking issue's comments and the app's login, as an Observation holds them. */
export interface CommentsRead {
  botLogin: string;
  issue: { comments: CommentObservation[] };
}

export function appComments(observation: CommentsRead): CommentObservation[] {
  const bot = observation.botLogin.toLowerCase();
  return observation.issue.comments.filter((c) => c.author.toLowerCase() === bot);
}

/** The keys of the app's comments GitHub shows. */
export function appCommentKeys(observation: CommentsRead): Set<string | null> {
  return new Set(appComments(observation).map((c) => markerOf(c.body)));
}

/** Whether GitHub shows the app's comment with this key. */
export function appCommented(observation: CommentsRead, key: string): boolean {
  return appComments(observation).some((c) => markerOf(c.body) === key);
}
