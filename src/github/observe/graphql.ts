// What the reads share: the GraphQL client they are given, the shapes common to
// GitHub's answers, and the one form of a login used everywhere.

export type GraphQL = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

/** A page of a GraphQL connection. */
export interface GqlConnection<T> {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}
export type GqlActor = { __typename: string; login: string } | null;

/**
 * GraphQL gives a bot's login without the "[bot]" suffix that REST and webhooks use
 * ("release-train" vs "release-train[bot]"); we use the REST form everywhere.
 */
export function actorLogin(actor: { __typename?: string; login: string } | null | undefined): string | null {
  if (!actor) return null;
  return actor.__typename === "Bot" && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login;
}
