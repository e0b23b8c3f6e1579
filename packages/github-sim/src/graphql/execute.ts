import {
  execute,
  getNamedType,
  getOperationAST,
  type GraphQLError,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  Kind,
  type DocumentNode,
  type ValueNode,
} from "graphql";
import { nodeLimitMessage, queryCost } from "./cost.js";
import { checkedDocument } from "./documents.js";
import { GqlError } from "./errors.js";
import { rootValue, type GqlContext } from "./root.js";
import { schema } from "./schema.js";

const MAX_PAGE = 100;

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

interface WireError {
  type?: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  message: string;
  extensions?: Record<string, unknown>;
}

function formatError(e: GraphQLError): WireError {
  const out: WireError = { message: e.message };
  const original = e.originalError;
  if (original instanceof GqlError) out.type = original.type;
  if (e.path) out.path = e.path;
  if (e.locations) out.locations = e.locations;
  if (!original && e.extensions && Object.keys(e.extensions).length) out.extensions = e.extensions;
  if (out.type) return { type: out.type, path: out.path ?? [], locations: out.locations ?? [], message: out.message };
  return out;
}

function literalValue(node: ValueNode, vars: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return vars[node.name.value];
  if (node.kind === Kind.NULL) return null;
  return undefined;
}

/**
 * GitHub's static connection checks: every connection needs `first` or
 * `last`, at most 100 — otherwise the whole query is rejected.
 */
function paginationErrors(doc: DocumentNode, vars: Record<string, unknown>): WireError[] {
  const errors: WireError[] = [];
  const typeInfo = new TypeInfo(schema());
  const path: string[] = [];
  visit(
    doc,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          path.push(node.alias?.value ?? node.name.value);
          const def = typeInfo.getFieldDef();
          if (!def) return;
          const typeName = getNamedType(def.type).name;
          if (!typeName.endsWith("Connection") || !def.args.some((a) => a.name === "first")) return;
          const arg = (name: string) => {
            const a = node.arguments?.find((x) => x.name.value === name);
            return a ? literalValue(a.value, vars) : undefined;
          };
          const first = arg("first");
          const last = arg("last");
          const loc = node.loc ? [{ line: node.loc.startToken.line, column: node.loc.startToken.column }] : [];
          if ((first === undefined || first === null) && (last === undefined || last === null)) {
            errors.push({
              type: "MISSING_PAGINATION_BOUNDARIES",
              path: [...path],
              locations: loc,
              message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${node.name.value}\` connection.`,
            });
          }
          for (const [name, v] of [
            ["first", first],
            ["last", last],
          ] as const) {
            if (typeof v === "number" && v > MAX_PAGE) {
              errors.push({
                type: "EXCESSIVE_PAGINATION",
                path: [...path, name],
                locations: loc,
                message: `Requesting ${v} records on the \`${node.name.value}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE} records.`,
              });
            }
            if (typeof v === "number" && v < 0) {
              errors.push({
                type: "INVALID_ARGUMENTS",
                path: [...path, name],
                locations: loc,
                message: `\`${name}\` must be non-negative`,
              });
            }
          }
        },
        leave() {
          path.pop();
        },
      },
    }),
  );
  return errors;
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

async function runCharged(req: GqlRequest, ctx: GqlContext, charge: Charge, payer: string): Promise<GqlOutcome> {
  const opName = typeof req.operationName === "string" && req.operationName ? req.operationName : null;
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
  const vars = req.variables && typeof req.variables === "object" ? (req.variables as Record<string, unknown>) : {};
  const pagination = paginationErrors(doc, vars);
  if (pagination.length) return { body: { errors: pagination }, operationName, isMutation };
  const cost = queryCost(schema(), doc, op, vars);
  if (cost.overLimitAt) {
    return {
      body: {
        errors: [
          { type: "MAX_NODE_LIMIT_EXCEEDED", path: [], locations: [], message: nodeLimitMessage(cost.overLimitAt) },
        ],
      },
      operationName,
      isMutation,
    };
  }
  ctx.charged = true;
  const rate = charge(cost.cost);
  if (!rate) {
    return {
      body: {
        errors: [
          {
            type: "RATE_LIMITED",
            code: "graphql_rate_limit",
            message: `API rate limit already exceeded for ${payer}.`,
          },
        ],
      },
      operationName,
      isMutation,
    };
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
