// The store's records, one module per domain; the rest of the simulator imports them from here.
export type * from "./records/accounts.js";
export type * from "./records/issues.js";
export type * from "./records/pulls.js";
export type * from "./records/checks.js";
export type * from "./records/deployments.js";
export type * from "./records/code-scanning.js";
export type * from "./records/discussions.js";
export type * from "./records/repo.js";
