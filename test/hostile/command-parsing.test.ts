// Hostile comment text against the command parser (pure): look-alikes, hidden characters,
// quoted and hidden commands, and comments at GitHub's 65,536-character maximum.
import { describe, expect, it } from "vitest";
import { MAX_ARGS_CHARS, parseCommands } from "../../src/train/commands/parse.js";
import { cpuTimer } from "../helpers/cpu.js";

const names = (body: string) => parseCommands(body).map((c) => c.name);

describe("a command is recognised only as plain ASCII", () => {
  it.each([
    ["zero width space inside the word", "/appro\u200Bve", ["U+200B ZERO WIDTH SPACE"]],
    ["zero width space before the slash", "\u200B/approve", ["U+200B ZERO WIDTH SPACE"]],
    ["word joiner after the word", "/approve\u2060", ["U+2060 WORD JOINER"]],
    ["byte order mark before the slash", "\uFEFF/approve", ["U+FEFF ZERO WIDTH NO-BREAK SPACE"]],
    ["right-to-left override in the arguments", "/approve \u202Eesaeler", ["U+202E RIGHT-TO-LEFT OVERRIDE"]],
    [
      "right-to-left override displaying a reversed word as /approve",
      "\u202Eevorppa/",
      ["U+202E RIGHT-TO-LEFT OVERRIDE"],
    ],
    [
      "several hidden characters",
      "/sign\u200Coff\u200F backend",
      ["U+200C ZERO WIDTH NON-JOINER", "U+200F RIGHT-TO-LEFT MARK"],
    ],
  ])("%s: refused as invisible, naming the characters", (_case, body, characters) => {
    expect(parseCommands(body)).toEqual([{ name: "invisible", line: body, characters }]);
  });

  it.each([
    ["Cyrillic а in /аpprove", "/\u0430pprove", "approve", ["U+0430 (CYRILLIC letter)"]],
    ["Cyrillic е and о in /rеlease-like /hоld", "/h\u043Eld now", "hold", ["U+043E (CYRILLIC letter)"]],
    ["Greek ο in /abοrt", "/ab\u03BFrt", "abort", ["U+03BF (GREEK letter)"]],
    ["full-width solidus ／approve", "\uFF0Fapprove", "approve", ["U+FF0F FULLWIDTH SOLIDUS"]],
    [
      "full-width letters ／ａｐｐｒｏｖｅ",
      "\uFF0F\uFF41\uFF50\uFF50\uFF52\uFF4F\uFF56\uFF45",
      "approve",
      [
        "U+FF0F FULLWIDTH SOLIDUS",
        "U+FF41 (FULLWIDTH form)",
        "U+FF50 (FULLWIDTH form)",
        "U+FF52 (FULLWIDTH form)",
        "U+FF4F (FULLWIDTH form)",
        "U+FF56 (FULLWIDTH form)",
        "U+FF45 (FULLWIDTH form)",
      ],
    ],
    ["division slash ∕signoff", "\u2215signoff backend", "signoff", ["U+2215 DIVISION SLASH"]],
    ["no-break space before the slash", "\u00A0/approve", "approve", ["U+00A0 NO-BREAK SPACE"]],
  ])("%s: a look-alike, not run, reported with what it imitates", (_case, body, meant, characters) => {
    expect(parseCommands(body)).toEqual([{ name: "lookalike", line: body, meant, characters }]);
  });

  it("look-alikes of things that are not commands are left alone", () => {
    expect(parseCommands("\uFF0Fetc\uFF0Fpasswd")).toEqual([]);
    expect(parseCommands("\uFF0Fhello there")).toEqual([]);
    expect(parseCommands("/usr/bin/env")).toEqual([]);
  });

  it("a non-ASCII word after a plain slash is an unknown command", () => {
    expect(parseCommands("/apprové")).toEqual([{ name: "unknown", word: "apprové", line: "/apprové" }]);
  });

  it("emoji in the arguments are fine (U+200D joins them)", () => {
    expect(parseCommands("/hold \u{1F468}\u200D\u{1F4BB} on call")).toEqual([
      {
        name: "hold",
        args: ["\u{1F468}\u200D\u{1F4BB}", "on", "call"],
        line: "/hold \u{1F468}\u200D\u{1F4BB} on call",
      },
    ]);
  });

  it("plain ASCII in any letter case still works", () => {
    expect(parseCommands("/APPROVE")).toEqual([{ name: "approve", args: [], line: "/APPROVE" }]);
  });
});

