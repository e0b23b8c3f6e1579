// Which hidden state counts and which changes people made, from the body's edit history (pure).
import { describe, expect, it } from "vitest";
import type { BodyRevision } from "../../src/train/model/issue-observation.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import { encodeState } from "../../src/train/state.js";
import { needsHistory, originRead, trainOrigin, trustBody } from "../../src/train/trust.js";

const BOT = "release-train[bot]";
const base: TrainState = {
  v: 1,
  version: "2.0.0",
  startedAt: "2026-11-27T10:00:00Z",
  ticks: {},
  acked: {},
  audit: [],
  reached: {},
  signoffs: {},
  compliance: {},
  accepted: {},
  intro: "",
};
const stateWith = (ticks: string[], revisions?: number): TrainState => ({
  ...base,
  ticks: Object.fromEntries(ticks.map((id) => [id, { by: "olga", at: "2026-11-27T10:01:00Z", via: "tick" }])),
  ...(revisions === undefined ? {} : { revisions }),
});
const box = (id: string, on: boolean) => `- [${on ? "x" : " "}] **${id}** step`;
/** A rendered body: the boxes as the state has them, unless overridden. */
function body(state: TrainState, boxes: Record<string, boolean> = {}): string {
  const lines = ["P6", "P7", "P8"].map((id) => box(id, boxes[id] ?? Boolean(state.ticks[id])));
  return `# 🚂 Release train v2.0.0\n\n${lines.join("\n")}\n\n${encodeState(state)}\n`;
}
let minute = 0;
const rev = (editor: string, text: string | null): BodyRevision => {
  minute += 1;
  return { editor, editedAt: `2026-11-27T11:${String(minute).padStart(2, "0")}:00Z`, body: text };
};
/** History newest first, from revisions given oldest first (the first is the text as opened). */
const history = (...oldestFirst: BodyRevision[]) => [...oldestFirst].reverse();
const trust = (current: string, revisions: BodyRevision[], lastEditor: string | null = revisions[0]?.editor ?? null) =>
  trustBody({ body: current, botLogin: BOT, author: "rita", lastEditor, total: revisions.length, history: revisions });

describe("the state that counts", () => {
  it("is the body's when release-train saved it last; the history is then not read unless people saved since the state's mark", () => {
    const s1 = stateWith([], 2);
    const issue = (lastEditor: string, newest: string[], total: number) => ({
      body: body(s1),
      lastEditor,
      revisions: { total, newest: newest.map((e) => rev(e, null)) },
    });
    expect(needsHistory(issue(BOT, [BOT, "rita"], 2), BOT)).toBe(false);
    expect(needsHistory(issue("olga", ["olga", BOT, "rita"], 3), BOT)).toBe(true);
    // olga's edit landed just before release-train's write and was overwritten by it.
    expect(needsHistory(issue(BOT, [BOT, "olga", BOT, "rita"], 4), BOT)).toBe(true);
    expect(needsHistory(issue(BOT, [BOT, BOT, "rita"], 3), BOT)).toBe(false);
    expect(needsHistory({ body: "Our launch.", lastEditor: null, revisions: { total: 0, newest: [] } }, BOT)).toBe(
      false,
    );
  });

  it("an older copy of release-train's own body is replaced by the latest, naming who pasted it, and its boxes change nothing", () => {
    const older = body(stateWith(["P7"], 2));
    const latest = body(stateWith([], 3));
    const revisions = history(rev("rita", "Our launch."), rev(BOT, older), rev(BOT, latest), rev("mallory", older));
    const trusted = trust(older, revisions);
    expect(trusted).toMatchObject({
      source: "history",
      replaced: "older",
      editors: ["mallory"],
      state: stateWith([], 3),
    });
    expect(trusted.edits).toEqual([{ editor: "mallory", at: revisions[0]!.editedAt, before: older, after: older }]);
  });

  it("with release-train's latest revision deleted from the history, no older one is taken for it: rebuilt, naming who deleted it", () => {
    const older = body(stateWith(["P7"], 2));
    const latest: BodyRevision = { ...rev(BOT, null), deletedBy: "mallory" };
    const trusted = trust(older, history(rev("rita", "Our launch."), rev(BOT, older), latest, rev("mallory", older)));
    expect(trusted).toMatchObject({
      state: null,
      block: null,
      source: "none",
      replaced: "altered",
      editors: ["mallory"],
    });
  });

  it("a body release-train never wrote holds no state of its own, whatever it carries", () => {
    const opened = (text: string) =>
      trustBody({ body: text, botLogin: BOT, author: "rita", lastEditor: null, total: 0, history: null });
    expect(opened(body(stateWith(["P6", "P7", "P8"])))).toMatchObject({
      state: null,
      source: "none",
      replaced: "altered",
      editors: ["rita"],
    });
    expect(opened("Our launch.")).toMatchObject({ state: null, replaced: null });
  });
});

