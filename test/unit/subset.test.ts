import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { PLAYBOOK_CONFIG, PLAYBOOK_REPOS } from "../../src/demo/constellation.js";
import { Authz } from "../../src/train/authz.js";
import { initialState } from "../../src/train/decide.js";
import { membershipKey } from "../../src/train/model/observation.js";
import type { CommentObservation } from "../../src/train/model/issue-observation.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import { requiredSignoffs } from "../../src/train/validation/signoffs.js";
import { planRelease } from "../../src/train/plan.js";
import { commentVersion } from "../../src/train/comment-version.js";
import {
  only,
  reposIgnoredNotice,
  reposLine,
  resolveRepos,
  subsetFromBody,
  subsetFromEdits,
  trainPlan,
} from "../../src/train/subset.js";

const OWNER = "blackroad-os";
const parsed = parseConfig(PLAYBOOK_CONFIG);
if (!parsed.ok) throw new Error("the example configuration does not parse");
const config = parsed.config;
const planned = planRelease(config, { owner: OWNER, installationRepos: PLAYBOOK_REPOS.map((r) => `${OWNER}/${r}`) });
if (!planned.ok) throw new Error("the example configuration cannot be planned");
const plan = planned.plan;
const full = (name: string) => `${OWNER}/${name}`;

function context(
  members: Record<string, "maintainer" | "member" | null>,
  state: TrainState = initialState("2.0.0", "2026-11-27T09:00:00Z", ""),
) {
  const memberships = Object.fromEntries(
    Object.entries(members).map(([login, role]) => [membershipKey("orchestration", login), role]),
  );
  const audit: string[] = [];
  return {
    ctx: {
      configuredPlan: plan,
      state,
      authz: new Authz(config, memberships),
      audit: (actor: string, text: string) => audit.push(`${actor}: ${text}`),
    },
    audit,
    state,
  };
}

const comment = (author: string, body: string): CommentObservation => ({
  id: 7,
  author,
  authorIsBot: false,
  body,
  createdAt: "2026-11-27T09:05:00Z",
  updatedAt: "2026-11-27T09:05:00Z",
  url: "",
});

describe("the `repos:` line", () => {
  it("lists names separated by commas or spaces, on a line of its own, in any case", () => {
    expect(reposLine("Launch.\n\nrepos: blackroad-os-api, blackroad-os-web  blackroad-os-infra\nmore")).toEqual([
      "blackroad-os-api",
      "blackroad-os-web",
      "blackroad-os-infra",
    ]);
    expect(reposLine("Repos:blackroad-os-api,blackroad-os-api")).toEqual(["blackroad-os-api"]);
    expect(reposLine("the repos: of this train are many")).toBeNull();
    expect(reposLine("no line here")).toBeNull();
  });
});

