import type { SimCore } from "../core.js";
import type { Issue, IssueComment, Label, Milestone, Reaction, Repo } from "../store/types.js";
import { app, user } from "./accounts.js";

const REACTION_KEYS = ["+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"] as const;

export function reactionRollup(url: string, reactions: Reaction[]): Record<string, unknown> {
  const out: Record<string, unknown> = { url, total_count: reactions.length };
  for (const k of REACTION_KEYS) out[k] = reactions.filter((r) => r.content === k).length;
  return out;
}

export function reaction(core: SimCore, r: Reaction): Record<string, unknown> {
  return { id: r.id, node_id: r.nodeId, user: user(core, r.user), content: r.content, created_at: r.createdAt };
}

export function authorAssociation(core: SimCore, repo: Repo, login: string): string {
  const account = core.store.account(login);
  if (account?.type === "Bot") return "NONE";
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  for (const t of core.store.teams.values()) {
    if (t.org.toLowerCase() === repo.owner.toLowerCase() && (t.members.has(login) || t.maintainers.has(login)))
      return "MEMBER";
  }
  return "CONTRIBUTOR";
}

export function performedViaApp(core: SimCore, login: string): Record<string, unknown> | null {
  const a = core.store.appByBotLogin(login);
  return a ? app(core, a) : null;
}

export function label(core: SimCore, repo: Repo, l: Label): Record<string, unknown> {
  return {
    id: l.id,
    node_id: l.nodeId,
    url: `${core.urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    color: l.color,
    default: l.default,
    description: l.description,
  };
}

export function milestone(core: SimCore, repo: Repo, m: Milestone): Record<string, unknown> {
  let open = 0;
  let closed = 0;
  for (const i of repo.issues.values()) {
    if (i.milestone !== m.number) continue;
    if (i.state === "open") open++;
    else closed++;
  }
  const api = `${core.urls.api}/repos/${repo.fullName}/milestones/${m.number}`;
  return {
    url: api,
    html_url: `${core.urls.html}/${repo.fullName}/milestone/${m.number}`,
    labels_url: `${api}/labels`,
    id: m.id,
    node_id: m.nodeId,
    number: m.number,
    title: m.title,
    description: m.description,
    creator: user(core, m.creator),
    open_issues: open,
    closed_issues: closed,
    state: m.state,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    due_on: m.dueOn,
    closed_at: m.closedAt,
  };
}

export function issue(core: SimCore, repo: Repo, i: Issue, opts: { closedBy?: boolean } = {}): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}/issues/${i.number}`;
  const htmlKind = i.isPull ? "pull" : "issues";
  const labels = i.labels.map((name) => repo.labels.get(name.toLowerCase())).filter((l): l is Label => !!l);
  const ms = i.milestone !== null ? repo.milestones.get(i.milestone) : undefined;
  const pr = i.isPull ? repo.pulls.get(i.number) : undefined;
  const out: Record<string, unknown> = {
    url: api,
    repository_url: `${core.urls.api}/repos/${repo.fullName}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${core.urls.html}/${repo.fullName}/${htmlKind}/${i.number}`,
    id: i.id,
    node_id: i.nodeId,
    number: i.number,
    title: i.title,
    user: user(core, i.user),
    labels: labels.map((l) => label(core, repo, l)),
    state: i.state,
    locked: i.locked,
    assignee: i.assignees[0] ? user(core, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => user(core, a)),
    milestone: ms ? milestone(core, repo, ms) : null,
    comments: core.store.commentsOf(repo, i.number).length,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    author_association: authorAssociation(core, repo, i.user),
    active_lock_reason: null,
    body: i.body,
    reactions: reactionRollup(`${api}/reactions`, i.reactions),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: performedViaApp(core, i.user),
    state_reason: i.stateReason,
  };
  out["draft"] = false;
  if (pr) {
    out["draft"] = pr.draft;
    out["pull_request"] = {
      url: `${core.urls.api}/repos/${repo.fullName}/pulls/${i.number}`,
      html_url: `${core.urls.html}/${repo.fullName}/pull/${i.number}`,
      diff_url: `${core.urls.html}/${repo.fullName}/pull/${i.number}.diff`,
      patch_url: `${core.urls.html}/${repo.fullName}/pull/${i.number}.patch`,
      merged_at: pr.mergedAt,
    };
  }
  if (opts.closedBy) out["closed_by"] = i.closedBy ? user(core, i.closedBy) : null;
  return out;
}

export function comment(core: SimCore, repo: Repo, c: IssueComment): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}/issues/comments/${c.id}`;
  const i = repo.issues.get(c.issueNumber);
  return {
    url: api,
    html_url: `${core.urls.html}/${repo.fullName}/${i?.isPull ? "pull" : "issues"}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${core.urls.api}/repos/${repo.fullName}/issues/${c.issueNumber}`,
    id: c.id,
    node_id: c.nodeId,
    user: user(core, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: authorAssociation(core, repo, c.user),
    body: c.body,
    reactions: reactionRollup(`${api}/reactions`, c.reactions),
    performed_via_github_app: performedViaApp(core, c.user),
  };
}
