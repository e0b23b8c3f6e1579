import { afterEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub, SimulatedGitHubOptions } from "../src/index.js";
import { installationToken, setup } from "./helpers.js";

const START = "2026-03-02T14:00:00Z";
const SECONDARY_LIMIT_MESSAGE =
  /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\. If you reach out to GitHub Support for help, please include the request ID (\S+)\.$/;

describe("sim strictness: GitHub's secondary limits, validations and background mergeability", () => {
  let sim: SimulatedGitHub;
  let token: string;

  async function start(opts: SimulatedGitHubOptions = {}): Promise<void> {
    const made = await setup({ clock: { start: START, frozen: true }, ...opts });
    sim = made.sim;
    token = await installationToken(made.octokit);
  }

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; headers: Headers; body: any }> {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: { authorization: `token ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  const comment = (issue: number, i: number) =>
    call("POST", `/repos/acme/web/issues/${issue}/comments`, { body: `note ${i}` });
  const commentsOn = (issue: number) => sim.store.commentsOf(sim.store.requireRepo("acme/web"), issue).length;

  afterEach(async () => {
    await sim?.close();
  });

  it("refuses the 81st content-creating request in a minute with GitHub's 403 and retry-after, creating nothing", async () => {
    await start();
    const issue = sim.seed.issue("acme/web", { title: "t", author: "alice" });
    for (let i = 0; i < 80; i++) expect((await comment(issue, i)).status).toBe(201);
    sim.clock.advance(20_000);
    const refused = await comment(issue, 80);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("retry-after")).toBe("40");
    expect(refused.body).toEqual({
      message: expect.stringMatching(SECONDARY_LIMIT_MESSAGE),
      documentation_url:
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      status: "403",
    });
    expect(SECONDARY_LIMIT_MESSAGE.exec(refused.body.message)![1]).toBe(refused.headers.get("x-github-request-id"));
    // edits and GraphQL mutations create content too; reads go on
    expect((await call("PATCH", `/repos/acme/web/issues/${issue}`, { title: "u" })).status).toBe(403);
    const node = sim.store.requireRepo("acme/web").issues.get(issue)!.nodeId;
    const mutation = await call("POST", "/graphql", {
      query: `mutation { addComment(input: { subjectId: "${node}", body: "x" }) { clientMutationId } }`,
    });
    expect(mutation.status).toBe(403);
    expect((await call("GET", "/repos/acme/web")).status).toBe(200);
    expect(commentsOn(issue)).toBe(80);
    expect(sim.store.requireRepo("acme/web").issues.get(issue)!.title).toBe("t");
    expect(sim.contentLimits.hits).toBe(3);
    sim.clock.advance(40_000);
    expect((await comment(issue, 81)).status).toBe(201);
  });

  it("refuses the 501st content-creating request in an hour, retry-after counting to the oldest one's hour", async () => {
    await start();
    const issue = sim.seed.issue("acme/web", { title: "t", author: "alice" });
    for (let i = 0; i < 500; i++) {
      if (i > 0 && i % 80 === 0) sim.clock.advance(60_000);
      expect((await comment(issue, i)).status).toBe(201);
    }
    sim.clock.advance(60_000); // 7 minutes after the first
    const refused = await comment(issue, 500);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(SECONDARY_LIMIT_MESSAGE);
    expect(refused.headers.get("retry-after")).toBe(String(53 * 60));
    sim.clock.advance(53 * 60_000);
    expect((await comment(issue, 501)).status).toBe(201);
    expect(commentsOn(issue)).toBe(501);
  });

  it("counts per installation, and accepts everything where a test asks for leniency by name", async () => {
    await start({ lenient: { secondaryRateLimits: false } });
    const issue = sim.seed.issue("acme/web", { title: "t", author: "alice" });
    for (let i = 0; i < 90; i++) expect((await comment(issue, i)).status).toBe(201);
    expect(sim.contentLimits.hits).toBe(0);
  });

  it("answers a status description over 140 characters with GitHub's 422", async () => {
    await start();
    const sha = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
    const long = await call("POST", `/repos/acme/web/statuses/${sha}`, {
      state: "success",
      context: "ci",
      description: "x".repeat(141),
    });
    expect(long.status).toBe(422);
    expect(long.body).toEqual({
      message: "Validation Failed",
      errors: [
        {
          resource: "Status",
          code: "custom",
          field: "description",
          message: "description is too long (maximum is 140 characters)",
        },
      ],
      documentation_url: "https://docs.github.com/rest",
      status: "422",
    });
    expect(sim.store.requireRepo("acme/web").statuses).toHaveLength(0);
    expect(
      (
        await call("POST", `/repos/acme/web/statuses/${sha}`, {
          state: "success",
          context: "ci",
          description: "é".repeat(140),
        })
      ).status,
    ).toBe(201);
  });

  it("answers a body over 65,536 characters with GitHub's 422 on issues, pull requests and comments, created or edited", async () => {
    await start();
    const long = "x".repeat(65_537);
    const issue = sim.seed.issue("acme/web", { title: "t", author: "alice" });
    sim.seed.commit("acme/web", "feature", { message: "feat: f" });
    const pr = sim.seed.pull("acme/web", { head: "feature", title: "F" });
    const made = await comment(issue, 0);
    const tooLong = (resource: string) => ({
      message: "Validation Failed",
      errors: [{ resource, code: "custom", field: "body", message: "body is too long (maximum is 65536 characters)" }],
      documentation_url: "https://docs.github.com/rest",
      status: "422",
    });
    const answers = [
      [await call("POST", "/repos/acme/web/issues", { title: "n", body: long }), "Issue"],
      [await call("PATCH", `/repos/acme/web/issues/${issue}`, { body: long }), "Issue"],
      [
        await call("POST", "/repos/acme/web/pulls", { title: "n", head: "feature", base: "main", body: long }),
        "PullRequest",
      ],
      [await call("PATCH", `/repos/acme/web/pulls/${pr}`, { body: long }), "PullRequest"],
      [await call("POST", `/repos/acme/web/issues/${issue}/comments`, { body: long }), "IssueComment"],
      [await call("PATCH", `/repos/acme/web/issues/comments/${made.body.id}`, { body: long }), "IssueComment"],
    ] as const;
    for (const [answer, resource] of answers) {
      expect(answer.status).toBe(422);
      expect(answer.body).toEqual(tooLong(resource));
    }
    expect((await call("POST", `/repos/acme/web/issues/${issue}/comments`, { body: "x".repeat(65_536) })).status).toBe(
      201,
    );
  });

  it("answers mergeable UNKNOWN on the first read after a push to the head or the base, computed on a later read", async () => {
    await start();
    sim.seed.commit("acme/web", "feature", { message: "feat: f", files: { "f.txt": "f" } });
    const pr = sim.seed.pull("acme/web", { head: "feature", title: "F" });
    const q = {
      query: `{ repository(owner: "acme", name: "web") { pullRequest(number: ${pr}) { mergeable mergeStateStatus } } }`,
    };
    const read = async () => (await call("POST", "/graphql", q)).body.data.repository.pullRequest;
    expect(await read()).toEqual({ mergeable: "UNKNOWN", mergeStateStatus: "UNKNOWN" });
    expect(await read()).toEqual({ mergeable: "MERGEABLE", mergeStateStatus: "CLEAN" });
    sim.as("alice").pushCommit("acme/web", "feature", { message: "fix: g", files: { "g.txt": "g" } });
    expect((await call("GET", `/repos/acme/web/pulls/${pr}`)).body).toMatchObject({
      mergeable: null,
      mergeable_state: "unknown",
    });
    expect((await call("GET", `/repos/acme/web/pulls/${pr}`)).body).toMatchObject({
      mergeable: true,
      mergeable_state: "clean",
    });
    sim.as("alice").pushCommit("acme/web", "main", { message: "chore: base moves", files: { "h.txt": "h" } });
    expect(await read()).toEqual({ mergeable: "UNKNOWN", mergeStateStatus: "UNKNOWN" });
    expect(await read()).toEqual({ mergeable: "MERGEABLE", mergeStateStatus: "CLEAN" });
  });

  it("answers mergeability on the first read where a test asks for leniency by name", async () => {
    await start({ lenient: { mergeabilityInBackground: false } });
    sim.seed.commit("acme/web", "feature", { message: "feat: f", files: { "f.txt": "f" } });
    const pr = sim.seed.pull("acme/web", { head: "feature", title: "F" });
    const res = await call("POST", "/graphql", {
      query: `{ repository(owner: "acme", name: "web") { pullRequest(number: ${pr}) { mergeable } } }`,
    });
    expect(res.body.data.repository.pullRequest.mergeable).toBe("MERGEABLE");
  });
});