describe("people's changes", () => {
  it("a stale page is read against the revision it was opened on: rita's tick counts, olga's later tick is not undone", () => {
    const r1 = body(stateWith([], 2));
    const r2 = body(stateWith(["P8"], 3)); // olga's /check P8, rendered
    const stale = body(stateWith([], 2), { P7: true }); // rita's page still showed r1
    const trusted = trust(stale, history(rev("rita", "Our launch."), rev(BOT, r1), rev(BOT, r2), rev("rita", stale)));
    expect(trusted.state).toEqual(stateWith(["P8"], 3));
    expect(trusted.replaced).toBe("older");
    expect(trusted.edits).toEqual([expect.objectContaining({ editor: "rita", before: r1, after: stale })]);
  });

  it("an edit overwritten by release-train's next write is still read, against the revision it was made on", () => {
    const r1 = body(stateWith([], 2));
    const ticked = body(stateWith([], 2), { P7: true });
    const r2 = body(stateWith([], 2)); // written over rita's edit
    const trusted = trust(r2, history(rev("rita", "Our launch."), rev(BOT, r1), rev("rita", ticked), rev(BOT, r2)));
    expect(trusted).toMatchObject({ source: "body", replaced: null });
    expect(trusted.edits).toEqual([expect.objectContaining({ editor: "rita", before: r1, after: ticked })]);
  });

  it("a person going on with their own edit is read against it; another person's edit is never taken as someone's starting point", () => {
    const r1 = body(stateWith([], 2));
    const olgaTicks = body(stateWith([], 2), { P8: true });
    const olgaUnticks = body(stateWith([], 2), { P8: false });
    const ritaStale = body(stateWith([], 2), { P7: true });
    const revisions = history(
      rev("rita", "Our launch."),
      rev(BOT, r1),
      rev("olga", olgaTicks),
      rev("olga", olgaUnticks),
      rev("rita", ritaStale),
    );
    expect(
      trust(ritaStale, revisions).edits.map((e) => [
        e.editor,
        e.before === r1 ? "r1" : e.before === olgaTicks ? "olga's tick" : "?",
      ]),
    ).toEqual([
      ["olga", "r1"],
      ["olga", "olga's tick"],
      ["rita", "r1"],
    ]);
  });

  it("edits already accounted for by the state (before its mark) are not read again", () => {
    const r1 = body(stateWith([], 2));
    const ticked = body(stateWith([], 2), { P7: true });
    const r2 = body(stateWith(["P7"], 3));
    expect(
      trust(r2, history(rev("rita", "Our launch."), rev(BOT, r1), rev("rita", ticked), rev(BOT, r2))).edits,
    ).toEqual([]);
  });
});

describe("where a train started, for a state rebuilt from GitHub", () => {
  const started = {
    ...base,
    reached: { preconditions: "2026-11-27T10:30:00Z" },
    acked: { "4000001": "2026-11-27T10:29:59Z#0123abcd" },
  };
  it("is the newest text a person saved before release-train's first rendering, who saved it, and when Phase 1 started as release-train's revisions say", () => {
    const opened = rev("rita", "Launch.");
    const edited = rev("olga", "Launch.\n\nrepos: blackroad-os-api");
    const revisions = [
      opened,
      edited,
      rev(BOT, body(base)),
      rev("dave", "repos: blackroad-os-web"),
      rev(BOT, body(started)),
      rev(BOT, body({ ...started, reached: { preconditions: "2026-11-28T00:00:00Z" } })),
    ];
    expect(trainOrigin(revisions, BOT)).toEqual({
      body: "Launch.\n\nrepos: blackroad-os-api",
      by: "olga",
      at: edited.editedAt,
      phase1At: "2026-11-27T10:30:00Z",
      // What that revision had handled by then.
      handledAtStart: started.acked,
      // People's edits between release-train's first rendering and Phase 1's start, each from the revision before.
      edits: [{ editor: "dave", at: revisions[3]!.editedAt, before: body(base), after: "repos: blackroad-os-web" }],
    });
    expect(originRead(BOT)(revisions.slice(0, 4))).toBe(false);
    expect(originRead(BOT)(revisions.slice(0, 5))).toBe(true);
  });

  it("is unknown when release-train's first rendering is not read, or the text before it was deleted from the history; Phase 1's start unknown until a revision records it", () => {
    expect(trainOrigin([rev("rita", "Launch."), rev("olga", "repos: x")], BOT)).toBeNull();
    expect(trainOrigin([rev("rita", "Launch."), rev("olga", null), rev(BOT, body(base))], BOT)).toBeNull();
    expect(trainOrigin([rev(BOT, body(base))], BOT)).toBeNull();
    expect(trainOrigin([rev("rita", "Launch."), rev(BOT, body(base))], BOT)).toMatchObject({
      body: "Launch.",
      by: "rita",
      phase1At: null,
      handledAtStart: null,
    });
  });
});
