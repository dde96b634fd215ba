// Requests that would freeze the server are refused before they cost anything: too many
// tokens, repeated selections that make validation quadratic, and queries whose pages
// multiply into too many objects; /healthz and other requests answer meanwhile. Host names
// other than the server's are refused on loopback (DNS rebinding).

import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoChanges } from "../../src/demo/loadDemoChanges";
import { DEFAULT_QUERY_LIMITS } from "../../src/graphql/limits/QueryLimits";
import { Mirror } from "../../src/mirror";
import { startServer, type RunningServer } from "../../src/server/createServer";
import { hostCheck } from "../../src/server/hostCheck";

let mirror: Mirror;
let server: RunningServer;

beforeAll(async () => {
  mirror = await Mirror.open({ schemaDir: "schema" });
  await loadDemoChanges(mirror);
  server = await startServer(mirror, { port: 0 });
});
afterAll(async () => {
  await server.stop();
  await mirror.close();
});

const post = async (query: string) => {
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } };
};

/** A GET with a chosen Host header (fetch does not let a caller set it). */
const withHost = (host: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(server.url.replace("/graphql", "/healthz"), { headers: { host } }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.end();
  });

describe("request limits", () => {
  it("a query whose pages multiply past maxNodes is refused before any SQL, naming what it could return", async () => {
    // 229 bytes that once grew the server to 3.2 GB: 1,000 x 1,000 x 1,000 rows.
    const query = `{ contacts(first: 1000) { nodes { account { contacts(first: 1000) { nodes { account { contacts(first: 1000) { nodes { contact_id } } } } } } } } }`;
    const { status, body } = await post(query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "maxNodes", maximum: DEFAULT_QUERY_LIMITS.maxNodes });
    expect(body.errors![0]!.extensions.received).toBeGreaterThan(1_000_000_000);
    expect(body.errors![0]!.message).toContain("above the maximum of 200000 (maxNodes)");
  });

  it("the same query with small pages is answered", async () => {
    const { body } = await post(`{ contacts(first: 2) { nodes { account { contacts(first: 2) { nodes { account { contacts(first: 2) { nodes { contact_id } } } } } } } } }`);
    expect(body.errors).toBeUndefined();
  });

  it("the reference resolvers answer under the same node budget", async () => {
    const resolvers = await startServer(mirror, { port: 0, engine: "resolvers", queryLimits: { maxNodes: 50 } });
    try {
      const res = await fetch(resolvers.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ accounts(first: 10) { nodes { contacts(first: 10) { totalCount } } } }" }),
      });
      const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0]!.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "maxNodes", maximum: 50, received: 110, requestId: expect.any(String) });
    } finally {
      await resolvers.stop();
    }
  });

  it("a document repeating one response key is refused before validation, which would take quadratic time", async () => {
    const copies = Array.from({ length: 1000 }, () => `a: contacts(first: 1) { totalCount }`).join(" ");
    const { status, body } = await post(`{ ${copies} }`);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "maxRepeatedPairs", maximum: 500, received: (1000 * 999) / 2, requestId: expect.any(String) });
    expect(body.errors![0]!.message).toContain(`the most "a" 1000 times`);
  });

  it("repeated selections are counted through fragments, each fragment once however often it is spread", async () => {
    // F9 spreads F8 twice, ... F1 spreads F0 twice: 2^10 copies of `a` in the operation.
    const fragments = Array.from({ length: 10 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join("\n");
    const { status, body } = await post(`{ ...F10 }\nfragment F0 on Query { a: regions { totalCount } }\n${fragments}`);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "maxRepeatedPairs" });
    expect(body.errors![0]!.message).toContain(`the most "a" 1024 times`);
  });

  it("a document over maxTokens is refused at parse", async () => {
    const fields = Array.from({ length: 6000 }, (_, i) => `f${i}: __typename`).join(" ");
    const { status, body } = await post(`{ ${fields} }`);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "maxTokens", maximum: 15000, requestId: expect.any(String) });
  });

  it("a few repeats of a field, as fragments merging give, are answered", async () => {
    const { body } = await post(`{ regions(first: 1) { nodes { region_code ...A ...B } } } fragment A on Region { region_code name } fragment B on Region { region_code name }`);
    expect(body.errors).toBeUndefined();
  });

  it("/healthz answers while refused requests arrive", async () => {
    const copies = Array.from({ length: 1000 }, () => `a: contacts(first: 1) { totalCount }`).join(" ");
    const flood = Array.from({ length: 20 }, () => post(`{ ${copies} }`));
    const health = await fetch(server.url.replace("/graphql", "/healthz"));
    expect(health.status).toBe(200);
    expect((await Promise.all(flood)).every((r) => r.status === 400)).toBe(true);
  });
});

describe("host check (DNS rebinding)", () => {
  it("a loopback server refuses a request for another host name, and answers its own names", async () => {
    const port = new URL(server.url).port;
    const refused = await withHost(`attacker.example:${port}`);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).errors[0].extensions).toEqual({ code: "FORBIDDEN", received: `attacker.example:${port}`, requestId: expect.any(String) });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "localhost"]) expect((await withHost(host)).status).toBe(200);
  });

  it("names configured with allowedHosts are the only ones accepted besides IP addresses", () => {
    const check = hostCheck("127.0.0.1", ["mirror.internal"]);
    expect(check("mirror.internal:4000")).toBe(true);
    expect(check("MIRROR.INTERNAL")).toBe(true);
    expect(check("10.0.0.5:4000")).toBe(true);
    expect(check("localhost:4000")).toBe(false);
    expect(check(undefined)).toBe(false);
  });

  it("a server on another address accepts any host unless names are configured", () => {
    expect(hostCheck("0.0.0.0")("anything.example")).toBe(true);
    expect(hostCheck("0.0.0.0", ["a.example"])("b.example")).toBe(false);
  });
});
