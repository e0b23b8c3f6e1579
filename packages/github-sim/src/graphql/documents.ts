// Parsing and validating a query depend on its text alone (the schema is fixed), and a
// client sends the same few queries thousands of times: each text is checked once.
import { type DocumentNode, type GraphQLError, parse, validate } from "graphql";
import { schema } from "./schema.js";

export interface CheckedDocument {
  doc: DocumentNode;
  /** The schema's validation errors; empty when the query is valid. */
  validation: readonly GraphQLError[];
}

const MAX_ENTRIES = 1_000;
const checked = new Map<string, CheckedDocument>();

/** The parsed, validated query; a syntax error throws, as `parse` does (and is not kept). */
export function checkedDocument(query: string): CheckedDocument {
  const known = checked.get(query);
  if (known) return known;
  const doc = parse(query);
  const entry = { doc, validation: validate(schema(), doc) };
  // Texts built per call (values inlined) would grow the map without end: the oldest go first.
  if (checked.size >= MAX_ENTRIES) checked.delete(checked.keys().next().value!);
  checked.set(query, entry);
  return entry;
}
