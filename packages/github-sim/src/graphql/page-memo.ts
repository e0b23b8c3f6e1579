// A query's pagination checks and its cost depend on its document and on the values of
// the variables its `first` and `last` arguments name, nothing else. A client sends the
// same few documents thousands of times, with a handful of page sizes: each answer is
// worked out once per document and page sizes, not on every call.
import { type DocumentNode, Kind, visit } from "graphql";

/** Answers kept per document: more page sizes than any client uses; the oldest go first. */
const MAX_PER_DOCUMENT = 64;

const pageVariables = new WeakMap<DocumentNode, string[]>();

/** The variables `first` and `last` arguments name in `doc`, in document order. */
function pageVariablesOf(doc: DocumentNode): string[] {
  let names = pageVariables.get(doc);
  if (!names) {
    const found = new Set<string>();
    visit(doc, {
      Argument(node) {
        if ((node.name.value === "first" || node.name.value === "last") && node.value.kind === Kind.VARIABLE)
          found.add(node.value.name.value);
      },
    });
    names = [...found];
    pageVariables.set(doc, names);
  }
  return names;
}

/**
 * One memo of a function of a document's part (`node`: the document, or one of its
 * operations) and its page sizes. The answers are shared: a caller never changes one.
 */
export function pageMemo<T>(): (doc: DocumentNode, node: object, vars: Record<string, unknown>, compute: () => T) => T {
  const answers = new WeakMap<object, Map<string, T>>();
  return (doc, node, vars, compute) => {
    // `undefined` and `null` read alike (no page size given); any other value keeps its type.
    const key = JSON.stringify(pageVariablesOf(doc).map((name) => vars[name] ?? null));
    const perNode = answers.get(node) ?? new Map<string, T>();
    answers.set(node, perNode);
    const known = perNode.get(key);
    if (known !== undefined) return known;
    const answer = compute();
    if (perNode.size >= MAX_PER_DOCUMENT) perNode.delete(perNode.keys().next().value!);
    perNode.set(key, answer);
    return answer;
  };
}
