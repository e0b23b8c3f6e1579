import { describe, expect, it } from "vitest";
import { parseStrictJson } from "../helpers/strict-json.js";

describe("parseStrictJson", () => {
  it("parses what JSON.parse parses", () => {
    const text = '{"a":1,"b":{"a":"x,\\"a\\":{"},"c":[{"a":1},{"a":2}],"d":"}"}';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it("refuses a key twice in one object, at any depth, and invalid JSON", () => {
    expect(() => parseStrictJson('{"name":"probot","name":"event"}')).toThrow('duplicate key "name"');
    expect(() => parseStrictJson('{"err":{"event":{"id":1,"id":2}}}')).toThrow('duplicate key "id"');
    expect(() => parseStrictJson('[{"a":1},{"b":[],"b":0}]')).toThrow('duplicate key "b"');
    expect(() => parseStrictJson('{"a":1,}')).toThrow(SyntaxError);
  });
});
