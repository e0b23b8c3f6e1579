import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/train/commands/parse.js";

describe("parseCommands", () => {
  it.each([
    ["/signoff", { name: "signoff", args: [] }],
    ["/SignOff backend", { name: "signoff", args: ["backend"] }],
    ["/signoff revoke packs because of #12", { name: "signoff", args: ["revoke", "packs", "because", "of", "#12"] }],
    [
      "  /check 2.3 meeting notes in the wiki",
      { name: "check", args: ["2.3", "meeting", "notes", "in", "the", "wiki"] },
    ],
    ["/rollback immediate error rate 12%", { name: "rollback", args: ["immediate", "error", "rate", "12%"] }],
  ])("%s", (line, expected) => {
    expect(parseCommands(line)).toEqual([{ ...expected, line: line.trim() }]);
  });

  it("reads one command per line and ignores prose", () => {
    const body = "Looks good to me.\n/signoff backend\nsome text /approve in the middle\n/refresh";
    expect(parseCommands(body).map((c) => c.name)).toEqual(["signoff", "refresh"]);
  });

  it("ignores fenced code, indented code and quotes", () => {
    const body = [
      "```",
      "/approve",
      "```",
      "~~~md",
      "/hold",
      "~~~",
      "    /abort",
      "> /signoff",
      ">/resume",
      "",
      "/status",
    ].join("\n");
    expect(parseCommands(body).map((c) => c.name)).toEqual(["status"]);
  });

  it("a fence closes only with the same marker of at least the same length", () => {
    const body = ["````", "```", "/approve", "````", "/help"].join("\n");
    expect(parseCommands(body).map((c) => c.name)).toEqual(["help"]);
  });

  it("flags unknown commands but not paths", () => {
    expect(parseCommands("/deploy everything")).toEqual([
      { name: "unknown", word: "deploy", line: "/deploy everything" },
    ]);
    expect(parseCommands("/usr/bin/env is where it lives")).toEqual([]);
  });

  it("refuses invisible and bidi characters, and reports homoglyphs as look-alikes", () => {
    expect(parseCommands("/sign\u200Boff")[0]).toEqual({
      name: "invisible",
      line: "/sign\u200Boff",
      characters: ["U+200B ZERO WIDTH SPACE"],
    });
    expect(parseCommands("/approve \u202Eesaeler")[0]?.name).toBe("invisible");
    expect(parseCommands("/\u0455ignoff")[0]).toMatchObject({ name: "lookalike", meant: "signoff" });
  });
});
