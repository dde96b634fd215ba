// Who a request comes from, over real HTTP (issue #10), on each backend: a request without a
// valid credential is refused 401 UNAUTHENTICATED with a WWW-Authenticate challenge and the
// reason (missing, malformed, unknown, revoked, expired key; every JWT that does not verify);
// a JWT's scopes limit it as a key's do; rates per caller answer 429 with Retry-After; batched
// requests are refused.

import { SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoChanges } from "../../src/demo/loadDemoChanges";
import type { Mirror } from "../../src/mirror";
import { startServer, type RunningServer } from "../../src/server/createServer";
import { BACKENDS } from "../backends";
import { codesOf, contactRow, createKey, forbiddenDatasets, graphql, rowOf, type Answer, type Caller } from "./accessClient";

const CONTACTS = `{ contacts(first: 1) { totalCount } }`;
const ACCOUNTS = `{ accounts(first: 1) { totalCount } }`;
const APPLY = `mutation($changes: [JSONObject!]!) { applyChanges(dataset: "contacts", changes: $changes) { status } }`;

const JWT = { secret: "a shared secret of the identity provider, 32+ bytes", issuer: "https://id.example.com/", audience: "mirrorql-test" };
const seconds = () => Math.floor(Date.now() / 1000);

/** A token for `sub` "alice" of the configured issuer and audience, valid for an hour; claims given override (undefined removes one). */
function token(claims: JWTPayload = {}, secret = JWT.secret): Promise<string> {
  const payload: JWTPayload = { sub: "alice", iss: JWT.issuer, aud: JWT.audience, iat: seconds(), exp: seconds() + 3600, ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(secret));
}

