// What every command declares: how it is written, what it does, who may run it and when,
// and how it runs. `/help`, the parser's list of commands and the permission table in
// docs/security.md are all generated from these declarations (registry.ts).
import type { Outcome } from "../gate-commands.js";
import type { CommentObservation } from "../model/issue-observation.js";
import type { CommandContext } from "./context.js";

/** One row of the permission table: a form of the command and the rules for it. */
export interface PermissionRule {
  /** The form this row is about, as written (defaults to the command's usage). */
  form?: string;
  /** Who may run it, as GitHub vouches for it (a team's membership, a lead). */
  who: string;
  /** What else must hold for it to run. */
  when: string;
  /** What the person is told when it does not. */
  refused: string;
}

export interface CommandSpec<N extends string = string> {
  name: N;
  /** How it is written, e.g. "/signoff [team]". */
  usage: string;
  /** The `/help` line after the usage. */
  summary: string;
  /** The rows of the permission table (docs/security.md). */
  rules: PermissionRule[];
  /**
   * Judged on the repositories as GitHub shows them (gates, heads): it runs only on reads
   * made after it was posted, never on the app's cache of earlier ones.
   */
  judgedOnRepositories?: true;
  /** Carries the command out, or refuses it; undefined while a GitHub answer it needs is read. */
  run(ctx: CommandContext, comment: CommentObservation, args: string[]): Outcome | undefined;
}

export const ORCHESTRATION = "orchestration team";

/** The usual refusal for a command outside the orchestration team. */
export function refuseUnlessOrchestrator(
  ctx: CommandContext,
  comment: CommentObservation,
  command: string,
): Outcome | null {
  return ctx.authz.isOrchestrator(comment.author)
    ? null
    : { ok: false, reason: `only ${ctx.authz.describeOwner("orchestration")} can use \`/${command}\`.` };
}