describe("resolveRepos", () => {
  it("takes names or owner/name in any case, in the plan's order", () => {
    expect(resolveRepos(plan, ["Blackroad-OS-Web", "blackroad-os/blackroad-os-infra"])).toEqual({
      ok: true,
      repos: [full("blackroad-os-infra"), full("blackroad-os-web")],
    });
  });

  it("names every unknown repository and lists the configured ones", () => {
    const result = resolveRepos(plan, ["blackroad-os-api", "nope", "blackroad-os-sandbox"]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(
      /^`nope`, `blackroad-os-sandbox` are not repositories of this train's configuration\. Repositories: blackroad-os-infra, /,
    );
    expect(resolveRepos(plan, []).ok).toBe(false);
  });
});

describe("trainPlan", () => {
  it("keeps the configured plan without a subset", () => {
    expect(trainPlan(plan, undefined)).toBe(plan);
    expect(
      trainPlan(
        plan,
        plan.repos.map((r) => r.fullName),
      ),
    ).toBe(plan);
  });

  it("computes levels over the subset, following dependencies through repositories outside it", () => {
    const sub = trainPlan(plan, [
      full("blackroad-os-web"),
      full("blackroad-os-api-gateway"),
      full("blackroad-os-docs"),
      full("blackroad-os-archive"),
    ]);
    const levels = Object.fromEntries(sub.repos.map((r) => [r.name, [r.level, r.dependsOn]]));
    expect(levels).toEqual({
      "blackroad-os-api-gateway": [1, []],
      "blackroad-os-archive": [1, []],
      // web → api, core → api-gateway: it still waits for the gateway.
      "blackroad-os-web": [2, [full("blackroad-os-api-gateway")]],
      // docs → web directly, and → packs → api, core → api-gateway.
      "blackroad-os-docs": [3, [full("blackroad-os-api-gateway"), full("blackroad-os-web")]],
    });
    expect(sub.levels.map((l) => l.map((r) => r.name))).toEqual([
      ["blackroad-os-api-gateway", "blackroad-os-archive"],
      ["blackroad-os-web"],
      ["blackroad-os-docs"],
    ]);
    expect(sub.notInTrain?.map((r) => r.name).sort()).toEqual(
      PLAYBOOK_REPOS.filter(
        (n) =>
          !["blackroad-os-web", "blackroad-os-api-gateway", "blackroad-os-docs", "blackroad-os-archive"].includes(n),
      ).sort(),
    );
  });

  it("leaves out the sign-offs of teams whose repositories are all outside the train; a team without repositories still signs", () => {
    const sub = trainPlan(plan, [full("blackroad-os-api")]);
    expect(requiredSignoffs(config, sub, initialState("2.0.0", "", "")).map((r) => [r.team, r.repos])).toEqual([
      ["backend", [full("blackroad-os-api")]],
    ]);
    const withQa = { ...config, signoff: [...config.signoff, "observability"] };
    expect(requiredSignoffs(withQa, sub, initialState("2.0.0", "", "")).map((r) => r.team)).toEqual([
      "backend",
      "observability",
    ]);
  });
});

describe("/only", () => {
  it("is for the orchestration team: anyone else is refused and nothing changes", () => {
    const { ctx, state, audit } = context({ ben: null });
    const before = structuredClone(state);
    expect(only(ctx, comment("ben", "/only blackroad-os-api"), ["blackroad-os-api"])).toEqual({
      ok: false,
      reason: "only members of @release-managers can use `/only`.",
    });
    expect(state).toEqual(before);
    expect(audit).toEqual([]);
  });

  it("is refused once Phase 1 has started", () => {
    const { ctx, state } = context({ olga: "member" });
    state.reached.preconditions = "2026-11-27T09:01:00Z";
    const before = structuredClone(state);
    const outcome = only(ctx, comment("olga", "/only blackroad-os-api"), ["blackroad-os-api"]);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringContaining("Phase 1 has started") });
    expect(state).toEqual(before);
  });

  it("rebuilding a lost state, is judged by Phase 1's start: by the comments the reconcile that started it had handled, else as instants", () => {
    const { ctx } = context({ olga: "maintainer" });
    const made = comment("olga", "/only blackroad-os-api");
    // In Phase 1's second (GitHub stamps comments to the second): handled by the reconcile that started it, so before it; not handled, so after.
    const start = { at: "2026-11-27T09:05:00.400Z", handled: { [String(made.id)]: commentVersion(made) } };
    expect(only({ ...ctx, rebuiltStart: start }, made, ["blackroad-os-api"])).toMatchObject({ ok: true });
    const notYet = { at: "2026-11-27T09:04:59.900Z", handled: {} };
    expect(only({ ...ctx, rebuiltStart: notYet }, made, ["blackroad-os-web"])).toMatchObject({
      ok: false,
      reason: expect.stringContaining("Phase 1 has started"),
    });
    // A later edit of a handled comment was handled after the start.
    const edited = { ...made, body: "/only blackroad-os-web", updatedAt: "2026-11-27T09:05:00Z" };
    expect(only({ ...ctx, rebuiltStart: start }, edited, ["blackroad-os-web"])).toMatchObject({ ok: false });
    // Without the record of what was handled: "…:00Z" is before "…:00.400Z" as instants, though not as strings.
    expect(
      only({ ...ctx, rebuiltStart: { at: "2026-11-27T09:05:00.400Z", handled: null } }, made, ["blackroad-os-api"]),
    ).toMatchObject({ ok: true });
    expect(
      only({ ...ctx, rebuiltStart: { at: "2026-11-27T09:04:59.900Z", handled: null } }, made, ["blackroad-os-api"]),
    ).toMatchObject({ ok: false });
  });

  it("refuses an unknown name, naming it, and records a valid choice with an audit entry", () => {
    const { ctx, state, audit } = context({ olga: "member" });
    expect(only(ctx, comment("olga", ""), ["blackroad-os-api", "blackroad-os-apii"])).toMatchObject({
      ok: false,
      reason: expect.stringContaining("`blackroad-os-apii` is not a repository"),
    });
    expect(state.subset).toBeUndefined();
    expect(only(ctx, comment("olga", ""), ["blackroad-os-web,blackroad-os-api"])).toEqual({
      ok: true,
      note: "this train now releases blackroad-os-api, blackroad-os-web; the other 9 are not in this train.",
    });
    expect(state.subset).toEqual({
      repos: [full("blackroad-os-api"), full("blackroad-os-web")],
      by: "olga",
      at: "2026-11-27T09:05:00Z",
      via: "comment:7",
    });
    expect(audit).toEqual([
      "olga: chose the repositories of this train: blackroad-os-api, blackroad-os-web; the other 9 are not in this train",
    ]);
    // Naming every repository ends the subset.
    expect(only(ctx, comment("olga", ""), PLAYBOOK_REPOS)).toMatchObject({ ok: true });
    expect(state.subset).toBeUndefined();
  });

  it("keeps `maintenance.repo` in a train that deploys to production", () => {
    const { ctx, state } = context({ olga: "member" });
    const withMaintenance = { ...ctx, mustInclude: full("blackroad-os-infra") };
    expect(only(withMaintenance, comment("olga", ""), ["blackroad-os-api"])).toMatchObject({
      ok: false,
      reason: expect.stringContaining("blackroad-os-infra switches maintenance mode"),
    });
    expect(state.subset).toBeUndefined();
    expect(only(withMaintenance, comment("olga", ""), ["blackroad-os-api", "blackroad-os-infra"])).toMatchObject({
      ok: true,
    });
    expect(state.subset?.repos).toEqual([full("blackroad-os-infra"), full("blackroad-os-api")]);
  });

  it("waits for the membership answer without changing anything", () => {
    const { ctx, state } = context({});
    expect(only(ctx, comment("olga", ""), ["blackroad-os-api"]).ok).toBe(false);
    expect(ctx.authz.needs).toEqual([{ teamKey: "orchestration", login: "olga" }]);
    expect(state.subset).toBeUndefined();
  });
});

