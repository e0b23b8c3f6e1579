// An issue's edit history (userContentEdits) and timeline (label, close and reopen events)
// in GraphQL, with GitHub's shapes: revisions newest first with their full text, events oldest first.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };

const HISTORY = `query($n: Int!) { repository(owner: "acme", name: "web") { issue(number: $n) {
  lastEditedAt editor { login } includesCreatedEdit
  userContentEdits(first: 10) { totalCount nodes { editedAt editor { __typename login } diff deletedAt deletedBy { login } } }
  timelineItems(last: 10, itemTypes: [LABELED_EVENT, UNLABELED_EVENT, CLOSED_EVENT, REOPENED_EVENT]) {
    totalCount filteredCount
    nodes { __typename ... on LabeledEvent { createdAt actor { login } label { name } } ... on UnlabeledEvent { createdAt actor { login } label { name } }
      ... on ClosedEvent { createdAt actor { login } stateReason } ... on ReopenedEvent { createdAt actor { login } } }
  }
} } }`;

interface History {
  repository: {
    issue: {
      includesCreatedEdit: boolean;
      userContentEdits: {
        totalCount: number;
        nodes: Array<{
          editedAt: string;
          editor: { __typename: string; login: string };
          diff: string | null;
          deletedAt: string | null;
          deletedBy: { login: string } | null;
        }>;
      };
      timelineItems: { totalCount: number; filteredCount: number; nodes: Array<Record<string, unknown>> };
    };
  };
}

describe("sim issue history", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    sim.clock.freeze();
  });
  afterEach(async () => {
    await sim.close();
  });

  it("keeps every revision of the body with its editor, newest first, the created text included once edited", async () => {
    const created = await octokit.rest.issues.create({ ...repo, title: "Release 1.2.0", body: "plan" });
    const n = created.data.number;
    const fresh = await octokit.graphql<History>(HISTORY, { n });
    expect(fresh.repository.issue).toMatchObject({
      includesCreatedEdit: false,
      userContentEdits: { totalCount: 0, nodes: [] },
    });

    const t0 = sim.clock.iso();
    sim.clock.advance(60_000);
    const t1 = sim.clock.iso();
    sim.as("mallory").editIssueBody("acme/web", n, "plan v2");
    sim.clock.advance(60_000);
    await octokit.rest.issues.update({ ...repo, issue_number: n, body: "plan v3" });
    const t2 = sim.clock.iso();
    const { issue } = (await octokit.graphql<History>(HISTORY, { n })).repository;
    expect(issue.includesCreatedEdit).toBe(true);
    expect(issue.userContentEdits.nodes.map((e) => [e.editedAt, e.editor.login, e.diff])).toEqual([
      [t2, "release-train", "plan v3"],
      [t1, "mallory", "plan v2"],
      [t0, created.data.user!.login.replace("[bot]", ""), "plan"],
    ]);
    expect(issue.userContentEdits.nodes[0]!.editor.__typename).toBe("Bot");

    // A revision deleted from the history keeps its entry, without its text.
    sim
      .as("mallory")
      .deleteBodyRevision("acme/web", n, sim.store.requireRepo("acme/web").issues.get(n)!.edits.at(-1)!.id);
    const after = (await octokit.graphql<History>(HISTORY, { n })).repository.issue.userContentEdits.nodes[0]!;
    expect(after).toMatchObject({ editedAt: t2, diff: null, deletedBy: { login: "mallory" } });
    expect(after.deletedAt).not.toBeNull();
  });

  it("records who labelled, unlabelled, closed and reopened, and when, oldest first; filters by item type", async () => {
    const n = sim.as("alice").createIssue({ repo: "acme/web", title: "t", labels: ["release-train"] });
    sim.clock.advance(1000);
    sim.as("mallory").closeIssue("acme/web", n);
    sim.clock.advance(1000);
    sim.as("mallory").reopenIssue("acme/web", n);
    sim.as("mallory").removeLabel("acme/web", n, "release-train");
    sim.as("alice").comment("acme/web", n, "not an event");
    const { timelineItems } = (await octokit.graphql<History>(HISTORY, { n })).repository.issue;
    expect(timelineItems.nodes.map((e) => [e["__typename"], (e["actor"] as { login: string }).login])).toEqual([
      ["LabeledEvent", "alice"],
      ["ClosedEvent", "mallory"],
      ["ReopenedEvent", "mallory"],
      ["UnlabeledEvent", "mallory"],
    ]);
    expect(timelineItems.nodes[0]).toMatchObject({ label: { name: "release-train" } });
    expect(timelineItems.nodes[1]).toMatchObject({ stateReason: "COMPLETED" });
    const closedOnly = await octokit.graphql<{ repository: { issue: { timelineItems: { nodes: unknown[] } } } }>(
      `query($n: Int!) { repository(owner: "acme", name: "web") { issue(number: $n) { timelineItems(first: 5, itemTypes: [CLOSED_EVENT]) { nodes { __typename } } } } }`,
      { n },
    );
    expect(closedOnly.repository.issue.timelineItems.nodes).toEqual([{ __typename: "ClosedEvent" }]);
  });

  it("a connection without first or last is refused, as on GitHub", async () => {
    const n = sim.as("alice").createIssue({ repo: "acme/web", title: "t" });
    await expect(
      octokit.graphql(
        `query($n: Int!) { repository(owner: "acme", name: "web") { issue(number: $n) { userContentEdits { totalCount } } } }`,
        { n },
      ),
    ).rejects.toThrow(/must provide a `first` or `last` value/);
  });
});