/** An unsigned token (alg "none") with the claims of a valid one. */
function unsignedToken(claims: JWTPayload): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ sub: "alice", iss: JWT.issuer, aud: JWT.audience, exp: seconds() + 3600, ...claims })}.`;
}

/** A refusal of the request for its credential: HTTP 401, a Bearer challenge, UNAUTHENTICATED with `reason`. */
function expectUnauthenticated(answer: Answer, reason: string, challenge = 'Bearer realm="mirrorql", error="invalid_token"') {
  expect(answer.status).toBe(401);
  expect(answer.headers.get("www-authenticate")).toBe(challenge);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", reason, requestId: answer.headers.get("x-request-id") });
}

describe.each(BACKENDS)("identity ($name)", (backend) => {
  let mirror: Mirror;
  let server: RunningServer;
  const keys = {} as Record<"reader" | "toRevoke" | "revoked" | "expired" | "expiring", { text: string; id: string }>;
  const as = (caller: Caller, query: string, variables?: Record<string, unknown>) => graphql(server.url, caller, query, variables);

  beforeAll(async () => {
    mirror = await backend.open({ schemaDir: "schema" }, { reopen: true }, "file");
    await loadDemoChanges(mirror);
    keys.reader = await createKey(mirror, "reader", ["read"]);
    keys.toRevoke = await createKey(mirror, "to-revoke", ["read"]);
    keys.revoked = await createKey(mirror, "revoked", ["read"]);
    await mirror.revokeApiKey(keys.revoked.id);
    keys.expired = await createKey(mirror, "expired", ["read"], { expiresAt: new Date(Date.now() - 60_000).toISOString() });
    keys.expiring = await createKey(mirror, "expiring", ["read"], { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    server = await startServer(mirror, { port: 0, access: { jwt: JWT } });
  }, 60_000);
  afterAll(() => server?.stop(), 30_000);

  describe("API keys", () => {
    it("a request without a credential is refused 401 with a Bearer challenge once keys exist", async () => {
      const answer = await as({}, CONTACTS);
      expectUnauthenticated(answer, "missing", 'Bearer realm="mirrorql"');
      expect(answer.body.errors![0]!.message).toContain("Authorization: Bearer");
    });

    it("an Authorization header that is not Bearer is refused 401 as an invalid request (RFC 6750)", async () => {
      const invalidRequest = 'Bearer realm="mirrorql", error="invalid_request"';
      expectUnauthenticated(await as({ authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }, CONTACTS), "bad_header", invalidRequest);
      expectUnauthenticated(await as({ authorization: "Bearer" }, CONTACTS), "bad_header", invalidRequest);
    });

    it("an unknown key and a known key id with a wrong secret get the same 401, telling nothing of which", async () => {
      const unknown = await as({ token: `mq_abcdefghijkl_${"A".repeat(43)}` }, CONTACTS);
      expectUnauthenticated(unknown, "unknown_key");
      const wrongSecret = await as({ token: `mq_${keys.reader.id}_${"A".repeat(43)}` }, CONTACTS);
      expectUnauthenticated(wrongSecret, "unknown_key");
      // The same answer but for the request's own id.
      const withoutId = (a: Answer) => a.body.errors!.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: undefined } }));
      expect(withoutId(wrongSecret)).toEqual(withoutId(unknown));
      expectUnauthenticated(await as({ token: "mq_not-a-key" }, CONTACTS), "unknown_key");
    });

    it("a valid key is served", async () => {
      const answer = await as({ token: keys.reader.text }, CONTACTS);
      expect(answer.status).toBe(200);
      expect(answer.body.data.contacts.totalCount).toBeGreaterThan(0);
      expect((await as({ token: keys.expiring.text }, CONTACTS)).status).toBe(200);
    });

    it("a revoked key is refused 401 (revoked), from the request after the revocation on", async () => {
      expect((await as({ token: keys.toRevoke.text }, CONTACTS)).status).toBe(200);
      await mirror.revokeApiKey("to-revoke");
      const answer = await as({ token: keys.toRevoke.text }, CONTACTS);
      expectUnauthenticated(answer, "revoked");
      expect(answer.body.errors![0]!.message).toContain('"to-revoke" was revoked');
      expectUnauthenticated(await as({ token: keys.revoked.text }, CONTACTS), "revoked");
    });

    it("an expired key is refused 401 (expired)", async () => {
      const answer = await as({ token: keys.expired.text }, CONTACTS);
      expectUnauthenticated(answer, "expired");
      expect(answer.body.errors![0]!.message).toContain('"expired" expired at');
    });

    it("a key's last use is recorded", async () => {
      const used = await createKey(mirror, "used", ["read"]);
      const before = Date.now();
      expect((await as({ token: used.text }, CONTACTS)).status).toBe(200);
      // Written after the answer, without holding the request up.
      let lastUsedAt: string | null | undefined;
      for (let i = 0; i < 50 && !lastUsedAt; i++) {
        lastUsedAt = (await mirror.apiKeys()).find((k) => k.id === used.id)?.lastUsedAt;
        if (!lastUsedAt) await new Promise((r) => setTimeout(r, 100));
      }
      expect(lastUsedAt).toBeTruthy();
      expect(Date.parse(lastUsedAt!)).toBeGreaterThanOrEqual(before - 1000);
      expect((await mirror.apiKeys()).find((k) => k.name === "expired")!.lastUsedAt).toBeNull();
    });
  });

  describe("JWTs", () => {
    it("a valid token with scope read:contacts reads contacts and is limited to them as a key is", async () => {
      const jwt = await token({ scope: "openid profile read:contacts" });
      expect((await as({ token: jwt }, CONTACTS)).body.data.contacts.totalCount).toBeGreaterThan(0);
      const refused = await as({ token: jwt }, `{ contacts(first: 1) { nodes { account { name } } } }`);
      expect(refused.status).toBe(403);
      expect(forbiddenDatasets(refused)).toEqual(["accounts"]);
      expect(refused.body.errors![0]!.message).toContain('Token subject "alice"');
      expect((await as({ token: jwt }, `{ datasets { dataset } }`)).body).toEqual({ data: { datasets: [{ dataset: "contacts" }] } });
      const write = await as({ token: jwt }, APPLY, { changes: [contactRow("jwt-1")] });
      expect(write.status).toBe(403);
      expect(await rowOf(mirror, "contacts", "contact_id", "jwt-1")).toBeUndefined();
    });

    it("a token without any scope of ours is authenticated and may do nothing", async () => {
      const answer = await as({ token: await token({ scope: "openid profile" }) }, CONTACTS);
      expect(answer.status).toBe(403);
      expect(codesOf(answer)).toEqual(["FORBIDDEN"]);
    });

    it.each([
      ["expired", { exp: seconds() - 3600, iat: seconds() - 7200 }, "expired"],
      ["not yet valid", { nbf: seconds() + 3600 }, "not_yet_valid"],
      ["without an expiry", { exp: undefined }, "no_expiry"],
      ["for another audience", { aud: "someone-else" }, "wrong_audience"],
      ["from another issuer", { iss: "https://evil.example.com/" }, "wrong_issuer"],
      ["without an issuer", { iss: undefined }, "wrong_issuer"],
      ["naming nobody (no sub)", { sub: undefined }, "no_name"],
    ])("a token %s is refused 401", async (_what, claims, reason) => {
      expectUnauthenticated(await as({ token: await token({ scope: "read", ...claims }) }, CONTACTS), reason);
    });

    it("an unsigned token (alg none) is refused 401", async () => {
      expectUnauthenticated(await as({ token: unsignedToken({ scope: "admin" }) }, CONTACTS), "bad_algorithm");
    });

    it("a token signed with the right secret by another algorithm than HS256 is refused 401", async () => {
      const payload = { sub: "alice", iss: JWT.issuer, aud: JWT.audience, exp: seconds() + 3600, scope: "admin" };
      const hs512 = await new SignJWT(payload).setProtectedHeader({ alg: "HS512" }).sign(new TextEncoder().encode(JWT.secret));
      expectUnauthenticated(await as({ token: hs512 }, CONTACTS), "bad_algorithm");
    });

    it("scopes given as an array claim are read as a space-separated one is", async () => {
      const jwt = await token({ scope: ["read:contacts"] as unknown as string });
      expect((await as({ token: jwt }, CONTACTS)).status).toBe(200);
      expect((await as({ token: jwt }, ACCOUNTS)).status).toBe(403);
    });

    it("a token signed with another secret is refused 401", async () => {
      expectUnauthenticated(await as({ token: await token({ scope: "admin" }, "another secret, also of at least 32 bytes") }, CONTACTS), "bad_signature");
    });

    it("a token whose payload was altered after signing is refused 401", async () => {
      const [header, , signature] = (await token({ scope: "read:contacts" })).split(".");
      const payload = Buffer.from(JSON.stringify({ sub: "alice", iss: JWT.issuer, aud: JWT.audience, exp: seconds() + 3600, scope: "admin" })).toString("base64url");
      expectUnauthenticated(await as({ token: `${header}.${payload}.${signature}` }, CONTACTS), "bad_signature");
    });

    it("an admin token's purge is audited with the token's subject", async () => {
      const jwt = await token({ sub: "erasure-bot", scope: "admin:contacts" });
      await mirror.applyChanges("contacts", [contactRow("jwt-p1")]);
      const purged = await as({ token: jwt }, `mutation { purgeKeys(dataset: "contacts", keys: [{ contact_id: "jwt-p1" }], reason: "gdpr") { keys { state } } }`);
      expect(purged.body).toEqual({ data: { purgeKeys: { keys: [{ state: "ROW" }] } } });
      expect((await mirror.auditLog({ limit: 1 }))[0]).toMatchObject({ principal: "jwt:erasure-bot", target: { dataset: "contacts", keys: 1, reason: "gdpr" } });
    });
  });

  it("a batched request (a JSON array) is refused 400, so that it cannot pass as one operation", async () => {
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${keys.reader.text}` },
      body: JSON.stringify([{ query: CONTACTS }, { query: ACCOUNTS }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batch/i);
  });
});