describe("subsetFromBody", () => {
  const issue = (body: string, lastEditor: string | null) => ({
    body,
    author: "rita",
    lastEditor,
    lastEditedAt: lastEditor ? "2026-11-27T08:59:00Z" : null,
    createdAt: "2026-11-27T08:58:00Z",
  });

  it("honours the line when the body's last editor (or, never edited, its author) is in the orchestration team", () => {
    const { ctx, state } = context({ rita: "maintainer" });
    subsetFromBody(ctx, issue("repos: blackroad-os-api", null));
    expect(state.subset).toEqual({
      repos: [full("blackroad-os-api")],
      by: "rita",
      at: "2026-11-27T08:58:00Z",
      via: "body",
    });
    expect(reposIgnoredNotice(state)).toEqual([]);
  });

  it("ignores the line saved by anyone else, with a notice that says who and why", () => {
    const { ctx, state } = context({ rita: "maintainer", ben: null });
    subsetFromBody(ctx, issue("repos: blackroad-os-api", "ben"));
    expect(state.subset).toBeUndefined();
    expect(state.reposIgnored).toMatchObject({ by: "ben" });
    expect(reposIgnoredNotice(state)[0]!.body).toContain(
      "was ignored (the body was last saved by @ben, who is not one of members of @release-managers), so this train releases every configured repository",
    );
  });

  it("ignores a line with an unknown name, naming it", () => {
    const { ctx, state } = context({ rita: "maintainer" });
    subsetFromBody(ctx, issue("repos: blackroad-os-api blackroad-os-nope", null));
    expect(state.subset).toBeUndefined();
    expect(reposIgnoredNotice(state)[0]!.body).toContain(
      "`blackroad-os-nope` is not a repository of this train's configuration",
    );
  });

  it("decides nothing until the membership is known", () => {
    const { ctx, state } = context({});
    subsetFromBody(ctx, issue("repos: blackroad-os-api", null));
    expect(state.subset).toBeUndefined();
    expect(state.reposIgnored).toBeUndefined();
    expect(ctx.authz.needs).toHaveLength(1);
  });
});

describe("subsetFromEdits", () => {
  const edit = (editor: string, before: string, after: string) => ({
    editor,
    at: "2026-11-27T09:10:00Z",
    before,
    after,
  });

  it("applies a changed line saved by the orchestration team, ignores edits that leave it as it was", () => {
    const { ctx, state } = context({ rita: "maintainer" });
    expect(
      subsetFromEdits(ctx, [edit("rita", "repos: blackroad-os-api", "repos: blackroad-os-api\nmore text")]),
    ).toEqual([]);
    expect(state.subset).toBeUndefined();
    expect(subsetFromEdits(ctx, [edit("rita", "text", "text\nrepos: blackroad-os-web")])).toEqual([]);
    expect(state.subset).toMatchObject({ repos: [full("blackroad-os-web")], by: "rita", via: "body" });
  });

  it("answers anyone else, and any edit after Phase 1, with one reply per edit and nothing changed", () => {
    const { ctx, state } = context({ rita: "maintainer", ben: null });
    const [refused] = subsetFromEdits(ctx, [edit("ben", "", "repos: blackroad-os-web")]);
    expect(refused!.body).toContain(
      "@ben the `repos:` line you saved was not applied: only members of @release-managers can use the `repos:` line.",
    );
    state.reached.preconditions = "2026-11-27T09:01:00Z";
    const [late] = subsetFromEdits(ctx, [edit("rita", "", "repos: blackroad-os-web")]);
    expect(late!.body).toContain("Phase 1 has started");
    expect(late!.key).not.toBe(refused!.key);
    expect(state.subset).toBeUndefined();
  });
});
