// Each query text is parsed and validated once; the answer for a text never changes.
import { describe, expect, it } from "vitest";
import { checkedDocument } from "../src/graphql/documents.js";

describe("checked GraphQL documents", () => {
  it("checks a text once and answers the same for it every time, valid or not", () => {
    const valid = "query One { viewer { login } }";
    expect(checkedDocument(valid)).toBe(checkedDocument(valid));
    expect(checkedDocument(valid).validation).toEqual([]);
    const invalid = "query Two { viewer { nope } }";
    expect(checkedDocument(invalid).validation.map((e) => e.message)).toEqual([
      'Cannot query field "nope" on type "User". Did you mean "name"?',
    ]);
    expect(checkedDocument(invalid)).toBe(checkedDocument(invalid));
  });

  it("throws a syntax error each time instead of keeping it", () => {
    expect(() => checkedDocument("query {")).toThrow(/Syntax Error/);
    expect(() => checkedDocument("query {")).toThrow(/Syntax Error/);
  });

  it("forgets the oldest texts past its bound instead of growing without end", () => {
    const first = checkedDocument("query First { viewer { login } }");
    for (let i = 0; i < 1_000; i += 1) checkedDocument(`query Q${i} { viewer { login } }`);
    expect(checkedDocument("query First { viewer { login } }")).not.toBe(first);
  });
});
