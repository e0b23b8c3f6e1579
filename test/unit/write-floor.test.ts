import { describe, expect, it } from "vitest";
import { ownWaits, writeFloorMs } from "../../bench/floor.js";
import type { RecordedRequest } from "../../src/sim/recorder.js";

let seq = 0;
const request = (method: string, path: string, kind: "read" | "write" = "write", mutation = false): RecordedRequest => ({
  seq: ++seq, method, path, query: "", route: `${method} ${path}`, status: 200, kind, at: "2026-11-27T09:00:00Z", durationMs: 0,
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
    const list = [request("POST", "/graphql", "write", true), request("POST", "/graphql", "read"), request("GET", "/repos/o/r"), request("POST", "/app/installations/1/access_tokens"), request("POST", "/graphql", "write", true)];
    expect(writeFloorMs(list)).toBe(1_000);
  });

  it("holds the 501st write of an hour until the first leaves the hour's window", () => {
    const refs = Array.from({ length: 501 }, () => request("POST", "/repos/o/r/git/refs"));
    expect(writeFloorMs(refs)).toBe(3_600_000);
  });
});

describe("the train's own waits", () => {
  const at = (ms: number) => new Date(Date.parse("2026-11-27T09:00:00Z") + ms).toISOString();
  const write = (ms: number): RecordedRequest => ({ ...request("POST", "/repos/o/r/deployments"), at: at(ms) });

  it("are the waits GitHub's rules did not cause, and the floor keeps them", () => {
    const list = [write(0), write(1_000), write(1_201_000), write(1_202_000)];
    const waits = ownWaits(list, list[0]!.seq, list[3]!.seq, 600_000);
    expect(waits).toEqual([{ seq: list[2]!.seq, ms: 1_199_000 }]);
    expect(writeFloorMs(list)).toBe(3_000);
    expect(writeFloorMs(list, waits)).toBe(1_201_000);
  });

  it("leave out what GitHub's hour held back", () => {
    const list = Array.from({ length: 501 }, (_, i) => write(i < 500 ? i * 1_000 : 3_600_000));
    expect(ownWaits(list, list[0]!.seq, list[500]!.seq, 600_000)).toEqual([]);
  });
});
