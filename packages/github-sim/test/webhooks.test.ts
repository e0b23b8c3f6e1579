import { createHmac, timingSafeEqual } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { receiver, setup, type Octokit } from "./helpers.js";

const SECRET = "s3cret";

function verify(body: string, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`);
  const got = Buffer.from(String(header));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

describe("sim webhooks", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let hook: Awaited<ReturnType<typeof receiver>>;

  beforeEach(async () => {
    hook = await receiver();
    ({ sim, octokit } = await setup({ webhookUrl: hook.url, webhookSecret: SECRET }));
  });
  afterEach(async () => {
    await sim.close();
    await hook.close();
  });

  it("signs every delivery and sends GitHub's headers", async () => {
    const n = sim.as("alice").createIssue({ repo: "acme/web", title: "Release 1.2" });
    sim.as("alice").comment("acme/web", n, "/train start");
    await sim.settle();
    expect(hook.received).toHaveLength(2);
    for (const r of hook.received) {
      expect(verify(r.body, r.headers["x-hub-signature-256"])).toBe(true);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["user-agent"]).toBe("GitHub-Hookshot/sim");
      expect(r.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers["x-github-hook-id"]).toBeTruthy();
      expect(r.headers["x-github-hook-installation-target-id"]).toBe(String(sim.app.id));
      expect(r.headers["x-github-hook-installation-target-type"]).toBe("integration");
    }
    expect(hook.received.map((r) => r.headers["x-github-event"])).toEqual(["issues", "issue_comment"]);
    expect(
      verify(hook.received[0]!.body.replace("Release", "Relaese"), hook.received[0]!.headers["x-hub-signature-256"]),
    ).toBe(false);
  });

  it("shapes issue_comment.created like GitHub", async () => {
    const n = sim.as("alice").createIssue({ repo: "acme/web", title: "Release 1.2", labels: ["release-train"] });
    const id = sim.as("bob").comment("acme/web", n, "/train start");
    await sim.settle();
    const d = sim.deliveries.last({ event: "issue_comment", action: "created" })!;
    expect(d.status).toBe(200);
    expect(d.outcome).toBe("delivered");
    const p = d.payload as any;
    expect(Object.keys(p)).toEqual(
      expect.arrayContaining(["action", "issue", "comment", "repository", "organization", "sender", "installation"]),
    );
    expect(p.comment).toMatchObject({
      id,
      body: "/train start",
      user: { login: "bob", type: "User" },
      author_association: "CONTRIBUTOR",
    });
    expect(p.issue).toMatchObject({
      number: n,
      title: "Release 1.2",
      state: "open",
      labels: [{ name: "release-train" }],
      user: { login: "alice" },
    });
    expect(p.repository).toMatchObject({
      name: "web",
      full_name: "acme/web",
      owner: { login: "acme", type: "Organization" },
      private: false,
      default_branch: "main",
    });
    expect(p.repository.node_id).toBeTruthy();
    expect(p.sender).toMatchObject({ login: "bob", type: "User" });
    expect(p.installation).toEqual({ id: 77, node_id: expect.any(String) });
    expect(p.organization).toMatchObject({ login: "acme" });
  });

  it("emits issues.labeled once per label and issues.edited with changes.body.from", async () => {
    const n = sim.as("alice").createIssue({ repo: "acme/web", title: "t", body: "v1" });
    sim.as("alice").addLabels("acme/web", n, ["a", "b"]);
    sim.as("alice").editIssueBody("acme/web", n, "v2");
    sim.as("alice").closeIssue("acme/web", n);
    await sim.settle();
    expect(sim.deliveries.names()).toEqual([
      "issues.opened",
      "label.created",
      "issues.labeled",
      "label.created",
      "issues.labeled",
      "issues.edited",
      "issues.closed",
    ]);
    const labeled = sim.deliveries
      .list({ event: "issues", action: "labeled" })
      .map((d) => (d.payload as any).label.name);
    expect(labeled).toEqual(["a", "b"]);
    expect((sim.deliveries.last({ event: "issues", action: "edited" })!.payload as any).changes).toEqual({
      body: { from: "v1" },
    });
  });

  it("sends the app's own actions with the bot as sender", async () => {
    await octokit.rest.issues.create({ owner: "acme", repo: "web", title: "from the app" });
    await sim.settle();
    const p = sim.deliveries.last({ event: "issues", action: "opened" })!.payload as any;
    expect(p.sender).toMatchObject({ login: "release-train[bot]", type: "Bot" });
    expect(p.issue.performed_via_github_app).toMatchObject({ slug: "release-train" });
  });

  it("emits push and create for new branches, with commits", async () => {
    const sha = sim.as("alice").pushCommit("acme/web", "feature/x", { message: "feat: x", files: { "x.ts": "x" } });
    await sim.settle();
    expect(sim.deliveries.names()).toEqual(["push", "create"]);
    const push = sim.deliveries.last({ event: "push" })!.payload as any;
    expect(push).toMatchObject({
      ref: "refs/heads/feature/x",
      before: "0000000000000000000000000000000000000000",
      after: sha,
      created: true,
      forced: false,
      pusher: { name: "alice" },
    });
    expect(push.commits).toEqual([
      expect.objectContaining({ id: sha, message: "feat: x", added: ["x.ts"], removed: [], modified: [] }),
    ]);
    expect(push.head_commit.id).toBe(sha);
    expect(typeof push.repository.created_at).toBe("number");
    expect(sim.deliveries.last({ event: "create" })!.payload as any).toMatchObject({
      ref: "feature/x",
      ref_type: "branch",
      master_branch: "main",
    });
  });

  it("emits check_run and check_suite events for CI", async () => {
    const sha = sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
    sim.as("alice").createCheckRun("acme/web", sha, "build");
    sim.as("alice").completeCheckRun("acme/web", sha, "build", "failure");
    sim.as("alice").setStatus("acme/web", sha, "lint", "success");
    await sim.settle();
    expect(sim.deliveries.names()).toEqual([
      "check_run.created",
      "check_run.completed",
      "check_suite.completed",
      "status",
    ]);
    const run = (sim.deliveries.last({ event: "check_run", action: "completed" })!.payload as any).check_run;
    expect(run).toMatchObject({
      name: "build",
      head_sha: sha,
      status: "completed",
      conclusion: "failure",
      app: { slug: "ci" },
      check_suite: { head_sha: sha },
    });
    const suite = (sim.deliveries.last({ event: "check_suite" })!.payload as any).check_suite;
    expect(suite).toMatchObject({ status: "completed", conclusion: "failure", head_sha: sha });
    const status = sim.deliveries.last({ event: "status" })!.payload as any;
    expect(status).toMatchObject({ sha, context: "lint", state: "success", branches: [{ name: "main" }] });
  });

  it("delivers asynchronously after the response, in order, one at a time", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    hook.server.removeAllListeners("request");
    hook.server.on("request", (req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      req.resume();
      setTimeout(() => {
        inFlight--;
        res.writeHead(202).end();
      }, 5);
    });
    for (let i = 0; i < 5; i++) await octokit.rest.issues.create({ owner: "acme", repo: "web", title: `t${i}` });
    await sim.settle();
    expect(maxInFlight).toBe(1);
    const titles = sim.deliveries.list({ event: "issues" }).map((d) => (d.payload as any).issue.title);
    expect(titles).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    expect(sim.deliveries.list().every((d) => d.status === 202)).toBe(true);
  });

  it("supports drop/duplicate filters, pause/resume and redelivery", async () => {
    sim.webhookFilter = (d) => (d.event === "issues" ? "drop" : d.event === "issue_comment" ? "duplicate" : "deliver");
    const n = sim.as("alice").createIssue({ repo: "acme/web", title: "t" });
    sim.as("alice").comment("acme/web", n, "hi");
    await sim.settle();
    expect(hook.received.map((r) => r.headers["x-github-event"])).toEqual(["issue_comment", "issue_comment"]);
    expect(hook.received[0]!.headers["x-github-delivery"]).toBe(hook.received[1]!.headers["x-github-delivery"]);
    expect(sim.deliveries.last({ event: "issues" })!.outcome).toBe("dropped");

    sim.webhookFilter = () => "deliver";
    sim.pauseWebhooks();
    sim.as("alice").comment("acme/web", n, "held");
    await sim.settle();
    expect(hook.received).toHaveLength(2);
    sim.resumeWebhooks();
    await sim.settle();
    expect(hook.received).toHaveLength(3);

    const dropped = sim.deliveries.last({ event: "issues" })!;
    sim.redeliver(dropped.id);
    await sim.settle();
    const last = hook.received[hook.received.length - 1]!;
    expect(last.headers["x-github-delivery"]).toBe(dropped.id);
    expect(sim.deliveries.get(dropped.id).map((d) => [d.outcome, d.redelivery])).toEqual([
      ["dropped", false],
      ["delivered", true],
    ]);
  });

  it("records the app's HTTP status and failures", async () => {
    await hook.close();
    const failing = await receiver(500);
    sim.setWebhookTarget(failing.url, SECRET);
    sim.as("alice").createIssue({ repo: "acme/web", title: "t" });
    await sim.settle();
    expect(sim.deliveries.last()).toMatchObject({ status: 500, outcome: "failed" });
    await failing.close();
    sim.as("alice").createIssue({ repo: "acme/web", title: "t2" });
    await sim.settle();
    expect(sim.deliveries.last()).toMatchObject({ status: 0, outcome: "failed" });
    hook = await receiver();
  });

  it("does not send events for accounts without the app installed", async () => {
    sim.as("alice").createIssue({ repo: "other/secret", title: "t" });
    await sim.settle();
    expect(sim.deliveries.length).toBe(0);
  });
});
