// Reads on both cores: the compiled engine's statements run on reader threads, each with
// its own read-only connection, beside the writer; they see every committed batch and
// survive a thread that dies.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadDemoChanges } from "../../src/demo/loadDemoChanges";
import { Mirror } from "../../src/mirror";
import { startServer } from "../../src/server/createServer";
import { startReaderPool } from "../../src/storage/sqlite/readerPool";
import { connectionQuery, DEFAULT_LIMITS } from "../../src/graphql/connectionArgs";
import type { Worker } from "node:worker_threads";

const dirs: string[] = [];
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const stop of stops.splice(0)) await stop();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function demoServer(options: Parameters<typeof startServer>[1]) {
  const dir = mkdtempSync(join(tmpdir(), "mirrorql-readers-"));
  dirs.push(dir);
  const mirror = await Mirror.open({ database: join(dir, "mirror.db"), schemaDir: "schema", now: () => new Date("2026-06-01T00:00:00Z") });
  await loadDemoChanges(mirror);
  const server = await startServer(mirror, { port: 0, ...options });
  stops.push(async () => {
    await server.stop();
    await mirror.close();
  });
  const post = async (query: string) => {
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    return { status: res.status, body: await res.text() };
  };
  return { server, post };
}

const NESTED = `{ accounts(first: 5, orderBy: [{ name: ASC }]) { totalCount nodes { name region { name } contacts(first: 2) { nodes { last_name row_scn ownedOpportunities { nodes { name stage } } } } } } datasets { dataset } }`;

describe("reader threads", () => {
  it("answer concurrent queries exactly as the reference resolvers on the main thread", async () => {
    const pooled = await demoServer({ readers: 2 });
    const reference = await demoServer({ readers: 0, engine: "resolvers" });
    const expected = await reference.post(NESTED);
    expect(expected.status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 40 }, () => pooled.post(NESTED)));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body)).toStrictEqual(JSON.parse(expected.body));
    }
  });

  it("see a batch as soon as the writer thread has committed it", async () => {
    const { post } = await demoServer({ readers: 2 });
    const before = JSON.parse((await post(`{ region(region_code: "XX") { name } }`)).body);
    expect(before).toStrictEqual({ data: { region: null } });
    const applied = await post(
      `mutation { applyChanges(dataset: "regions", batchId: "r-xx", changes: [{ region_code: "XX", name: "Nowhere", revision: 1 }]) { status datasets { upserted } } }`,
    );
    expect(JSON.parse(applied.body)).toStrictEqual({ data: { applyChanges: { status: "APPLIED", datasets: [{ upserted: 1 }] } } });
    for (let i = 0; i < 4; i++) expect(JSON.parse((await post(`{ region(region_code: "XX") { name } }`)).body)).toStrictEqual({ data: { region: { name: "Nowhere" } } });
  });

  it("fail only the statements in flight on a thread that dies, and replace the thread for the next ones", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-readers-"));
    dirs.push(dir);
    const mirror = await Mirror.open({ database: join(dir, "mirror.db"), schemaDir: "schema" });
    await loadDemoChanges(mirror);
    const threads: Worker[] = [];
    const pool = await startReaderPool(join(dir, "mirror.db"), 1, { cursorKey: mirror.cursorKey, onSpawn: (w) => threads.push(w) });
    stops.push(async () => {
      await pool.close();
      await mirror.close();
    });
    const region = mirror.models.find((m) => m.dataset === "regions")!;
    const plan = {
      kind: "byKey" as const,
      model: region,
      key: ["NA"],
      object: { model: region, entries: [{ kind: "field" as const, key: "name", field: "name", type: "string" as const }] },
    };
    expect(JSON.parse(await pool.readJson(plan))).toStrictEqual({ name: "North America" });
    const inFlight = pool.readJson(plan);
    await threads[0]!.terminate();
    await expect(inFlight).rejects.toThrow(/reader thread stopped/);
    await vi.waitFor(() => expect(threads).toHaveLength(2));
    expect(JSON.parse(await pool.readJson(plan))).toStrictEqual({ name: "North America" });
  });

  /** A file mirror of 30,000 regions: sorting and scanning them takes far more than 1 ms. */
  async function manyRegions() {
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-readers-"));
    dirs.push(dir);
    const mirror = await Mirror.open({ database: join(dir, "mirror.db"), schemaDir: "schema" });
    const rows = Array.from({ length: 30_000 }, (_, i) => ({ region_code: `r${i}`, name: `Region number ${(i * 7919) % 30_000} of many`, revision: "1" }));
    await mirror.applyBatch([{ dataset: "regions", rows }], { batchId: "many-regions" });
    return mirror;
  }
  const SLOW = `{ regions(orderBy: [{ name: DESC }], first: 1, where: { name: { _ilike: "%NUMBER%" } }) { totalCount nodes { name } } }`;

  it("a statement running past the time limit answers TIMEOUT and its thread is replaced; reads queued behind it are stopped with TIMEOUT too", async () => {
    const mirror = await manyRegions();
    const threads: Worker[] = [];
    const pool = await startReaderPool(mirror.path, 1, { cursorKey: mirror.cursorKey, timeoutMs: 1, onSpawn: (w) => threads.push(w) });
    stops.push(async () => {
      await pool.close();
      await mirror.close();
    });
    const region = mirror.models.find((m) => m.dataset === "regions")!;
    const query = connectionQuery(
      region,
      { where: { name: { _ilike: "%NUMBER%" } }, orderBy: [{ name: "DESC" }], first: 1 },
      new Map(mirror.models.map((m) => [m.name, m])),
      DEFAULT_LIMITS,
      mirror.cursorKey,
    );
    const plan = {
      kind: "connection" as const,
      connection: {
        query,
        entries: [
          { kind: "totalCount" as const, key: "totalCount" },
          { kind: "nodes" as const, key: "nodes", object: { model: region, entries: [{ kind: "field" as const, key: "name", field: "name", type: "string" as const }] } },
        ],
      },
    };
    const [slow, queued] = [pool.readJson(plan), pool.readJson(plan)];
    await expect(slow).rejects.toMatchObject({ code: "TIMEOUT", details: { limit: "timeoutMs", maximum: 1 } });
    await expect(queued).rejects.toMatchObject({ code: "TIMEOUT" });
    await vi.waitFor(() => expect(threads).toHaveLength(2));
    // The replacement answers (and stops over-long statements as well).
    await expect(pool.readJson(plan)).rejects.toMatchObject({ code: "TIMEOUT" });
  });

  it("a root field whose read timed out answers null with TIMEOUT through GraphQL, not INTERNAL", async () => {
    const mirror = await manyRegions();
    const server = await startServer(mirror, { port: 0, readers: 1, queryLimits: { timeoutMs: 1 } });
    stops.push(async () => {
      await server.stop();
      await mirror.close();
    });
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: SLOW }) });
    const parsed = (await res.json()) as { data: unknown; errors: { path: string[]; extensions: { code: string } }[] };
    expect(parsed.data).toBeNull();
    expect(parsed.errors.map((e) => [e.extensions.code, e.path])).toEqual([["TIMEOUT", ["regions"]]]);
  });
});
