import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { installationToken, setup, type Octokit } from "./helpers.js";

describe("sim GraphQL", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let token: string;

  async function raw(
    query: string,
    variables?: Record<string, unknown>,
    operationName?: string,
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${sim.url}/graphql`, {
      method: "POST",
      headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ query, variables, operationName }),
    });
    return { status: res.status, body: await res.json() };
  }

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    sim.seed.repo("acme/api", { files: { "package.json": '{"version":"3.1.0"}' } });
    token = await installationToken(octokit);
  });
  afterEach(async () => {
    await sim.close();
  });

  it("batches several repositories through aliases, fragments and variables in one request", async () => {
    sim.seed.commit("acme/api", "main", { message: "feat: x\n\nbody text", files: { "a.txt": "a" }, author: "alice" });
    const query = /* GraphQL */ `
      query Heads($owner: String!) {
        web: repository(owner: $owner, name: "web") { ...Head }
        api: repository(owner: $owner, name: "api") { ...Head pkg: object(expression: "HEAD:package.json") { ... on Blob { text byteSize isBinary } } }
      }
      fragment Head on Repository {
        nameWithOwner
        defaultBranchRef { name target { __typename ... on Commit { oid messageHeadline messageBody author { user { login } } history(first: 10) { totalCount } } } }
      }`;
    const before = sim.requests.count();
    const data = await octokit.graphql<any>(query, { owner: "acme" });
    expect(sim.requests.count() - before).toBe(1);
    expect(data.web.nameWithOwner).toBe("acme/web");
    expect(data.api.defaultBranchRef.target).toMatchObject({
      __typename: "Commit",
      messageHeadline: "feat: x",
      messageBody: "body text",
      author: { user: { login: "alice" } },
      history: { totalCount: 2 },
    });
    expect(data.api.pkg).toEqual({ text: '{"version":"3.1.0"}', byteSize: 19, isBinary: false });
    const rec = sim.requests.list({ route: "POST /graphql" }).pop()!;
    expect(rec).toMatchObject({ kind: "read", graphql: { operationName: "Heads", isMutation: false } });
  });

  it("rejects first: 101 and a missing first with GitHub's errors", async () => {
    const tooMany = await raw(
      `{ repository(owner: "acme", name: "web") { refs(refPrefix: "refs/tags/", first: 101) { nodes { name } } } }`,
    );
    expect(tooMany.status).toBe(200);
    expect(tooMany.body.data).toBeUndefined();
    expect(tooMany.body.errors[0]).toMatchObject({
      type: "EXCESSIVE_PAGINATION",
      message: "Requesting 101 records on the `refs` connection exceeds the `first` limit of 100 records.",
    });
    // One document, asked with a page size the checks pass, then one they refuse, then the first again.
    const byVar = `query($n: Int) { repository(owner: "acme", name: "web") { issues(first: $n) { totalCount } } }`;
    expect((await raw(byVar, { n: 5 })).body).toEqual({ data: { repository: { issues: { totalCount: 0 } } } });
    expect((await raw(byVar, { n: 500 })).body.errors[0].type).toBe("EXCESSIVE_PAGINATION");
    expect((await raw(byVar, { n: 5 })).body.errors).toBeUndefined();
    const missing = await raw(`{ repository(owner: "acme", name: "web") { issues { totalCount } } }`);
    expect(missing.body.errors[0].type).toBe("MISSING_PAGINATION_BOUNDARIES");
  });

  it("returns null plus a NOT_FOUND error for a missing repository, and parse errors", async () => {
    const res = await raw(
      `{ repository(owner: "acme", name: "nope") { id } ok: repository(owner: "acme", name: "web") { name } }`,
    );
    expect(res.body.data).toEqual({ repository: null, ok: { name: "web" } });
    expect(res.body.errors).toEqual([
      {
        type: "NOT_FOUND",
        path: ["repository"],
        locations: [{ line: 1, column: 3 }],
        message: "Could not resolve to a Repository with the name 'acme/nope'.",
      },
    ]);
    const hidden = await raw(`{ repository(owner: "other", name: "secret") { id } }`);
    expect(hidden.body.errors[0].type).toBe("NOT_FOUND");
    const syntax = await raw(`{ repository(owner: "acme" name: "web") { id `);
    expect(syntax.body.data).toBeUndefined();
    expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);
    const unknownField = await raw(`{ repository(owner: "acme", name: "web") { nope } }`);
    expect(unknownField.body.errors[0].message).toMatch(/Cannot query field "nope"/);
  });

  it("createCommitOnBranch commits verified changes and emits push; a stale expectedHeadOid changes nothing", async () => {
    const head = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
    const mutation = `mutation Commit($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid url signature { isValid wasSignedByGitHub } } ref { name } } }`;
    const input = (expected: string) => ({
      branch: { repositoryNameWithOwner: "acme/web", branchName: "main" },
      expectedHeadOid: expected,
      message: { headline: "chore(release): 1.2.0", body: "Release train 1.2" },
      fileChanges: {
        additions: [{ path: "package.json", contents: Buffer.from('{"version":"1.2.0"}\n').toString("base64") }],
        deletions: [{ path: "README.md" }],
      },
    });
    const ok = await octokit.graphql<any>(mutation, { input: input(head) });
    const oid = ok.createCommitOnBranch.commit.oid;
    expect(ok.createCommitOnBranch).toMatchObject({
      ref: { name: "main" },
      commit: { signature: { isValid: true, wasSignedByGitHub: true } },
    });
    const repo = sim.store.requireRepo("acme/web");
    expect(repo.git.refs.get("refs/heads/main")).toBe(oid);
    const c = repo.git.commit(oid)!;
    expect(c).toMatchObject({ parents: [head], message: "chore(release): 1.2.0\n\nRelease train 1.2", verified: true });
    expect(repo.git.readFile(oid, "package.json")!.toString()).toBe('{"version":"1.2.0"}\n');
    expect(c.files.has("README.md")).toBe(false);

    const stale = await raw(mutation, { input: input(head) });
    expect(stale.body.data).toEqual({ createCommitOnBranch: null });
    expect(stale.body.errors[0]).toMatchObject({
      type: "STALE_DATA",
      path: ["createCommitOnBranch"],
      message: `Expected branch to point to "${head}" but it did not. Pull and try again.`,
    });
    expect(repo.git.refs.get("refs/heads/main")).toBe(oid);
    const rec = sim.requests.list({ route: "POST /graphql" }).pop()!;
    expect(rec).toMatchObject({ kind: "write", graphql: { operationName: "Commit", isMutation: true } });
    await sim.settle();
    expect(sim.deliveries.list({ event: "push" })).toHaveLength(1);
    expect(sim.deliveries.last({ event: "push" })!.payload).toMatchObject({
      before: head,
      after: oid,
      sender: { login: "release-train[bot]" },
    });
  });

  it("tells User and Bot authors apart and paginates comments with cursors", async () => {
    const n = sim.seed.issue("acme/web", { title: "Release 1.2", author: "alice", labels: ["release-train"] });
    sim.seed.comment("acme/web", n, "human", "alice");
    await octokit.rest.issues.createComment({ owner: "acme", repo: "web", issue_number: n, body: "bot" });
    sim.seed.comment("acme/web", n, "third", "bob");
    const q = `query($n: Int!, $after: String) { repository(owner: "acme", name: "web") { issue(number: $n) { title state author { login __typename } labels(first: 5) { nodes { name } }
      comments(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { body databaseId author { login __typename } } } } } }`;
    const p1 = await octokit.graphql<any>(q, { n });
    const issue = p1.repository.issue;
    expect(issue).toMatchObject({
      title: "Release 1.2",
      state: "OPEN",
      author: { login: "alice", __typename: "User" },
      labels: { nodes: [{ name: "release-train" }] },
    });
    expect(issue.comments.totalCount).toBe(3);
    expect(issue.comments.nodes.map((c: any) => [c.body, c.author.__typename, c.author.login])).toEqual([
      ["human", "User", "alice"],
      ["bot", "Bot", "release-train"],
    ]);
    expect(issue.comments.pageInfo.hasNextPage).toBe(true);
    const p2 = await octokit.graphql<any>(q, { n, after: issue.comments.pageInfo.endCursor });
    expect(p2.repository.issue.comments.nodes.map((c: any) => c.body)).toEqual(["third"]);
    expect(p2.repository.issue.comments.pageInfo.hasNextPage).toBe(false);
  });

  it("lists tag refs by commit date, resolves refs and annotated tags", async () => {
    const a = sim.seed.commit("acme/web", "main", { message: "a", date: "2024-01-01T00:00:00Z" });
    sim.seed.tag("acme/web", "v1.10.0", { target: a });
    const b = sim.seed.commit("acme/web", "main", { message: "b", date: "2024-02-01T00:00:00Z" });
    sim.seed.tag("acme/web", "v1.9.0", { target: b, message: "annotated 1.9" });
    const data = await octokit.graphql<any>(`{ repository(owner: "acme", name: "web") {
      refs(refPrefix: "refs/tags/", first: 10, orderBy: { field: TAG_COMMIT_DATE, direction: DESC }) { totalCount nodes { name prefix target { __typename oid ... on Tag { name message target { oid } } } } }
      ref(qualifiedName: "refs/heads/main") { name target { oid } }
      short: ref(qualifiedName: "main") { prefix }
      missing: ref(qualifiedName: "refs/heads/nope") { name } } }`);
    const refs = data.repository.refs;
    expect(refs.nodes.map((r: any) => r.name)).toEqual(["v1.9.0", "v1.10.0"]);
    expect(refs.nodes[0].target).toMatchObject({
      __typename: "Tag",
      name: "v1.9.0",
      message: "annotated 1.9",
      target: { oid: b },
    });
    expect(refs.nodes[1].target).toMatchObject({ __typename: "Commit", oid: a });
    expect(data.repository.ref).toEqual({ name: "main", target: { oid: b } });
    expect(data.repository.short).toEqual({ prefix: "refs/heads/" });
    expect(data.repository.missing).toBeNull();
  });

  it("exposes checks, statuses and the rollup on commits", async () => {
    const sha = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
    sim.as("ci-user").completeCheckRun("acme/web", sha, "build", "success");
    sim.as("ci-user").setStatus("acme/web", sha, "lint", "pending");
    const q = `{ repository(owner: "acme", name: "web") { object(oid: "${sha}") { ... on Commit {
      checkSuites(first: 5) { nodes { status conclusion app { slug } checkRuns(first: 5) { nodes { name status conclusion } } } }
      status { state contexts { context state } } statusCheckRollup { state } } } } }`;
    const d1 = await octokit.graphql<any>(q);
    const commit = d1.repository.object;
    expect(commit.checkSuites.nodes).toEqual([
      {
        status: "COMPLETED",
        conclusion: "SUCCESS",
        app: { slug: "ci" },
        checkRuns: { nodes: [{ name: "build", status: "COMPLETED", conclusion: "SUCCESS" }] },
      },
    ]);
    expect(commit.status).toEqual({ state: "PENDING", contexts: [{ context: "lint", state: "PENDING" }] });
    expect(commit.statusCheckRollup.state).toBe("PENDING");
    sim.as("ci-user").setStatus("acme/web", sha, "lint", "success");
    expect((await octokit.graphql<any>(q)).repository.object.statusCheckRollup.state).toBe("SUCCESS");
  });

  it("serves pull requests, deployments, releases, rateLimit and viewer", async () => {
    sim.seed.commit("acme/web", "release/1.2", { message: "chore: release" });
    const pr = sim.seed.pull("acme/web", { head: "release/1.2", title: "Release 1.2.0" });
    await octokit.rest.repos.createDeployment({
      owner: "acme",
      repo: "web",
      ref: "main",
      environment: "staging",
      payload: { train: "1.2" },
      required_contexts: [],
    });
    await octokit.rest.repos.createRelease({ owner: "acme", repo: "web", tag_name: "v1.2.0", name: "1.2.0" });
    const data = await octokit.graphql<any>(`{ rateLimit { cost limit remaining used resetAt } viewer { login }
      repository(owner: "acme", name: "web") {
        pullRequests(headRefName: "release/1.2", states: [OPEN], first: 5) { nodes { number state merged mergeable headRefName baseRefName commits(first: 1) { totalCount } } }
        deployments(environments: ["staging"], first: 5, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { environment task payload state creator { login } latestStatus { state } } }
        releases(first: 5) { nodes { tagName name isDraft isPrerelease } }
        release(tagName: "v1.2.0") { tagName }
      } }`);
    expect(data.viewer.login).toBe("release-train[bot]");
    expect(data.rateLimit).toMatchObject({ cost: 1, limit: 15000 });
    expect(data.repository.pullRequests.nodes).toEqual([
      {
        number: pr,
        state: "OPEN",
        merged: false,
        mergeable: "UNKNOWN",
        headRefName: "release/1.2",
        baseRefName: "main",
        commits: { totalCount: 1 },
      },
    ]);
    expect(data.repository.deployments.nodes).toEqual([
      {
        environment: "staging",
        task: "deploy",
        payload: '{"train":"1.2"}',
        state: "PENDING",
        creator: { login: "release-train" },
        latestStatus: null,
      },
    ]);
    expect(data.repository.releases.nodes).toEqual([
      { tagName: "v1.2.0", name: "1.2.0", isDraft: false, isPrerelease: false },
    ]);
    expect(data.repository.release.tagName).toBe("v1.2.0");
  });

  it("resolves teams and nodes", async () => {
    sim.seed.team("acme", "release-managers", { maintainers: ["alice"], members: ["bob"] });
    const n = sim.seed.issue("acme/web", { title: "t", author: "alice" });
    const data = await octokit.graphql<any>(`{ organization(login: "acme") { team(slug: "release-managers") {
      all: members(first: 10) { totalCount edges { role node { login } } }
      maintainers: members(first: 10, role: MAINTAINER) { nodes { login } } } }
      repository(owner: "acme", name: "web") { issue(number: ${n}) { id } } }`);
    expect(data.organization.team.all).toEqual({
      totalCount: 2,
      edges: [
        { role: "MAINTAINER", node: { login: "alice" } },
        { role: "MEMBER", node: { login: "bob" } },
      ],
    });
    expect(data.organization.team.maintainers.nodes).toEqual([{ login: "alice" }]);
    const node = await octokit.graphql<any>(
      `query($id: ID!) { node(id: $id) { __typename ... on Issue { number } } }`,
      { id: data.repository.issue.id },
    );
    expect(node.node).toEqual({ __typename: "Issue", number: n });
  });

  it("creates discussions in seeded categories", async () => {
    const catId = sim.seed.discussionCategory("acme/web", "Announcements");
    const data = await octokit.graphql<any>(
      `{ repository(owner: "acme", name: "web") { id discussionCategories(first: 10) { nodes { id name } } } }`,
    );
    expect(data.repository.discussionCategories.nodes).toEqual([{ id: catId, name: "Announcements" }]);
    const res = await octokit.graphql<any>(
      `mutation($input: CreateDiscussionInput!) { createDiscussion(input: $input) { discussion { number title url category { name } } } }`,
      { input: { repositoryId: data.repository.id, categoryId: catId, title: "Release 1.2 shipped", body: "Notes" } },
    );
    expect(res.createDiscussion.discussion).toMatchObject({
      title: "Release 1.2 shipped",
      category: { name: "Announcements" },
    });
  });
});
