// GitHub's documented cost of a GraphQL call ("Calculating a rate limit score before
// running the call"): every connection needs one request per node of the connections
// around it (first/last multiplied through the nesting); the sum of those requests,
// divided by 100 and rounded, is the score, at least 1. The same walk counts the nodes a
// call may return, which GitHub caps at 500,000.
import {
  getNamedType,
  getOperationAST,
  parse,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { schema } from "./schema.js";

export const MAX_NODES = 500_000;

export interface QueryCost {
  /** Points charged: round(requests / 100), at least 1. */
  cost: number;
  /** Requests GitHub's formula counts (one per connection per enclosing node). */
  requests: number;
  /** Nodes the call may return at most. */
  nodeCount: number;
  /** The first connection at which the running node count went past MAX_NODES. */
  overLimitAt?: { connection: string; nodes: number };
}

function intValue(node: ValueNode | undefined, vars: Record<string, unknown>): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const v = vars[node.name.value];
    return typeof v === "number" ? v : undefined;
  }
  return undefined;
}

/** A field is a connection when its type is a `…Connection` paginated by first/last. */
function isConnection(typeName: string, argNames: string[]): boolean {
  return typeName.endsWith("Connection") && argNames.includes("first");
}

/** The cost and node count of `operation` by GitHub's formula (variables resolved). */
export function queryCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  operation: OperationDefinitionNode,
  vars: Record<string, unknown>,
): QueryCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of doc.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const out: QueryCost = { cost: 1, requests: 0, nodeCount: 0 };

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, multiplier: number, seen: Set<string>): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (t && isCompositeType(t)) walk(sel.selectionSet, t, multiplier, seen);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        const t = frag && schema.getType(frag.typeCondition.name.value);
        if (!frag || !t || !isCompositeType(t) || seen.has(frag.name.value)) continue;
        walk(frag.selectionSet, t, multiplier, new Set([...seen, frag.name.value]));
        continue;
      }
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const def = parent.getFields()[sel.name.value];
      if (!def) continue;
      const type = getNamedType(def.type);
      let inner = multiplier;
      if (
        isConnection(
          type.name,
          def.args.map((a) => a.name),
        )
      ) {
        const arg = (name: string) => intValue(sel.arguments?.find((a) => a.name.value === name)?.value, vars);
        const page = arg("first") ?? arg("last") ?? 0;
        out.requests += multiplier;
        inner = multiplier * page;
        out.nodeCount += inner;
        if (out.nodeCount > MAX_NODES && !out.overLimitAt)
          out.overLimitAt = { connection: sel.name.value, nodes: out.nodeCount };
      }
      if (sel.selectionSet && isCompositeType(type)) walk(sel.selectionSet, type, inner, seen);
    }
  };

  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (root) walk(operation.selectionSet, root, 1, new Set());
  out.cost = Math.max(1, Math.round(out.requests / 100));
  return out;
}

/** GitHub's answer to a call over the node limit. */
export function nodeLimitMessage(at: { connection: string; nodes: number }): string {
  return `By the time this query traverses to the ${at.connection} connection, it is requesting up to ${at.nodes.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString("en-US")}.`;
}

/** The cost of a query text against the simulated GitHub's schema (benchmarks, tests). */
export function costOfQuery(query: string, variables: Record<string, unknown> = {}, operationName?: string): QueryCost {
  const doc = parse(query);
  const op = getOperationAST(doc, operationName);
  if (!op) throw new Error("no operation to cost");
  return queryCost(schema(), doc, op, variables);
}
