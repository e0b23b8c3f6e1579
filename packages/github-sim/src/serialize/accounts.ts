import type { SimCore } from "../core.js";
import type { Account, Installation, SimApp } from "../store/types.js";

function accountOf(core: SimCore, login: string): Account {
  return core.store.account(login) ?? core.store.ensureAccount(login, login.endsWith("[bot]") ? "Bot" : "User");
}

/** GitHub's "simple user" object. */
export function user(core: SimCore, login: string): Record<string, unknown> {
  const a = accountOf(core, login);
  const api = `${core.urls.api}/users/${encodeURIComponent(a.login)}`;
  return {
    login: a.login,
    id: a.id,
    node_id: a.nodeId,
    avatar_url: `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url:
      a.type === "Bot" ? `${core.urls.html}/apps/${a.login.replace(/\[bot\]$/, "")}` : `${core.urls.html}/${a.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: a.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** Organization object as found in webhook payloads. */
export function organization(core: SimCore, login: string): Record<string, unknown> {
  const a = accountOf(core, login);
  const api = `${core.urls.api}/orgs/${a.login}`;
  return {
    login: a.login,
    id: a.id,
    node_id: a.nodeId,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
    description: null,
  };
}

export function app(core: SimCore, a: SimApp): Record<string, unknown> {
  return {
    id: a.id,
    slug: a.slug,
    node_id: a.nodeId,
    client_id: `Iv1.${a.id.toString(16).padStart(16, "0")}`,
    owner: user(core, a.owner),
    name: a.name,
    description: "",
    external_url: `${core.urls.html}/apps/${a.slug}`,
    html_url: `${core.urls.html}/apps/${a.slug}`,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    permissions: a.permissions,
    events: a.events,
  };
}

export function installation(core: SimCore, inst: Installation): Record<string, unknown> {
  const a = core.store.app(inst.appId);
  const account = core.store.account(inst.account);
  return {
    id: inst.id,
    client_id: a ? `Iv1.${a.id.toString(16).padStart(16, "0")}` : null,
    account: user(core, inst.account),
    repository_selection: inst.repositorySelection,
    access_tokens_url: `${core.urls.api}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${core.urls.api}/installation/repositories`,
    html_url: `${core.urls.html}/organizations/${inst.account}/settings/installations/${inst.id}`,
    app_id: inst.appId,
    app_slug: a?.slug ?? null,
    target_id: account?.id ?? 0,
    target_type: account?.type === "Organization" ? "Organization" : "User",
    permissions: inst.permissions,
    events: inst.events,
    created_at: inst.createdAt,
    updated_at: inst.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}
