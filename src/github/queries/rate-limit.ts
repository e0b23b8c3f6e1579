// Asked for by every query: what the app spends of its GraphQL points, and when they return.

/** What GitHub charged for the query (points), and what is left: asked for by every query. */
export const RATE_LIMIT = "rateLimit { cost remaining resetAt }";
