import { getNamedType, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type ValueNode } from "graphql";
import { schema } from "./schema.js";
import type { WireError } from "./wire-errors.js";

const MAX_PAGE = 100;

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
export function paginationErrors(doc: DocumentNode, vars: Record<string, unknown>): WireError[] {
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
