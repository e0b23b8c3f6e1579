// Accounts (users, organisations, bots), teams, and the GitHub Apps installed on them.

export type AccountType = "User" | "Organization" | "Bot";

export interface Account {
  id: number;
  nodeId: string;
  login: string;
  type: AccountType;
  name: string | null;
  email: string | null;
  createdAt: string;
}

export interface Team {
  id: number;
  nodeId: string;
  org: string;
  slug: string;
  name: string;
  description: string | null;
  maintainers: Set<string>;
  members: Set<string>;
}

export interface SimApp {
  id: number;
  nodeId: string;
  slug: string;
  name: string;
  owner: string;
  /** PEM public key used to verify the app's JWTs; null for apps that never call the API. */
  publicKeyPem: string | null;
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
  /** Login of the app's bot user ("<slug>[bot]"). */
  botLogin: string;
}

export interface Installation {
  id: number;
  nodeId: string;
  appId: number;
  account: string;
  repositorySelection: "all" | "selected";
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
}

export interface InstallationToken {
  token: string;
  installationId: number;
  /** Real-time expiry (epoch ms); the app's token cache runs on real time. */
  expiresAtMs: number;
  expiresAt: string;
}
