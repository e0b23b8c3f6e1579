// GitHub Apps and their installations, seeded: the main app, the CI apps that own check runs.
import type { SimCore } from "../core.js";
import type { Installation, SimApp } from "../store/types.js";
import { nodeId } from "../util/ids.js";
import { seedOrg } from "./accounts.js";

export const DEFAULT_PERMISSIONS: Record<string, string> = {
  checks: "write",
  contents: "write",
  deployments: "write",
  discussions: "write",
  issues: "write",
  metadata: "read",
  members: "read",
  pull_requests: "write",
  security_events: "read",
  statuses: "write",
};

export const DEFAULT_EVENTS = [
  "check_run",
  "check_suite",
  "create",
  "delete",
  "deployment",
  "deployment_status",
  "issue_comment",
  "issues",
  "label",
  "milestone",
  "pull_request",
  "pull_request_review",
  "push",
  "release",
  "status",
];

export interface SeedAppInput {
  id: number;
  slug: string;
  name?: string;
  publicKey?: string | null;
  owner?: string;
  permissions?: Record<string, string>;
  events?: string[];
}

export interface SeedInstallationInput {
  account: string;
  id?: number;
  appId?: number;
  permissions?: Record<string, string>;
  events?: string[];
}

export function seedApp(core: SimCore, opts: SeedAppInput): SimApp {
  const owner = opts.owner ?? "sim-apps";
  core.store.ensureAccount(owner, "Organization");
  const app: SimApp = {
    id: opts.id,
    nodeId: nodeId("A", opts.id),
    slug: opts.slug,
    name: opts.name ?? opts.slug,
    owner,
    publicKeyPem: opts.publicKey ?? null,
    permissions: opts.permissions ?? DEFAULT_PERMISSIONS,
    events: opts.events ?? DEFAULT_EVENTS,
    createdAt: "2020-01-01T00:00:00Z",
    botLogin: `${opts.slug}[bot]`,
  };
  core.store.apps.set(app.id, app);
  core.store.ensureAccount(app.botLogin, "Bot");
  return app;
}

export function seedInstallation(core: SimCore, opts: SeedInstallationInput): Installation {
  const appId = opts.appId ?? core.mainAppId;
  const app = core.store.app(appId);
  if (!app) throw new Error(`[sim] unknown app ${appId}`);
  if (!core.store.account(opts.account)) seedOrg(core, opts.account);
  const id = opts.id ?? core.store.ids.take("installation");
  const inst: Installation = {
    id,
    nodeId: nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", id),
    appId,
    account: core.store.requireAccount(opts.account).login,
    repositorySelection: "all",
    permissions: opts.permissions ?? app.permissions,
    events: opts.events ?? app.events,
    createdAt: core.now(),
  };
  core.store.installations.set(id, inst);
  return inst;
}

export function seedCiApp(core: SimCore, slug = "ci"): SimApp {
  const existing = core.store.appBySlug(slug);
  if (existing) return existing;
  let id = 90001;
  while (core.store.app(id)) id++;
  return seedApp(core, { id, slug, name: slug === "ci" ? "CI" : slug });
}
