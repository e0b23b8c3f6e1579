import { execute, getOperationAST, type GraphQLError, type DocumentNode, type OperationDefinitionNode } from "graphql";
import type { GqlContext } from "./context.js";
import { nodeLimitMessage, queryCost } from "./cost.js";
import { checkedDocument } from "./documents.js";
import { paginationErrors } from "./pagination.js";
import { rootValue } from "./root.js";
import { schema } from "./schema.js";
import { pageMemo } from "./page-memo.js";
import { formatError } from "./wire-errors.js";

export interface GqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** What the caller's budget says after a charge; undefined when it could not pay. */
export type Charge = (cost: number) => GqlContext["rate"] | undefined;

export interface GqlOutcome {
  body: Record<string, unknown>;
  operationName: string | null;
  isMutation: boolean;
}

/** A request whose query parsed and validated, with the operation it runs. */
interface Operation {
  doc: DocumentNode;
  op: OperationDefinitionNode;
  operationName: string | null;
  isMutation: boolean;
}

/**
 * Runs one GraphQL request and shapes the answer (and its errors) like GitHub's API.
 * A valid call is charged its cost by GitHub's formula (`charge`) before it runs; a call
 * refused before that (syntax, validation, pagination, node limit) costs 1 point.
 */
export async function runGraphql(req: GqlRequest, ctx: GqlContext, charge: Charge, payer: string): Promise<GqlOutcome> {
  const outcome = await runCharged(req, ctx, charge, payer);
  if (!ctx.charged) charge(1);
  return outcome;
}

const paginationOf = pageMemo<ReturnType<typeof paginationErrors>>();
const costOf = pageMemo<ReturnType<typeof queryCost>>();

async function runCharged(req: GqlRequest, ctx: GqlContext, charge: Charge, payer: string): Promise<GqlOutcome> {
  const opName = typeof req.operationName === "string" && req.operationName ? req.operationName : null;
  const parsed = operationOf(req, opName);
  if (!("op" in parsed)) return parsed;
  const { doc, op, operationName, isMutation } = parsed;
  const refused = (errors: unknown[]): GqlOutcome => ({ body: { errors }, operationName, isMutation });
  const vars = req.variables && typeof req.variables === "object" ? (req.variables as Record<string, unknown>) : {};
  const pagination = paginationOf(doc, doc, vars, () => paginationErrors(doc, vars));
  if (pagination.length) return refused(pagination);
  const cost = costOf(doc, op, vars, () => queryCost(schema(), doc, op, vars));
  if (cost.overLimitAt) {
    return refused([
      { type: "MAX_NODE_LIMIT_EXCEEDED", path: [], locations: [], message: nodeLimitMessage(cost.overLimitAt) },
    ]);
  }
  ctx.charged = true;
  const rate = charge(cost.cost);
  if (!rate) {
    return refused([
      { type: "RATE_LIMITED", code: "graphql_rate_limit", message: `API rate limit already exceeded for ${payer}.` },
    ]);
  }
  Object.assign(ctx, { cost: cost.cost, nodeCount: cost.nodeCount, rate });
  const result = await execute({
    schema: schema(),
    document: doc,
    rootValue: rootValue(),
    contextValue: ctx,
    variableValues: vars,
    operationName: opName,
  });
  const body: Record<string, unknown> = {};
  if (result.data !== undefined) body["data"] = result.data;
  if (result.errors?.length) body["errors"] = result.errors.map(formatError);
  return { body, operationName, isMutation };
}

/** The operation a request runs, or the answer refusing it (no query, a syntax or validation error, no such operation). */
function operationOf(req: GqlRequest, opName: string | null): Operation | GqlOutcome {
  if (typeof req.query !== "string" || !req.query.trim()) {
    return {
      body: { errors: [{ message: "A query attribute must be specified and must be a string." }] },
      operationName: opName,
      isMutation: false,
    };
  }
  let doc: DocumentNode;
  let validation: readonly GraphQLError[];
  try {
    ({ doc, validation } = checkedDocument(req.query));
  } catch (e) {
    const err = e as GraphQLError;
    return {
      body: { errors: [{ message: err.message, ...(err.locations ? { locations: err.locations } : {}) }] },
      operationName: opName,
      isMutation: false,
    };
  }
  const op = getOperationAST(doc, opName ?? undefined);
  const operationName = opName ?? op?.name?.value ?? null;
  const isMutation = op?.operation === "mutation";
  if (validation.length) return { body: { errors: validation.map(formatError) }, operationName, isMutation };
  if (!op) {
    return {
      body: { errors: [{ message: opName ? `No operation named "${opName}"` : "An operation name is required" }] },
      operationName,
      isMutation,
    };
  }
  return { doc, op, operationName, isMutation };
}
