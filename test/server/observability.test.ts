// Metrics, logs and health (README "Metrics, logs and health"), on both backends: /metrics counts
// requests by operation type and outcome, errors by code, batches and rows by outcome, and reads its
// gauges at scrape; each request has an id (the caller's when sane), sent back and logged; /readyz
// answers 200 while the database, the migrations, the writer and the models are there, else 503
// naming what fails.

import { afterEach, describe, expect, it } from "vitest";
import type { Mirror } from "../../src/mirror";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server/createServer";
import { isLoopbackPeer } from "../../src/server/hostCheck";
import { configureLog } from "../../src/server/log";
import { BACKENDS } from "../backends";

/** Every sample of a scrape, keyed by name and labels in name order: `name{a="1",b="2"}`. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels = m[2] ? [...m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}="${v}"`).sort() : [];
    samples.set(labels.length ? `${m[1]}{${labels.join(",")}}` : m[1]!, Number(m[3]));
  }
  return samples;
}

const key = (name: string, labels: Record<string, string> = {}) => {
  const parts = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort();
  return parts.length ? `${name}{${parts.join(",")}}` : name;
};

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

async function post(server: RunningServer, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer["body"] };
}

const origin = (server: RunningServer) => server.url.replace(/\/graphql$/, "");

describe.each(BACKENDS)("$name", (backend) => {
  const running: RunningServer[] = [];
  afterEach(async () => {
    configureLog({ level: "info" });
    for (const s of running.splice(0)) await s.stop();
  });
  const serve = async (options: ServerOptions = {}): Promise<{ mirror: Mirror; server: RunningServer }> => {
    const mirror = await backend.open({ schemaDir: "schema" }, { reopen: true });
    const server = await startServer(mirror, { port: 0, readers: 1, ...options });
    running.push(server);
    return { mirror, server };
  };

  it("/metrics counts requests by operation and outcome, errors by code, batches and rows by outcome, and reads its gauges at scrape", async () => {
    // One read a minute for the anonymous caller: the second query is refused (429).
    const { server } = await serve({ access: { rates: { read: { perSecond: 1 / 60, burst: 1 } } } });
    expect((await post(server, `{ regions { totalCount } }`)).status).toBe(200);
    const applied = await post(
      server,
      `mutation { applyChanges(dataset: "regions", batchId: "m1", changes: [
      { region_code: "zz", name: "Zed", revision: "1" },
      { region_code: "yy", name: "Why", revision: "one" }
    ]) { status datasets { upserted quarantined { code } } } }`,
    );
    expect(applied.body).toEqual({ data: { applyChanges: { status: "APPLIED", datasets: [{ upserted: 1, quarantined: [{ code: "INVALID_VALUE" }] }] } } });
    expect((await post(server, `{ regions { totalCount } }`)).status).toBe(429);
    expect((await post(server, `{ regionz { totalCount } }`)).status).toBe(400);

    const scrape = await fetch(`${origin(server)}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parseMetrics(await scrape.text());
    expect(m.get(key("mirrorql_graphql_requests_total", { operation: "query", outcome: "ok" }))).toBe(1);
    expect(m.get(key("mirrorql_graphql_requests_total", { operation: "mutation", outcome: "ok" }))).toBe(1);
    expect(m.get(key("mirrorql_graphql_requests_total", { operation: "query", outcome: "refused" }))).toBe(1);
    expect(m.get(key("mirrorql_graphql_requests_total", { operation: "none", outcome: "refused" }))).toBe(1);
    expect(m.get(key("mirrorql_graphql_request_duration_seconds_count", { operation: "mutation", outcome: "ok" }))).toBe(1);
    expect(m.get(key("mirrorql_graphql_errors_total", { code: "RATE_LIMITED" }))).toBe(1);
    expect(m.get(key("mirrorql_graphql_errors_total", { code: "GRAPHQL_VALIDATION_FAILED" }))).toBe(1);
    expect(m.get(key("mirrorql_batches_total", { status: "applied" }))).toBe(1);
    expect(m.get(key("mirrorql_batch_apply_duration_seconds_count", { status: "applied" }))).toBe(1);
    expect(m.get(key("mirrorql_rows_total", { dataset: "regions", outcome: "upserted" }))).toBe(1);
    expect(m.get(key("mirrorql_rows_total", { dataset: "regions", outcome: "quarantined" }))).toBe(1);
    expect(m.has(key("mirrorql_rows_total", { dataset: "regions", outcome: "stale" }))).toBe(false);
    // One statement per root field read: the one query that ran.
    expect(m.get(key("mirrorql_read_statement_duration_seconds_count", { outcome: "ok" }))).toBe(1);
    expect(m.get(key("mirrorql_writer_queue_depth"))).toBe(0);
    expect(m.get(key("mirrorql_quarantine_rows", { dataset: "regions" }))).toBe(1);
    expect(m.get(key("mirrorql_quarantine_rows", { dataset: "contacts" }))).toBe(0);
    expect(m.get(key("mirrorql_database_size_bytes"))).toBeGreaterThan(0);
    // Process metrics, from prom-client's defaults.
    expect(m.get(key("process_cpu_user_seconds_total"))).toBeGreaterThan(0);
    expect(m.has(key("nodejs_heap_size_used_bytes"))).toBe(true);
    // The scrape itself is not a GraphQL request.
    expect([...m.keys()].filter((k) => k.startsWith("mirrorql_graphql_requests_total")).reduce((n, k) => n + m.get(k)!, 0)).toBe(4);

    // A replayed batch id counts as replayed, its rows not again.
    await post(server, `mutation { applyChanges(dataset: "regions", batchId: "m1", changes: [{ region_code: "zz", name: "Zed", revision: "1" }]) { replayed } }`);
    const again = parseMetrics(await (await fetch(`${origin(server)}/metrics`)).text());
    expect(again.get(key("mirrorql_batches_total", { status: "replayed" }))).toBe(1);
    expect(again.get(key("mirrorql_rows_total", { dataset: "regions", outcome: "upserted" }))).toBe(1);
  });

  it("gives each request an id, the caller's when it is a plain token, in the header, the error extensions and the access log line", async () => {
    const lines: Record<string, unknown>[] = [];
    configureLog({ level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    const { mirror, server } = await serve();

    const passed = await post(server, `query Regions { regions(first: 5000) { totalCount } }`, { "x-request-id": "trace-4bf92f35.01" });
    expect(passed.headers.get("x-request-id")).toBe("trace-4bf92f35.01");
    expect(passed.body.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", requestId: "trace-4bf92f35.01" });
    await until(() => lines.some((l) => l.requestId === "trace-4bf92f35.01"));
    expect(lines.find((l) => l.event === "request" && l.requestId === "trace-4bf92f35.01")).toMatchObject({
      level: "info",
      method: "POST",
      path: "/graphql",
      status: 200,
      outcome: "error",
      operation: "query",
      operationName: "Regions",
      principal: "anonymous:anonymous",
      errors: ["LIMIT_EXCEEDED"],
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    // Ids that could forge or flood log lines are replaced by a UUID of the server's.
    for (const sent of ["x".repeat(129), `a","level":"fatal`, "two words", "tab\there"]) {
      const answer = await post(server, `{ regions { totalCount } }`, { "x-request-id": sent });
      const id = answer.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await until(() => lines.some((l) => l.requestId === id));
    }
    expect(JSON.stringify(lines)).not.toContain("fatal");

    // Without one the server makes one; refusals before Apollo carry it too.
    const refused = await post(server, `{ regions { totalCount } }`, { authorization: "Bearer mq_nope_nope" });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions.requestId).toBe(refused.headers.get("x-request-id"));
    expect((await fetch(`${origin(server)}/healthz`)).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // An internal error: the client sees the error's id and the request's; the log line has both with the cause.
    await backend.dropTable(mirror, "regions__state");
    const failed = await post(server, `{ regions { totalCount } }`, { "x-request-id": "req-internal-1" });
    const error = failed.body.errors![0]!;
    expect(error.extensions).toMatchObject({ code: "INTERNAL", requestId: "req-internal-1" });
    const logged = lines.find((l) => l.event === "internal_error" && l.id === error.extensions.id);
    expect(logged).toMatchObject({ level: "error", requestId: "req-internal-1" });
    expect(String(logged!.message)).toMatch(/regions/);
  });

  it("/readyz answers 200 with every check ok, and 503 naming the writer once it stopped", async () => {
    const { server } = await serve();
    const ready = await fetch(`${origin(server)}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", writer: "ok", models: "ok" } });
    await server.writer.close();
    const stopped = await fetch(`${origin(server)}/readyz`);
    expect(stopped.status).toBe(503);
    expect(await stopped.json()).toEqual({ status: "not ready", checks: { database: "ok", migrations: "ok", writer: "failing", models: "ok" }, failing: ["writer"] });
    // Liveness is another question: the process still answers.
    expect((await fetch(`${origin(server)}/healthz`)).status).toBe(200);
  });

  it("/metrics is refused to a caller relayed by a proxy (Forwarded, X-Forwarded-For) unless metricsPublic", async () => {
    const { server } = await serve();
    expect((await fetch(`${origin(server)}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(403);
    expect((await fetch(`${origin(server)}/metrics`, { headers: { forwarded: "for=203.0.113.9" } })).status).toBe(403);
    const { server: open } = await serve({ metricsPublic: true });
    expect((await fetch(`${origin(open)}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(200);
  });

  it("/readyz answers 503 naming the database once it is closed, and /metrics still answers", async () => {
    configureLog({ level: "silent" });
    const { mirror, server } = await serve();
    // The gauges read at scrape keep their last value while the database does not answer.
    expect(parseMetrics(await (await fetch(`${origin(server)}/metrics`)).text()).get(key("mirrorql_database_size_bytes"))).toBeGreaterThan(0);
    await mirror.storage.close();
    const closed = await fetch(`${origin(server)}/readyz`);
    expect(closed.status).toBe(503);
    expect(await closed.json()).toEqual({
      status: "not ready",
      checks: { database: "failing", migrations: "unknown", writer: "ok", models: "ok" },
      failing: ["database", "migrations"],
    });
    const scrape = await fetch(`${origin(server)}/metrics`);
    expect(scrape.status).toBe(200);
    const m = parseMetrics(await scrape.text());
    expect(m.has(key("process_cpu_user_seconds_total"))).toBe(true);
    expect(m.get(key("mirrorql_database_size_bytes"))).toBeGreaterThan(0);
  });
});

describe("/metrics access", () => {
  it("is served to loopback peers only unless --metrics-public", () => {
    for (const address of ["127.0.0.1", "127.8.0.1", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackPeer(address)).toBe(true);
    for (const address of ["10.0.0.7", "::ffff:10.0.0.7", "2001:db8::1", "::", undefined]) expect(isLoopbackPeer(address)).toBe(false);
  });
});

/** Waits for `check` (a log line written when the response has closed, just after the client got it). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}
