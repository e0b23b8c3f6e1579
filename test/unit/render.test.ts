import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/parse.js";
import { decide } from "../../src/train/decide.js";
import type { Observation } from "../../src/train/model/observation.js";
import type { RepoObservation } from "../../src/train/model/repo-observation.js";
import { planRelease } from "../../src/train/plan.js";
import { BODY_LIMIT, fitToLimit } from "../../src/train/render.js";
import { decodeState, encodeState, STATE_AUDIT_CHARS, stateBlockOf } from "../../src/train/state.js";
import { V2, observation, repoObservation } from "../helpers/core.js";

function bigTrain(n: number) {
  const names = Array.from(
    { length: n },
    (_, i) => `service-with-a-long-descriptive-name-${String(i).padStart(4, "0")}`,
  );
  const result = validateConfig({
    repos: names.map((name, i) => ({
      name,
      team: "backend",
      dependsOn: i > 0 ? [names[Math.floor((i - 1) / 3)]] : [],
    })),
    teams: { backend: { slug: "backend" }, orchestration: { slug: "release-managers" } },
    orchestration: "orchestration",
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const planned = planRelease(result.config, { owner: "blackroad-os", installationRepos: [] });
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
  const repos: Record<string, RepoObservation> = {};
  for (const name of names) repos[`blackroad-os/${name}`] = repoObservation(name);
  const obs: Observation = { ...observation(), repos };
  return { config: result.config, plan: planned.plan, obs };
}

describe("render", () => {
  it.each([11, 200, 1000])("stays under GitHub's body limit with %i repositories", (n) => {
    const { config, plan, obs } = bigTrain(n);
    obs.issue.body = "x".repeat(10_000);
    const { body, state } = decide({
      config,
      plan,
      version: V2,
      observation: obs,
      now: new Date("2026-11-27T10:00:00Z"),
    });
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(decodeState(body)).toEqual(state);
  });

  it("shows the mermaid graph for a normal constellation and drops it only when too large", () => {
    const small = bigTrain(11);
    const large = bigTrain(1000);
    const now = new Date("2026-11-27T10:00:00Z");
    expect(decide({ ...small, version: V2, observation: small.obs, now }).body).toContain("```mermaid");
    expect(decide({ ...large, version: V2, observation: large.obs, now }).body).toContain(
      "The graph is left out: 1000 repositories",
    );
  });

  it("keeps user text from breaking the table or the hidden state", () => {
    const { config, plan, obs } = bigTrain(3);
    obs.failures = ["comment x: HTTP 500 a | b --> <!-- c"];
    const { body, state } = decide({
      config,
      plan,
      version: V2,
      observation: obs,
      now: new Date("2026-11-27T10:00:00Z"),
    });
    expect(body).toContain("a \\| b");
    expect(decodeState(body)).toEqual(state);
  });

  it("fits the body to the limit by trimming the audit log before anything else", () => {
    const layouts = [
      { audit: 50, graph: true },
      { audit: 0, graph: true },
      { audit: 0, graph: false },
    ];
    const render = (l: { audit: number; graph: boolean }) =>
      "a".repeat(l.audit * 100) + (l.graph ? "g".repeat(500) : "");
    expect(fitToLimit(layouts, render, 6_000)).toBe(render(layouts[0]!));
    expect(fitToLimit(layouts, render, 1_000)).toBe(render(layouts[1]!));
    expect(fitToLimit(layouts, render, 100)).toBe(render(layouts[2]!));

    // A train whose audit log alone would not fit keeps its graph and drops audit lines.
    const { config, plan, obs } = bigTrain(11);
    const first = decide({ config, plan, version: V2, observation: obs, now: new Date("2026-11-27T10:00:00Z") });
    const state = first.state;
    for (let i = 0; i < 100; i += 1)
      state.audit.push({ at: "2026-11-27T10:00:00.000Z", actor: "olga", text: `${"<‹ --> ".repeat(40)}${i}` });
    obs.issue.body = first.body.replace(/<!-- release-train:state .*? -->/s, encodeState(state));
    const { body, state: after } = decide({
      config,
      plan,
      version: V2,
      observation: obs,
      now: new Date("2026-11-27T10:00:00Z"),
    });
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body).toContain("```mermaid");
    expect(decodeState(body)).toEqual(after);
    // The state keeps the newest entries within its bound, escaped only where a comment could end.
    expect(JSON.stringify(after.audit).length).toBeLessThanOrEqual(STATE_AUDIT_CHARS);
    expect(after.audit.at(-1)?.text.endsWith("99")).toBe(true);
    expect(stateBlockOf(body)!.match(/-->/g)).toHaveLength(1);
  });
});

// When the hidden state alone (heads, review requests of hundreds of repositories) leaves
// no room for the smallest layout, the audit gives way so GitHub still accepts the body.
describe("a hidden state that outgrows the issue", () => {
  it("drops the oldest audit entries, keeps everything else, and the body decodes to the state decided", () => {
    const now = new Date("2026-11-27T10:00:00Z");
    const { config, plan, obs } = bigTrain(400);
    const names = Object.keys(obs.repos);
    const first = decide({ config, plan, version: V2, observation: obs, now });
    const withAudit = (reviews: boolean) => {
      const state = structuredClone(first.state);
      for (let i = 0; i < 400; i += 1)
        state.audit.push({
          at: "2026-11-27T10:00:00.000Z",
          actor: "olga",
          text: `checked a step of the release, entry ${i}`,
        });
      if (reviews) state.reviewsRequested = Object.fromEntries(names.map((name) => [name, "2026-11-27T10:00:00.000Z"]));
      const next = {
        ...obs,
        issue: { ...obs.issue, body: first.body.replace(/<!-- release-train:state .*? -->/s, encodeState(state)) },
      };
      return decide({ config, plan, version: V2, observation: next, now });
    };
    // Without the review requests the audit keeps what its own bounds allow.
    const bounded = withAudit(false);
    expect(bounded.state.audit.at(-1)?.text).toBe("checked a step of the release, entry 399");
    const { body, state } = withAudit(true);
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(decodeState(body)).toEqual(state);
    // The review requests stay whole; the audit is cut below its own bound, the newest entries kept.
    expect(Object.keys(state.reviewsRequested ?? {})).toHaveLength(400);
    expect(state.audit.length).toBeLessThan(bounded.state.audit.length);
    expect(state.audit.length).toBeGreaterThan(0);
    expect(state.audit.at(-1)).toEqual(bounded.state.audit.at(-1));
  });
});
