export * from "./accounts.js";
export * from "./repos.js";
export * from "./issues.js";
export * from "./git.js";
export * from "./pulls.js";
export * from "./checks.js";
export * from "./deployments.js";
