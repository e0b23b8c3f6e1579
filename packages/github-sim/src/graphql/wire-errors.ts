import type { GraphQLError } from "graphql";
import { GqlError } from "./errors.js";

/** An error as GitHub's GraphQL API writes it. */
export interface WireError {
  type?: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  message: string;
  extensions?: Record<string, unknown>;
}

export function formatError(e: GraphQLError): WireError {
  const out: WireError = { message: e.message };
  const original = e.originalError;
  if (original instanceof GqlError) out.type = original.type;
  if (e.path) out.path = e.path;
  if (e.locations) out.locations = e.locations;
  if (!original && e.extensions && Object.keys(e.extensions).length) out.extensions = e.extensions;
  if (out.type) return { type: out.type, path: out.path ?? [], locations: out.locations ?? [], message: out.message };
  return out;
}