describe.each(BACKENDS)("rate limits ($name)", (backend) => {
  let mirror: Mirror;
  let server: RunningServer;
  const keys: Record<string, string> = {};
  const as = (role: string, query: string, variables?: Record<string, unknown>) => graphql(server.url, { token: keys[role]! }, query, variables);

  /** A refusal for the rate: 429, Retry-After in whole seconds, RATE_LIMITED naming the limit. */
  function expectRateLimited(answer: Answer, limit: string) {
    expect(answer.status).toBe(429);
    expect(answer.body.data).toBeUndefined();
    expect(codesOf(answer)).toEqual(["RATE_LIMITED"]);
    expect(answer.body.errors![0]!.extensions.limit).toBe(limit);
    const retry = Number(answer.headers.get("retry-after"));
    expect(Number.isInteger(retry) && retry >= 1).toBe(true);
    expect(answer.body.errors![0]!.extensions.retryAfterSeconds).toBe(retry);
  }

  beforeAll(async () => {
    mirror = await backend.open({ schemaDir: "schema" }, { reopen: true }, "file");
    for (const role of ["first", "second", "writer"]) keys[role] = (await createKey(mirror, role, ["read", "write"])).text;
    keys.ownRate = (await createKey(mirror, "own-rate", ["read"], { limits: { readsPerSecond: 0.05 } })).text;
    keys.small = (await createKey(mirror, "small", ["read"], { limits: { maxNodes: 3 } })).text;
    // Slow refills (one operation per 5 s) so that a busy machine cannot refill a bucket between two requests.
    keys.regions = (await createKey(mirror, "regions", ["read:regions"])).text;
    server = await startServer(mirror, {
      port: 0,
      access: {
        jwt: { secret: JWT.secret },
        rates: { read: { perSecond: 0.2, burst: 2 }, write: { perSecond: 0.2, burst: 1 } },
        scopeLimits: [{ scope: "read:regions", read: { perSecond: 0.05, burst: 1 }, maxNodes: 2 }],
      },
    });
  }, 60_000);
  afterAll(() => server?.stop(), 30_000);

  it("past its burst, a caller's query is refused 429 with Retry-After and RATE_LIMITED", async () => {
    expect((await as("first", CONTACTS)).status).toBe(200);
    expect((await as("first", CONTACTS)).status).toBe(200);
    const refused = await as("first", CONTACTS);
    expectRateLimited(refused, "readsPerSecond");
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(5);
  });

  it("writes are counted apart from reads, and a write refused for its rate writes nothing", async () => {
    for (let i = 0; i < 2; i++) await as("writer", CONTACTS);
    expectRateLimited(await as("writer", CONTACTS), "readsPerSecond");
    expect((await as("writer", APPLY, { changes: [contactRow("rate-1")] })).body).toEqual({ data: { applyChanges: { status: "APPLIED" } } });
    expectRateLimited(await as("writer", APPLY, { changes: [contactRow("rate-2")] }), "writesPerSecond");
    expect(await rowOf(mirror, "contacts", "contact_id", "rate-2")).toBeUndefined();
  });

  it("each key has its own bucket", async () => {
    for (let i = 0; i < 2; i++) await as("first", CONTACTS);
    expect((await as("second", CONTACTS)).status).toBe(200);
    expect((await as("second", CONTACTS)).status).toBe(200);
  });

  it("a key's own rate comes before the server's", async () => {
    expect((await as("ownRate", CONTACTS)).status).toBe(200);
    const refused = await as("ownRate", CONTACTS);
    expectRateLimited(refused, "readsPerSecond");
    // One query per 20 s, in bursts of 1: the wait is the key's, not the server's 5 s.
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(5);
    expect(refused.body.errors![0]!.extensions.maximum).toBe(0.05);
  });

  it("a key's own maxNodes comes before the server's", async () => {
    expect((await as("small", `{ contacts(first: 3) { totalCount } }`)).status).toBe(200);
    const refused = await as("small", `{ contacts(first: 4) { nodes { contact_id } } }`);
    expect(codesOf(refused)).toEqual(["LIMIT_EXCEEDED"]);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ limit: "maxNodes", maximum: 3, received: 4 });
  });

  it("a scope's limits apply to the keys and tokens holding it, before the server's", async () => {
    const jwt = await token({ sub: "regions-bot", scope: "read:regions" });
    for (const caller of [{ token: keys.regions! }, { token: jwt }]) {
      expect(
        (
          await graphql(
            server.url,
            caller,
            `
              {
                regions(first: 2) {
                  totalCount
                }
              }
            `,
          )
        ).status,
      ).toBe(200);
      expectRateLimited(
        await graphql(
          server.url,
          caller,
          `
            {
              regions(first: 2) {
                totalCount
              }
            }
          `,
        ),
        "readsPerSecond",
      );
    }
    const fresh = (await createKey(mirror, "regions-2", ["read:regions"])).text;
    const tooMany = await graphql(
      server.url,
      { token: fresh },
      `
        {
          regions(first: 3) {
            nodes {
              region_code
            }
          }
        }
      `,
    );
    expect(codesOf(tooMany)).toEqual(["LIMIT_EXCEEDED"]);
    expect(tooMany.body.errors![0]!.extensions).toMatchObject({ limit: "maxNodes", maximum: 2 });
  });
});
