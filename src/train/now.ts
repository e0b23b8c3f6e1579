// What the train is doing right now, for the top of the tracking issue: what runs,
// what blocks it, who must act (with the exact command) and what comes next. Pure.
import type { ChecklistItem, TrainView } from "./model/train-view.js";
import { PHASES } from "./playbook.js";

export interface Ask {
  /** Mentions (`@bella`, `@org/team`) or a description ("any team lead"). */
  who: string;
  /** The command to comment on the tracking issue. */
  command: string;
  why: string;
}

export interface NowView {
  /** One word or two for the train's health: on track, waiting for people, blocked … */
  health: string;
  running: string[];
  blocked: string[];
  asks: Ask[];
  next: string;
}

const open = (i: ChecklistItem) => i.status !== "done" && i.status !== "skipped";
const progress = (i: ChecklistItem) => (i.progress ? ` (${i.progress.done}/${i.progress.total})` : "");
const describe = (i: ChecklistItem) => `${i.id} ${i.title}${progress(i)}${i.detail ? ` — ${i.detail}` : ""}`;
const checkAsk = (i: ChecklistItem): Ask => ({ who: i.askWho ?? i.owner, command: `/check ${i.id}`, why: i.title });

/** The items of the stage the train is in: the preconditions until they hold, then the current phase. */
export function currentItems(view: TrainView): { title: string; items: ChecklistItem[] } {
  if (view.preconditions.some(open)) return { title: "Preconditions", items: view.preconditions };
  const phase = view.phases.find((p) => p.id === view.currentPhase)!;
  return { title: `Phase ${phase.id}: ${phase.title}`, items: phase.steps };
}

function phaseAsks(view: TrainView, items: ChecklistItem[]): Ask[] {
  const asks = items.filter((i) => i.kind === "manual" && open(i)).map(checkAsk);
  if (view.currentPhase === 2 && !view.preconditions.some(open)) {
    const signoffs = view.signoffs
      .filter((s) => !s.signedBy)
      .map((s) => ({ who: s.leads.join(" "), command: `/signoff ${s.team}`, why: `sign-off for ${s.team} (2.4)` }));
    asks.push(...signoffs);
    const gatesGreen = items.filter((i) => i.id !== "2.5").every((i) => !open(i));
    const approval = items.find((i) => i.id === "2.5");
    if (gatesGreen && approval && open(approval))
      asks.push({ who: view.orchestrators, command: "/approve", why: "final approval (2.5)" });
  }
  return asks;
}

function nextStep(view: TrainView, items: ChecklistItem[], asked: Set<string>): string {
  const waiting = items.find((i) => i.status === "pending" && !asked.has(i.id));
  if (waiting) return `${waiting.id} ${waiting.title}`;
  const following = PHASES.find((p) => p.id === view.currentPhase + (view.preconditions.some(open) ? 0 : 1));
  return following ? `Phase ${following.id}: ${following.title}` : "the train ends once every postcondition holds";
}

export function nowView(view: TrainView): NowView {
  if (view.finished) return finishedNow(view);
  if (view.aborted)
    return { health: "aborted", running: [], blocked: [], asks: [], next: "nothing: open a new train to release" };
  if (view.rollback) return rollbackNow(view, view.rollback);
  const { items } = currentItems(view);
  const asks = phaseAsks(view, items);
  const failed = [...view.preconditions, ...items].filter((i) => i.status === "failed" || i.status === "blocked");
  const blocked = [...new Set(failed)].map(describe);
  if (view.hold) {
    blocked.unshift(`on hold: ${view.hold.reason}`);
    asks.push(
      view.hold.auto
        ? { who: view.orchestrators, command: "/retry", why: "once the cause is fixed" }
        : { who: view.orchestrators, command: "/resume", why: "continue the train" },
    );
  }
  const health = view.hold
    ? "on hold"
    : blocked.length > 0
      ? "blocked"
      : asks.length > 0
        ? "waiting for people"
        : "on track";
  return {
    health,
    running: items.filter((i) => i.status === "running").map(describe),
    blocked,
    asks,
    next: nextStep(view, items, new Set(asks.map((a) => a.command.replace("/check ", "")))),
  };
}

/** Released: only the retrospective may be left. */
function finishedNow(view: TrainView): NowView {
  const retro = view.phases.at(-1)!.steps.find((s) => s.id === "7.7")!;
  if (open(retro))
    return {
      health: "released",
      running: [],
      blocked: [],
      asks: [{ ...checkAsk(retro), why: "hold the retrospective, then close its issue (or `/check 7.7`)" }],
      next: "nothing: the train is complete once the retrospective is held",
    };
  return { health: "released", running: [], blocked: [], asks: [], next: "nothing: the train is complete" };
}

/** Rolling back: the procedure's steps, then ending the train once they are done. */
function rollbackNow(view: TrainView, rollback: NonNullable<TrainView["rollback"]>): NowView {
  const steps = rollback.steps;
  const done = steps.every((s) => !open(s));
  const asks = steps.filter((s) => s.kind === "manual" && open(s)).map(checkAsk);
  if (done)
    asks.push({
      who: view.orchestrators,
      command: "/abort <reason>",
      why: "end this train and lift the code freeze",
    });
  return {
    health: done ? "rolled back" : "rolling back",
    running: steps.filter((s) => s.status === "running").map(describe),
    blocked: [rollback.reason, ...steps.filter((s) => s.status === "failed").map(describe)],
    asks,
    next: done
      ? "fix the cause on the default branches, then open a new train for the fixed release"
      : (steps.find((s) => s.status === "pending")?.title ?? "verify the rollback"),
  };
}
