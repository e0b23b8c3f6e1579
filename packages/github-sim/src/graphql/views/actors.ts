import type { SimCore } from "../../core.js";
import type { SimApp } from "../../store/types.js";
import { connection, type ConnectionArgs } from "../connection.js";

export type View = Record<string, unknown>;

/**
 * Actor view for a login. Like GitHub, a bot's GraphQL login has no "[bot]"
 * suffix (REST has "my-app[bot]", GraphQL Bot.login is "my-app").
 */
export function actorView(core: SimCore, login: string | null | undefined): View | null {
  if (!login) return null;
  const a = core.store.account(login) ?? core.store.ensureAccount(login, login.endsWith("[bot]") ? "Bot" : "User");
  const bare = a.type === "Bot" ? a.login.replace(/\[bot\]$/, "") : a.login;
  const path = a.type === "Bot" ? `/apps/${bare}` : `/${a.login}`;
  return {
    __typename: a.type === "Organization" ? "Organization" : a.type,
    id: a.nodeId,
    databaseId: a.id,
    login: bare,
    name: a.name,
    email: a.email ?? "",
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
    url: `${core.urls.html}${path}`,
    resourcePath: path,
    createdAt: a.createdAt,
  };
}

/** User-typed view (GitActor.user, Release.author, ...): null for bots, as on GitHub. */
export function userView(core: SimCore, login: string | null | undefined): View | null {
  const v = actorView(core, login);
  return v && v["__typename"] === "User" ? v : null;
}

export function appView(core: SimCore, app: SimApp | undefined): View | null {
  if (!app) return null;
  return {
    __typename: "App",
    id: app.nodeId,
    databaseId: app.id,
    slug: app.slug,
    name: app.name,
    url: `${core.urls.html}/apps/${app.slug}`,
  };
}

export function teamView(core: SimCore, org: string, slug: string): View | null {
  const t = core.store.team(org, slug);
  if (!t) return null;
  return {
    __typename: "Team",
    id: t.nodeId,
    databaseId: t.id,
    slug: t.slug,
    name: t.name,
    members: (args: ConnectionArgs & { role?: "MAINTAINER" | "MEMBER" }) => {
      const isMaint = (l: string) => [...t.maintainers].some((m) => m.toLowerCase() === l.toLowerCase());
      const all = [...new Set([...t.maintainers, ...t.members])];
      const list = all.filter((l) => !args.role || (args.role === "MAINTAINER" ? isMaint(l) : !isMaint(l)));
      const conn = connection(list, args, (l) => ({ login: l, node: actorView(core, l) }));
      return {
        ...conn,
        nodes: conn.nodes.map((n) => n.node),
        edges: conn.edges.map((e) => ({
          cursor: e.cursor,
          node: e.node?.node,
          role: isMaint(e.node!.login) ? "MAINTAINER" : "MEMBER",
        })),
      };
    },
  };
}

export function orgView(core: SimCore, login: string): View | null {
  const a = core.store.account(login);
  if (a?.type !== "Organization") return null;
  return {
    ...actorView(core, login),
    team: (args: { slug: string }) => teamView(core, a.login, args.slug),
  };
}
