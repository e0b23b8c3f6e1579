import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { expectStatus, installationToken, setup, type Octokit } from "./helpers.js";

describe("sim request recording and fault injection", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let logs: string[];

  beforeEach(async () => {
    ({ sim, octokit, logs } = await setup());
  });
  afterEach(async () => {
    await sim.close();
  });

  it("answers unknown routes 404 like GitHub, logs them loudly and records them as UNKNOWN", async () => {
    const body = await expectStatus(
      octokit.request("POST /repos/{owner}/{repo}/foo", { owner: "acme", repo: "web" }),
      404,
    );
    expect(body).toMatchObject({ message: "Not Found", documentation_url: expect.any(String) });
    expect(logs).toContain("[sim] UNKNOWN ROUTE POST /repos/acme/web/foo");
    expect(sim.requests.list({ route: "UNKNOWN" })).toEqual([
      expect.objectContaining({ method: "POST", path: "/repos/acme/web/foo", status: 404 }),
    ]);
  });

  it("serves a request line for the path // as an unknown route (404, recorded), and goes on serving", async () => {
    const { port } = new URL(sim.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () =>
        socket.end("GET // HTTP/1.1\r\nHost: api.github.com\r\nConnection: close\r\n\r\n"),
      );
      let text = "";
      socket.on("data", (d: Buffer) => (text += d.toString("utf8")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 404 Not Found");
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({ message: "Not Found" });
    expect(sim.requests.list()).toEqual([
      expect.objectContaining({ method: "GET", path: "//", route: "UNKNOWN", status: 404 }),
    ]);
    // Nothing is left in flight: the simulator settles and answers the next request.
    await sim.settle({ timeoutMs: 2_000 });
    await octokit.rest.repos.get({ owner: "acme", repo: "web" });
  });

  it("classifies requests as auth, read and write, with GraphQL operations", async () => {
    await octokit.rest.repos.get({ owner: "acme", repo: "web" });
    await octokit.rest.issues.create({ owner: "acme", repo: "web", title: "t" });
    await octokit.graphql(`query Viewer { viewer { login } }`);
    await octokit.graphql(
      `mutation AddComment($id: ID!) { addComment(input: { subjectId: $id, body: "hi" }) { clientMutationId } }`,
      {
        id: sim.store.requireRepo("acme/web").issues.get(1)!.nodeId,
      },
    );
    const summary = sim.requests.list().map((r) => [r.route, r.kind, r.status]);
    expect(summary).toEqual([
      ["POST /app/installations/{installation_id}/access_tokens", "auth", 201],
      ["GET /repos/{owner}/{repo}", "read", 200],
      ["POST /repos/{owner}/{repo}/issues", "write", 201],
      ["POST /graphql", "read", 200],
      ["POST /graphql", "write", 200],
    ]);
    expect(sim.requests.count({ kind: "write" })).toBe(2);
    expect(sim.requests.summary()).toMatchObject({
      "POST /graphql query Viewer": 1,
      "POST /graphql mutation AddComment": 1,
      "GET /repos/{owner}/{repo}": 1,
    });
    expect(sim.requests.list().every((r) => r.seq > 0 && typeof r.at === "string")).toBe(true);
    sim.requests.reset();
    expect(sim.requests.count()).toBe(0);
  });

  it("records user actions separately, with kind user", async () => {
    sim.as("alice").createIssue({ repo: "acme/web", title: "t" });
    expect(sim.requests.count()).toBe(0);
    expect(sim.userActions.list()).toEqual([
      expect.objectContaining({ route: "user.createIssue", kind: "user", actor: "alice", status: 200 }),
    ]);
  });

  it("applies fault hooks before routing, records them and leaves state untouched", async () => {
    const token = await installationToken(octokit);
    const remove = sim.faults.add((req) =>
      req.route === "POST /repos/{owner}/{repo}/git/refs"
        ? { status: 502, body: { message: "Server Error" }, headers: { "retry-after": "1" } }
        : undefined,
    );
    const head = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
    const res = await fetch(`${sim.url}/repos/acme/web/git/refs`, {
      method: "POST",
      headers: { authorization: `token ${token}` },
      body: JSON.stringify({ ref: "refs/heads/x", sha: head }),
    });
    expect(res.status).toBe(502);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(sim.store.requireRepo("acme/web").git.refs.has("refs/heads/x")).toBe(false);
    expect(sim.requests.list().pop()).toMatchObject({
      route: "POST /repos/{owner}/{repo}/git/refs",
      status: 502,
      fault: true,
      kind: "write",
    });
    remove();
    const ok = await octokit.rest.git.createRef({ owner: "acme", repo: "web", ref: "refs/heads/x", sha: head });
    expect(ok.status).toBe(201);

    sim.faults.once((req) => (req.operationName === "Flaky" ? "drop-connection" : undefined));
    await expect(octokit.graphql(`query Flaky { viewer { login } }`)).rejects.toThrow();
    const again = await octokit.graphql<{ viewer: { login: string } }>(`query Flaky { viewer { login } }`);
    expect(again.viewer.login).toBe("release-train[bot]");
  });
});
