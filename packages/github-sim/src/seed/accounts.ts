// Users, organisations and teams, seeded.
import type { SimCore } from "../core.js";
import type { Account, Team } from "../store/types.js";
import { nodeId } from "../util/ids.js";

export interface SeedUserOptions {
  type?: "User" | "Bot";
  name?: string;
  email?: string;
}

export interface SeedTeamOptions {
  name?: string;
  description?: string;
  maintainers?: string[];
  members?: string[];
}

export function seedOrg(core: SimCore, login: string, opts: { name?: string } = {}): Account {
  const a = core.store.ensureAccount(login, "Organization", { name: opts.name ?? null });
  a.type = "Organization";
  return a;
}

export function seedUser(core: SimCore, login: string, opts: SeedUserOptions = {}): Account {
  const a = core.store.ensureAccount(login, opts.type ?? "User", {
    name: opts.name ?? null,
    email: opts.email ?? null,
  });
  if (opts.name !== undefined) a.name = opts.name;
  if (opts.email !== undefined) a.email = opts.email;
  return a;
}

export function seedTeam(core: SimCore, org: string, slug: string, opts: SeedTeamOptions = {}): Team {
  seedOrg(core, org);
  for (const l of [...(opts.maintainers ?? []), ...(opts.members ?? [])]) seedUser(core, l);
  const id = core.store.ids.take("team");
  const t: Team = {
    id,
    nodeId: nodeId("T", id),
    org,
    slug,
    name: opts.name ?? slug,
    description: opts.description ?? null,
    maintainers: new Set(opts.maintainers ?? []),
    members: new Set(opts.members ?? []),
  };
  core.store.teams.set(`${org.toLowerCase()}/${slug.toLowerCase()}`, t);
  return t;
}
