import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { setup } from "./helpers.js";

const SECRET = "e2e-secret";

describe("a real Probot app against the sim", () => {
  let sim: SimulatedGitHub;
  let server: Server;

  beforeEach(async () => {
    ({ sim } = await setup());
    const probot = new Probot({
      appId: sim.app.id,
      privateKey: sim.app.privateKey!,
      secret: SECRET,
      baseUrl: sim.url,
      logLevel: "fatal",
      // Probot re-enables throttling (writes spaced 1 s apart); a function default is the way to turn it off in tests.
      Octokit: ProbotOctokit.defaults((o: Record<string, any>) => ({
        ...o,
        retry: { enabled: false },
        throttle: { ...o["throttle"], enabled: false },
      })),
    });
    const middleware = await createNodeMiddleware(
      (app) => {
        app.on("issue_comment.created", async (context) => {
          if (context.isBot || context.payload.comment.body.trim() !== "/ping") return;
          await context.octokit.rest.reactions.createForIssueComment(
            context.repo({ comment_id: context.payload.comment.id, content: "eyes" }),
          );
          const data = await context.octokit.graphql<{ repository: { defaultBranchRef: { target: { oid: string } } } }>(
            `query Head($owner: String!, $repo: String!) { repository(owner: $owner, name: $repo) { defaultBranchRef { target { oid } } } }`,
            context.repo(),
          );
          await context.octokit.rest.issues.createComment(
            context.issue({ body: `pong ${data.repository.defaultBranchRef.target.oid.slice(0, 7)}` }),
          );
        });
      },
      { probot, webhooksPath: "/api/github/webhooks" },
    );
    server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    sim.setWebhookTarget(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`, SECRET);
  });

  afterEach(async () => {
    await sim.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("verifies signatures, authenticates as the installation and acts through REST and GraphQL", async () => {
    const n = sim.as("alice").createIssue({ repo: "acme/web", title: "Release 1.2" });
    const id = sim.as("alice").comment("acme/web", n, "/ping");
    await sim.settle();
    const head = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
    const comments = sim.store.commentsOf(sim.store.requireRepo("acme/web"), n);
    expect(comments.map((c) => [c.user, c.body])).toEqual([
      ["alice", "/ping"],
      ["release-train[bot]", `pong ${head.slice(0, 7)}`],
    ]);
    expect(sim.store.comments.get(id)!.reactions.map((r) => r.content)).toEqual(["eyes"]);
    expect(sim.deliveries.list().every((d) => d.status === 200)).toBe(true);
    expect(sim.deliveries.names()).toEqual(["issues.opened", "issue_comment.created", "issue_comment.created"]);
    expect(sim.requests.list().map((r) => r.route)).toEqual([
      "POST /app/installations/{installation_id}/access_tokens",
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      "POST /graphql",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
  });

  it("rejects deliveries signed with the wrong secret (the app answers 400)", async () => {
    sim.setWebhookTarget(sim.core.webhooks.target.url, "wrong");
    sim.as("alice").createIssue({ repo: "acme/web", title: "t" });
    await sim.settle();
    expect(sim.deliveries.last()!.status).toBeGreaterThanOrEqual(400);
  });
});
