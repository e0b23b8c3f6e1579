// The first steps of a decision: the train's state as the tracking issue holds it (or a
// new one), who is who, and the subset the body's `repos:` line names. Pure.
import { Authz } from "../authz.js";
import type { TrainState } from "../model/train-state.js";
import { withReleaseLines } from "../maintenance.js";
import { withTrainPulls } from "../release-pulls.js";
import { deploysToProduction, maintenanceTarget } from "../deploy/rollout.js";
import { recordCompliance } from "../signoff-requests.js";
import { decodeState, markerOf, wasRendered } from "../state.js";
import { subsetFromBody } from "../subset.js";
import type { DecideInput } from "./decide-input.js";
import type { Opening } from "./train-run.js";

const INTRO_LIMIT = 4000;

export function initialState(version: string, at: string, intro: string): TrainState {
  return {
    v: 1,
    version,
    startedAt: at,
    ticks: {},
    acked: {},
    audit: [],
    reached: {},
    signoffs: {},
    compliance: {},
    accepted: {},
    intro: intro.slice(0, INTRO_LIMIT),
  };
}

/** The state to decide on: decoded from the body, or a new train's, with its `repos:` line applied. */
export function openTrain(input: DecideInput): Opening {
  const { config, now } = input;
  const observation = withReleaseLines(withTrainPulls(input.observation, input.version), input.version);
  const at = now.toISOString();
  const previous = decodeState(observation.issue.body);
  const state: TrainState = previous
    ? structuredClone(previous)
    : initialState(
        input.version.version,
        at,
        observation.issue.body.includes("release-train:state") ? "" : observation.issue.body,
      );
  if (!previous)
    state.audit.push({
      at,
      actor: "release-train",
      text: `train ${input.version.tag} started from #${observation.issue.number}`,
    });
  const authz = new Authz(config, observation.memberships);
  const audit = (actor: string, text: string) => state.audit.push({ at, actor, text });
  // A train on a subset: the `repos:` line the train starts from, then `/only` (in the commands, before Phase 1).
  const mustInclude = deploysToProduction(config, input.version.version)
    ? (maintenanceTarget(config, input.plan).repo?.fullName ?? null)
    : null;
  // A state rebuilt from GitHub takes the `repos:` line and Phase 1's start from the body's edit history.
  const origin = !previous && wasRendered(observation.issue.body) ? observation.issue.origin : undefined;
  const rebuiltStart = origin?.phase1At ? { at: origin.phase1At, handled: origin.handledAtStart } : undefined;
  const subsetContext = {
    configuredPlan: input.plan,
    mustInclude,
    state,
    authz,
    audit,
    ...(rebuiltStart ? { rebuiltStart } : {}),
  };
  if (!previous && !wasRendered(observation.issue.body)) subsetFromBody(subsetContext, observation.issue);
  else if (origin)
    subsetFromBody(subsetContext, {
      body: origin.body,
      author: origin.by,
      lastEditor: null,
      lastEditedAt: null,
      createdAt: origin.at,
    });
  return {
    input,
    config,
    now,
    observation,
    at,
    previous,
    state,
    authz,
    audit,
    mustInclude,
    origin,
    rebuiltStart,
    subsetContext,
  };
}

/** What the state keeps of the issue itself: the key it was opened with, the edits accounted for, the compliance items. */
export function recordIssue(opening: Opening): void {
  const { config, observation, previous, state } = opening;
  // An issue the app opened (`/rc`, `/promote`) keeps its key, so its opener never opens it twice.
  const openedKey =
    !previous && observation.issue.author.toLowerCase() === observation.botLogin.toLowerCase()
      ? markerOf(observation.issue.body)
      : null;
  if (openedKey) state.openedAs = openedKey;
  // People's edits up to here are accounted for from now on (see trust.ts).
  if (!previous || observation.issue.edits.length > 0) state.revisions = observation.issue.revisions.total;
  recordCompliance(config, observation, state);
}
