// A query's pagination checks and cost are worked out once per document and page sizes.
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { pageMemo } from "../src/graphql/page-memo.js";

const QUERY = `query Page($n: Int, $m: Int, $label: String) {
  viewer { login }
  a: search(query: $label, type: ISSUE, first: $n) { nodes { __typename } }
  b: search(query: "x", type: ISSUE, last: $m) { nodes { __typename } }
}`;

describe("page memo", () => {
  it("computes once per document and page sizes; other variables and the document's other parts do not count", () => {
    const memo = pageMemo<number>();
    const doc = parse(QUERY);
    let computed = 0;
    const ask = (node: object, vars: Record<string, unknown>) => memo(doc, node, vars, () => ++computed);
    expect(ask(doc, { n: 5, m: 1, label: "a" })).toBe(1);
    expect(ask(doc, { n: 5, m: 1, label: "b" })).toBe(1);
    expect(ask(doc, { n: 6, m: 1 })).toBe(2);
    expect(ask(doc, { n: 5, m: 2 })).toBe(3);
    // No page size and a null one read alike; a string is not a number.
    expect(ask(doc, { m: 1 })).toBe(4);
    expect(ask(doc, { n: null, m: 1 })).toBe(4);
    expect(ask(doc, { n: "5", m: 1 })).toBe(5);
    // Another part of the document (an operation) has answers of its own.
    expect(ask(doc.definitions[0]!, { n: 5, m: 1 })).toBe(6);
    // Another document with the same text is another document.
    expect(memo(parse(QUERY), doc, { n: 5, m: 1 }, () => -1)).toBe(1);
  });
});
