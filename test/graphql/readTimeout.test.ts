// A read past the time limit answers TIMEOUT on PostgreSQL too (statement_timeout): an error
// the read engine turns into a field error, never INTERNAL. (SQLite's reader threads:
// test/server/readerPool.test.ts.)

import { describe, expect, it } from "vitest";
import { connectionQuery, DEFAULT_LIMITS } from "../../src/graphql/connectionArgs";
import { openReaders } from "../../src/storage/openReaders";
import { BACKENDS } from "../backends";

const postgres = BACKENDS.find((b) => b.name === "postgres");

describe.skipIf(!postgres)("read time limit on PostgreSQL", () => {
  it("a statement past timeoutMs is canceled by PostgreSQL and answers TIMEOUT; within the limit the same read is answered", async () => {
    const mirror = await postgres!.open({ schemaDir: "schema" });
    const rows = Array.from({ length: 30_000 }, (_, i) => ({ region_code: `r${i}`, name: `Region number ${(i * 7919) % 30_000} of many`, revision: "1" }));
    await mirror.applyBatch([{ dataset: "regions", rows }], { batchId: "many-regions" });
    const region = mirror.models.find((m) => m.dataset === "regions")!;
    const byName = new Map(mirror.models.map((m) => [m.name, m]));
    const planOf = (where: Record<string, unknown>) => ({
      kind: "connection" as const,
      connection: {
        query: connectionQuery(region, { where, orderBy: [{ name: "DESC" }], first: 1 }, byName, DEFAULT_LIMITS, mirror.cursorKey),
        entries: [
          { kind: "totalCount" as const, key: "totalCount" },
          { kind: "nodes" as const, key: "nodes", object: { model: region, entries: [{ kind: "field" as const, key: "name", field: "name", type: "string" as const }] } },
        ],
      },
    });
    const { json } = await openReaders(mirror, 1, { timeoutMs: 1 });
    try {
      await expect(json.readJson(planOf({ name: { _ilike: "%NUMBER%" } }))).rejects.toMatchObject({ code: "TIMEOUT", details: { limit: "timeoutMs", maximum: 1 } });
    } finally {
      await json.close();
    }
    const { json: patient } = await openReaders(mirror, 1, { timeoutMs: 60_000 });
    try {
      expect(JSON.parse(await patient.readJson(planOf({ name: { _ilike: "%NUMBER 29999 %" } })))).toEqual({ totalCount: 1, nodes: [{ name: "Region number 29999 of many" }] });
    } finally {
      await patient.close();
    }
  }, 120_000);
});
