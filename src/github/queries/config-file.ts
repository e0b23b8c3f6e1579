import { RATE_LIMIT } from "./rate-limit.js";

/** A configuration file elsewhere (`_extends`, or the org-wide `.github` repository). */
export const CONFIG_FILE = `query ConfigFile($owner: String!, $repo: String!, $expr: String!) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $repo) { object(expression: $expr) { ... on Blob { text } } }
}`;
