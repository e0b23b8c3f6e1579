// Who the rules bind: administrators, collaborators with write access, team members,
// ruleset bypass actors and classic protection's push allowances.
import type { SimCore } from "../../core.js";
import type { ClassicProtection, Ruleset } from "../../store/protection.js";
import type { Repo } from "../../store/types.js";

/** Who is acting: a person (appId null) or an app's bot. */
export interface Actor {
  login: string;
  appId: number | null;
}

/** A repository administrator (a person, never an app). */
export function isAdmin(repo: Repo, actor: Actor): boolean {
  return actor.appId === null && [...repo.protection.admins].some((a) => a.toLowerCase() === actor.login.toLowerCase());
}

/** Classic protection applies to this actor unless they are an admin and it does not enforce admins. */
export function classicBinds(repo: Repo, classic: ClassicProtection, actor: Actor): boolean {
  return classic.enforceAdmins || !isAdmin(repo, actor);
}

/** Is `actor` one of the ruleset's bypass actors (in "pull_request" mode only when merging a pull request)? */
export function bypassesRuleset(
  core: SimCore,
  repo: Repo,
  ruleset: Ruleset,
  actor: Actor,
  viaPullRequest: boolean,
): boolean {
  return ruleset.bypassActors.some((b) => {
    if (b.bypassMode === "pull_request" && !viaPullRequest) return false;
    switch (b.actorType) {
      case "Integration":
        return actor.appId !== null && b.actorId === actor.appId;
      case "Team": {
        const team = [...core.store.teams.values()].find((t) => t.id === b.actorId);
        return actor.appId === null && !!team && ownedBy(core, [`${team.org}/${team.slug}`], actor.login);
      }
      case "RepositoryRole":
        return b.actorId === 5
          ? isAdmin(repo, actor)
          : b.actorId === 4 && actor.appId === null && hasWriteAccess(core, repo, actor.login);
      case "OrganizationAdmin":
        return isAdmin(repo, actor);
      default:
        return false;
    }
  });
}

/** Someone with write access: a member of one of the owner's teams (the simulator's collaborators). */
export function hasWriteAccess(core: SimCore, repo: Repo, login: string): boolean {
  const l = login.toLowerCase();
  if (l === repo.owner.toLowerCase()) return true;
  for (const team of core.store.teams.values()) {
    if (team.org.toLowerCase() !== repo.owner.toLowerCase()) continue;
    if ([...team.members, ...team.maintainers].some((m) => m.toLowerCase() === l)) return true;
  }
  return false;
}

/** Is `login` one of `owners` (a user, or a member of an "org/team" owner)? */
export function ownedBy(core: SimCore, owners: string[], login: string): boolean {
  const l = login.toLowerCase();
  return owners.some((o) => {
    if (!o.includes("/")) return o.toLowerCase() === l;
    const [org, slug] = o.split("/");
    const team = core.store.team(org!, slug!);
    return !!team && [...team.members, ...team.maintainers].some((m) => m.toLowerCase() === l);
  });
}

function appSlugOf(core: SimCore, appId: number | null): string | null {
  return appId === null ? null : (core.store.app(appId)?.slug ?? null);
}

/** May this actor push to a branch under classic protection's push restrictions? */
export function classicAllowsPush(
  core: SimCore,
  repo: Repo,
  branch: string,
  actor: string,
  appId: number | null,
): boolean {
  const r = repo.protection.classic.get(branch)?.restrictions;
  if (!r) return true;
  const slug = appSlugOf(core, appId);
  if (slug && r.apps.includes(slug)) return true;
  if (r.users.some((u) => u.toLowerCase() === actor.toLowerCase())) return true;
  return r.teams.some((t) => ownedBy(core, [`${repo.owner}/${t}`], actor));
}
