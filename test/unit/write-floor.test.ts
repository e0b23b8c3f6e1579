import { describe, expect, it } from "vitest";
import { playbookWaits, writeFloorMs } from "../../bench/floor.js";
import type { RecordedRequest } from "github-sim";

let seq = 0;
const request = (
  method: string,
  path: string,
  kind: "read" | "write" = "write",
  mutation = false,
): RecordedRequest => ({
  seq: ++seq,
  method,
  path,
  query: "",
  route: `${method} ${path}`,
  status: 200,
  kind,
  at: "2026-11-27T09:00:00Z",
  durationMs: 0,
  ...(path === "/graphql" ? { graphql: { operationName: null, isMutation: mutation } } : {}),
});

describe("the floor GitHub's limits put on a run's writes", () => {
  it("spaces writes 1 s apart and those that notify people 3 s apart", () => {
    const refs = Array.from({ length: 4 }, () => request("POST", "/repos/o/r/git/refs"));
    expect(writeFloorMs(refs)).toBe(3_000);
    const comments = Array.from({ length: 4 }, () => request("POST", "/repos/o/r/issues/1/comments"));
    expect(writeFloorMs(comments)).toBe(9_000);
  });

  it("counts GraphQL mutations as writes and leaves reads and token requests out", () => {
    const list = [
      request("POST", "/graphql", "write", true),
      request("POST", "/graphql", "read"),
      request("GET", "/repos/o/r"),
      request("POST", "/app/installations/1/access_tokens"),
      request("POST", "/graphql", "write", true),
    ];
    expect(writeFloorMs(list)).toBe(1_000);
  });

  it("holds the 501st write of an hour until the first leaves the hour's window", () => {
    const refs = Array.from({ length: 501 }, () => request("POST", "/repos/o/r/git/refs"));
    expect(writeFloorMs(refs)).toBe(3_600_000);
  });
});

describe("the playbook's windows in the floor", () => {
  const at = (ms: number) => new Date(Date.parse("2026-11-27T09:00:00Z") + ms).toISOString();
  const deploy = (repo: string, ms: number): RecordedRequest => ({
    ...request("POST", `/repos/o/${repo}/deployments`),
    at: at(ms),
  });
  const MIN = 60_000;

  it("holds a level's full rollout canaryMinutes after its last canary, and the first merge bakeMinutes after the last production deployment", () => {
    // Level 0: a canary and a full rollout; level 1: two canaries, two full rollouts; then a merge.
    const list = [
      deploy("a", 0),
      deploy("a", 0),
      deploy("b", 0),
      deploy("c", 0),
      deploy("b", 0),
      deploy("c", 0),
      request("PUT", "/repos/o/a/pulls/1/merge"),
    ];
    const [aCanary, aFull, bCanary, cCanary, bFull, cFull, merge] = list.map((r) => r.seq);
    const deployments = [
      { seq: aCanary!, repo: "o/a", purpose: "canary" },
      { seq: aFull!, repo: "o/a", purpose: "production" },
      { seq: bCanary!, repo: "o/b", purpose: "canary" },
      { seq: cCanary!, repo: "o/c", purpose: "canary" },
      { seq: bFull!, repo: "o/b", purpose: "production" },
      { seq: cFull!, repo: "o/c", purpose: "production" },
    ];
    const waits = playbookWaits({
      deployments,
      levelOf: (repo) => (repo === "o/a" ? 0 : 1),
      firstMergeSeq: merge!,
      canaryMs: 10 * MIN,
      bakeMs: 30 * MIN,
    });
    expect(waits).toEqual([
      { seq: aFull, after: [aCanary], ms: 10 * MIN },
      { seq: bFull, after: [bCanary, cCanary], ms: 10 * MIN },
      { seq: cFull, after: [bCanary, cCanary], ms: 10 * MIN },
      { seq: merge, after: [aFull, bFull, cFull], ms: 30 * MIN },
    ]);
    // a's canary at 0, a's full rollout at 10 min, b's canary 10 min 1 s, c's 10 min 2 s, b's full rollout 20 min 2 s, c's 20 min 3 s, the merge 50 min 3 s.
    expect(writeFloorMs(list, waits)).toBe(50 * MIN + 3_000);
    expect(writeFloorMs(list)).toBe(6_000);
  });

  it("counts a window from the floor's own time of the write that opens it, not from when the run made it", () => {
    // The run sat 20 minutes after the canary before its full rollout: the floor keeps only the 10 the playbook asks.
    const list = [deploy("a", 0), deploy("a", 20 * MIN)];
    const waits = playbookWaits({
      deployments: [
        { seq: list[0]!.seq, repo: "o/a", purpose: "canary" },
        { seq: list[1]!.seq, repo: "o/a", purpose: "production" },
      ],
      levelOf: () => 0,
      firstMergeSeq: null,
      canaryMs: 10 * MIN,
      bakeMs: 30 * MIN,
    });
    expect(writeFloorMs(list, waits)).toBe(10 * MIN);
  });

  it("holds nothing for repositories that deploy to production without a canary, nor a merge when nothing was deployed", () => {
    const list = [deploy("infra", 0), request("PUT", "/repos/o/infra/pulls/1/merge")];
    expect(
      playbookWaits({
        deployments: [{ seq: list[0]!.seq, repo: "o/infra", purpose: "staging" }],
        levelOf: () => 0,
        firstMergeSeq: list[1]!.seq,
        canaryMs: 10 * MIN,
        bakeMs: 30 * MIN,
      }),
    ).toEqual([]);
    expect(
      playbookWaits({
        deployments: [{ seq: list[0]!.seq, repo: "o/infra", purpose: "production" }],
        levelOf: () => 0,
        firstMergeSeq: null,
        canaryMs: 10 * MIN,
        bakeMs: 30 * MIN,
      }),
    ).toEqual([]);
  });

  it("lets GitHub's hour hold a write past a window when the hour is the longer wait", () => {
    const list = [
      ...Array.from({ length: 499 }, () => request("POST", "/repos/o/r/git/refs")),
      deploy("a", 0),
      deploy("a", 0),
    ];
    const [canary, full] = list.slice(-2).map((r) => r.seq);
    const waits = playbookWaits({
      deployments: [
        { seq: canary!, repo: "o/a", purpose: "canary" },
        { seq: full!, repo: "o/a", purpose: "production" },
      ],
      levelOf: () => 0,
      firstMergeSeq: null,
      canaryMs: 10 * MIN,
      bakeMs: 30 * MIN,
    });
    expect(writeFloorMs(list, waits)).toBe(60 * MIN);
  });
});
