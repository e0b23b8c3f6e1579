import type { SimCore } from "../core.js";
import type { Repo } from "../store/types.js";
import { user } from "./accounts.js";

function openIssuesCount(repo: Repo): number {
  let n = 0;
  for (const i of repo.issues.values()) if (i.state === "open") n++;
  return n;
}

/** Ids, names, owner and the two base addresses. */
function repositoryIdentity(core: SimCore, repo: Repo, api: string, html: string): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: user(core, repo.owner),
    html_url: html,
    description: repo.description,
    fork: false,
    url: api,
  };
}

/** The API's URL templates for a repository's resources. */
function repositoryUrlTemplates(api: string): Record<string, unknown> {
  return {
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
  };
}

function repositoryDates(repo: Repo): Record<string, unknown> {
  return {
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt,
  };
}

function repositoryCloneUrls(repo: Repo, html: string): Record<string, unknown> {
  return {
    git_url: `git://github.com/${repo.fullName}.git`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
  };
}

/** Counts, features and settings; most are fixed, as stars, forks and licences are not simulated. */
function repositoryFacts(repo: Repo): Record<string, unknown> {
  const openIssues = openIssuesCount(repo);
  return {
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: repo.discussionCategories.length > 0,
    forks_count: 0,
    mirror_url: null,
    archived: repo.archived,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    custom_properties: {},
    visibility: repo.private ? "private" : "public",
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
  };
}

/** Full repository object (REST `GET /repos/{owner}/{repo}` and webhook `repository`). */
export function repository(core: SimCore, repo: Repo): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  const html = `${core.urls.html}/${repo.fullName}`;
  // Object.assign, not spreads: V8 spreads objects this big into one about fifty times slower.
  return Object.assign(
    repositoryIdentity(core, repo, api, html),
    repositoryUrlTemplates(api),
    repositoryDates(repo),
    repositoryCloneUrls(repo, html),
    repositoryFacts(repo),
  );
}

/** Minimal repository reference used inside pull request / check payloads. */
export function repoRef(core: SimCore, repo: Repo): Record<string, unknown> {
  return { id: repo.id, url: `${core.urls.api}/repos/${repo.fullName}`, name: repo.name };
}

/** The `repository` of a push webhook: timestamps are integers and the owner carries name/email. */
export function pushRepository(core: SimCore, repo: Repo): Record<string, unknown> {
  const base = repository(core, repo);
  const owner = core.store.account(repo.owner);
  const person = core.store.person(repo.owner, core.now());
  // The fields both have keep their place in `base`, as a spread would keep it.
  return Object.assign(base, {
    owner: {
      name: owner?.name ?? repo.owner,
      email: owner?.type === "Organization" ? null : person.email,
      ...(base["owner"] as object),
    },
    url: `${core.urls.html}/${repo.fullName}`,
    created_at: Math.floor(new Date(repo.createdAt).getTime() / 1000),
    pushed_at: Math.floor(new Date(repo.pushedAt).getTime() / 1000),
    stargazers: 0,
    master_branch: repo.defaultBranch,
    ...(owner?.type === "Organization" ? { organization: owner.login } : {}),
  });
}
