import { createSign } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { appOctokit, expectStatus, installationToken, setup, type Octokit } from "./helpers.js";

function jwt(privateKey: string, claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const data = `${enc({ alg: "RS256", typ: "JWT" })}.${enc(claims)}`;
  const sig = createSign("RSA-SHA256").update(data).sign(privateKey).toString("base64url");
  return `${data}.${sig}`;
}

describe("sim auth", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
  });
  afterEach(async () => {
    await sim.close();
  });

  it("mints installation tokens for a valid app JWT (201) and uses them", async () => {
    const token = await installationToken(octokit);
    expect(token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    const res = await fetch(`${sim.url}/repos/acme/web`, { headers: { authorization: `token ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBe("15000");
    expect(res.headers.get("x-ratelimit-resource")).toBe("core");
    expect(Number(res.headers.get("x-ratelimit-remaining"))).toBeLessThan(15000);
    expect(res.headers.get("x-github-request-id")).toBeTruthy();
    const tokenReq = sim.requests.list({ route: "POST /app/installations/{installation_id}/access_tokens" });
    expect(tokenReq).toHaveLength(1);
    expect(tokenReq[0]!.status).toBe(201);
    expect(tokenReq[0]!.kind).toBe("auth");
  });

  it("rejects a JWT signed by another key, an expired JWT and a missing one (401)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const { generateKeyPairSync } = await import("node:crypto");
    const stranger = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const post = (auth?: string) =>
      fetch(`${sim.url}/app/installations/77/access_tokens`, {
        method: "POST",
        headers: auth ? { authorization: `Bearer ${auth}` } : {},
      });

    const forged = await post(jwt(stranger, { iss: sim.app.id, iat: now - 30, exp: now + 500 }));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ message: "A JSON web token could not be decoded" });

    const expired = await post(jwt(sim.app.privateKey!, { iss: sim.app.id, iat: now - 900, exp: now - 300 }));
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { message: string }).message).toMatch(/'Expiration time' claim/);

    expect((await post()).status).toBe(401);
    const good = await post(jwt(sim.app.privateKey!, { iss: sim.app.id, iat: now - 30, exp: now + 500 }));
    expect(good.status).toBe(201);
  });

  it("answers 401 without a token or with an unknown one", async () => {
    const none = await fetch(`${sim.url}/repos/acme/web`);
    expect(none.status).toBe(401);
    const bad = await fetch(`${sim.url}/repos/acme/web`, { headers: { authorization: "token ghs_nope" } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ message: "Bad credentials", documentation_url: expect.any(String) });
    const gql = await fetch(`${sim.url}/graphql`, {
      method: "POST",
      headers: { authorization: "bearer ghs_nope" },
      body: JSON.stringify({ query: "{viewer{login}}" }),
    });
    expect(gql.status).toBe(401);
  });

  it("hides repositories outside the installation's account (404)", async () => {
    await expectStatus(octokit.rest.repos.get({ owner: "other", repo: "secret" }), 404);
    await expectStatus(octokit.rest.issues.listForRepo({ owner: "other", repo: "secret" }), 404);
    const gql = await octokit.graphql<{ a: unknown }>(`{ a: repository(owner: "acme", name: "web") { id } }`);
    expect(gql.a).toBeTruthy();
  });

  it("serves the app, installation and repository-installation endpoints with the JWT", async () => {
    const app = await octokit.rest.apps.getAuthenticated();
    expect(app.data).toMatchObject({ id: sim.app.id, slug: "release-train" });
    const installs = await octokit.rest.apps.listInstallations();
    expect(installs.data.map((i) => i.id)).toEqual([77]);
    const ri = await octokit.rest.apps.getRepoInstallation({ owner: "acme", repo: "web" });
    expect(ri.data.account).toMatchObject({ login: "acme" });
    await expectStatus(octokit.rest.apps.getOrgInstallation({ org: "other" }), 404);
    const repos = await octokit.rest.apps.listReposAccessibleToInstallation();
    expect(repos.data.total_count).toBe(1);
    expect(repos.data.repositories[0]!.full_name).toBe("acme/web");
  });

  it("does not reach an installation of another account with this installation's token", async () => {
    sim.seed.installation({ account: "other", id: 78 });
    const other = appOctokit(sim, 78);
    const r = await other.rest.repos.get({ owner: "other", repo: "secret" });
    expect(r.status).toBe(200);
    await expectStatus(other.rest.repos.get({ owner: "acme", repo: "web" }), 404);
  });

  it("answers 403 with GitHub's message once the hourly budget is spent", async () => {
    await octokit.rest.repos.get({ owner: "acme", repo: "web" });
    sim.rateLimiter.exhaust("installation:77", "core");
    const body = await expectStatus(octokit.rest.repos.get({ owner: "acme", repo: "web" }), 403);
    expect(body["message"]).toBe("API rate limit exceeded for installation ID 77.");
  });
});
