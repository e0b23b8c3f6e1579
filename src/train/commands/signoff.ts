import { signoff as recordSignoff } from "../gate-commands.js";
import type { CommandSpec } from "./spec.js";

export const signoff: CommandSpec<"signoff"> = {
  name: "signoff",
  usage: "/signoff [team]",
  summary: "record your team's sign-off (team leads); `/signoff revoke [team]` withdraws it",
  judgedOnRepositories: true,
  rules: [
    {
      form: "/signoff",
      who: "a lead of at least one team whose sign-off this train needs (`signoff` teams, plus the team of each `compliance` rule whose label is on a PR in the train)",
      when: "Phase 1 done (every release PR open)",
      refused:
        'reply: "you are not a lead of any team whose sign-off this train needs (…)" or "sign-offs open when Phase 1 is done…"',
    },
    {
      form: "/signoff <team>",
      who: "a lead of that team (key or GitHub slug, `@org/slug` accepted)",
      when: "the team signs off on this train; Phase 1 done",
      refused: "reply naming the team's leads' GitHub team, or listing the teams that do sign off",
    },
    {
      form: "/signoff revoke [team]",
      who: "a lead of that team (without a team: the teams the author leads and signed for)",
      when: "—",
      refused: 'reply: "you have no sign-off to revoke…" / "only a lead of … can revoke"',
    },
  ],
  run: (ctx, comment, args) => recordSignoff(ctx, comment, args),
};