describe("a command is one a reader sees on its own line", () => {
  it.each([
    ["a quoted reply", "> /signoff"],
    ["a nested quote", "> > /signoff"],
    ["a quote without a space", ">/signoff"],
    ["the lazy continuation of a quote", "> @bella wrote:\n/signoff"],
    ["an e-mail reply", "On Monday @bella wrote:\n\n> Looks good\n> /signoff backend"],
    ["a fenced code block", "```\n/signoff\n```"],
    ["a tilde fence with an info string", "~~~text\n/signoff\n~~~"],
    ["a fence inside a quote", "> ```\n> /signoff\n> ```"],
    ["inline code", "`/signoff`"],
    ["double-backtick inline code", "``/signoff``"],
    ["indented code", "    /signoff"],
    ["an HTML comment on one line", "<!-- /signoff -->"],
    ["an HTML comment over several lines", "<!--\n/signoff\n-->"],
    ["an HTML comment that never closes", "hello <!--\n/signoff"],
    ["mid-sentence", "please /signoff when ready"],
    ["a list item", "- /signoff"],
  ])("%s is not a command", (_case, body) => {
    expect(parseCommands(body)).toEqual([]);
  });

  it("a command after a quote and a blank line, or after a closed HTML comment, is one", () => {
    expect(names("> @bella wrote: /signoff?\n\n/signoff backend")).toEqual(["signoff"]);
    expect(names("<!-- hidden -->\n/status")).toEqual(["status"]);
    expect(names("<!-- x --> /status")).toEqual(["status"]);
    expect(names("```\n/approve\n```\n/help")).toEqual(["help"]);
  });

  it("CR and CRLF line endings split lines like LF", () => {
    expect(names("LGTM\r\n/signoff\r/status")).toEqual(["signoff", "status"]);
  });
});

describe("comments of GitHub's maximum size (65,536 characters)", () => {
  const MAX = 65_536;
  const fill = (unit: string) => unit.repeat(Math.ceil(MAX / unit.length)).slice(0, MAX);
  /** CPU time (other processes on the machine do not add to it), the best of three runs (nor do this process's GC pauses, mostly). */
  const timed = (body: string) => {
    let ms = Infinity;
    for (let i = 0; i < 3; i += 1) {
      const cpu = cpuTimer();
      parseCommands(body);
      ms = Math.min(ms, cpu.ms());
    }
    return { ms };
  };

  it.each([
    ["one command line with a huge argument", `/hold ${"x".repeat(MAX - 6)}`],
    ["thousands of command lines", fill("/status\n")],
    ["thousands of unknown commands", fill("/nope\n")],
    ["thousands of look-alikes", fill("\uFF0Fapprove\n")],
    ["thousands of invisible characters", fill("/appro\u200Bve\n")],
    ["one line of slashes", "/".repeat(MAX)],
    ["a slash then no space", `/${"a".repeat(MAX - 1)}`],
    ["opening fences only", fill("```\n")],
    ["HTML comment openers only", fill("<!--")],
    ["quote markers only", fill("> ")],
    ["spaces then a slash", `${" ".repeat(MAX - 8)}/approve`],
  ])("%s: parsed in linear time", (_case, body) => {
    expect(body.length).toBe(MAX);
    const full = timed(body);
    const half = timed(body.slice(0, MAX / 2));
    // Measured: a few milliseconds of CPU; quadratic work would take seconds.
    expect(full.ms).toBeLessThan(250);
    // Linear: twice the input must not take many times longer (the floor absorbs timer noise).
    expect(full.ms).toBeLessThan(Math.max(100, half.ms * 8));
  });

  it("a huge argument is clipped, so a reason cannot overflow the tracking issue", () => {
    const [hold] = parseCommands(`/hold ${"reason ".repeat(9000)}`);
    expect(hold?.name).toBe("hold");
    const args = hold && "args" in hold ? hold.args : [];
    expect(args.join(" ").length).toBeLessThanOrEqual(MAX_ARGS_CHARS);
  });
});
