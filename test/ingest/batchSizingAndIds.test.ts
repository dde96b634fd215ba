// Batches hold at most the batch size (default 5,000, never above 50,000) and are cut
// further when their JSON would pass the byte limit; batch ids are `${prefix}:${n}` with
// a default prefix that depends only on the file, the dataset, the format and the cutting,
// so a second run sends the same ids.

import { utimesSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { batchIdOf, defaultBatchPrefix } from "../../src/ingest/batchIds";
import { batches, changesJson, DEFAULT_BATCH_SIZE, MAX_BATCH_BYTES, type Batch } from "../../src/ingest/batches";
import { ingestFile } from "../../src/ingest/ingestFile";
import type { SourceRow } from "../../src/ingest/readRows";
import { BACKENDS } from "../backends";
import { contacts, jsonlOf, useServer, writeFile } from "./helpers";

async function* source(n: number, json = (i: number) => `{"i":${i}}`): AsyncGenerator<SourceRow> {
  for (let i = 0; i < n; i++) yield { line: i + 1, json: json(i) };
}

async function collect(it: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

describe("batch sizing", () => {
  it("cuts rows into batches of the batch size, 5,000 by default, the last one shorter", async () => {
    expect(DEFAULT_BATCH_SIZE).toBe(5_000);
    expect((await collect(batches(source(12_001)))).map((b) => b.rows.length)).toEqual([5_000, 5_000, 2_001]);
    const small = await collect(batches(source(7), { batchSize: 3 }));
    expect(small.map((b) => [b.number, b.rows.length, b.lines])).toEqual([
      [1, 3, [1, 2, 3]],
      [2, 3, [4, 5, 6]],
      [3, 1, [7]],
    ]);
    expect(await collect(batches(source(0)))).toEqual([]);
  });

  it("never makes a batch above the server's 50,000 rows", async () => {
    expect((await collect(batches(source(50_001), { batchSize: 50_000 }))).map((b) => b.rows.length)).toEqual([50_000, 1]);
    await expect(collect(batches(source(1), { batchSize: 50_001 }))).rejects.toThrow(/from 1 to 50000/);
    await expect(ingestFile({ file: "x.csv", dataset: "contacts", batchSize: 60_000 })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("cuts a batch further when its JSON would pass the byte limit (32 MiB by default), counting bytes exactly", async () => {
    expect(MAX_BATCH_BYTES).toBe(32 * 1024 * 1024);
    const row = (i: number) => `{"i":${i},"pad":"${"é".repeat(42)}"}`; // 100 bytes, 58 characters
    expect(Buffer.byteLength(row(1))).toBe(100);
    const cut = await collect(batches(source(10, row), { batchSize: 100, maxBytes: 2 + 3 * 100 + 2 }));
    expect(cut.map((b) => b.rows.length)).toEqual([3, 3, 3, 1]);
    for (const b of cut) expect(b.bytes).toBe(Buffer.byteLength(changesJson(b)));
    // A row larger than the limit still goes, alone.
    expect((await collect(batches(source(2, row), { maxBytes: 50 }))).map((b) => b.rows.length)).toEqual([1, 1]);
  });
});

describe("batch ids", () => {
  const inputs = { file: "/data/contacts.csv", size: 1234, mtimeMs: 1_700_000_000_000, dataset: "contacts", format: "NATIVE", batchSize: 5000, maxBytes: MAX_BATCH_BYTES };

  it("are `${prefix}:${n}`, the default prefix the file's name and a hash of what decides the batches", () => {
    const prefix = defaultBatchPrefix(inputs);
    expect(prefix).toMatch(/^contacts\.csv@[0-9a-f]{16}$/);
    expect(defaultBatchPrefix({ ...inputs })).toBe(prefix);
    expect(batchIdOf(prefix, 3)).toBe(`${prefix}:3`);
    for (const change of [
      { file: "/data/other/contacts.csv" },
      { size: 1235 },
      { mtimeMs: inputs.mtimeMs + 1 },
      { dataset: "accounts" },
      { format: "DEBEZIUM" },
      { batchSize: 1000 },
      { maxBytes: 1 << 20 },
    ]) {
      expect(defaultBatchPrefix({ ...inputs, ...change })).not.toBe(prefix);
    }
  });
});

describe.each(BACKENDS)("against a server on $name", (backend) => {
  const served = useServer(backend);

  describe("batch sizing", () => {
    it("sends byte-cut batches that the server applies whole", async () => {
      const { dir, url, mirror } = served();
      const file = writeFile(dir, "big-rows.jsonl", jsonlOf(contacts(40).map((c) => ({ ...c, title: "x".repeat(1_000) }))));
      const summary = await ingestFile({ file, dataset: "contacts", server: url, batchSize: 50, maxBatchBytes: 10_000 });
      expect(summary.batches).toBe(5);
      expect(summary.upserted).toBe(40);
      expect(await mirror.rows("contacts")).toHaveLength(40);
    });
  });

  describe("batch ids", () => {
    it("are the same on a second run over the same file, which the server answers as replayed", async () => {
      const { dir, url, mirror } = served();
      const file = writeFile(dir, "contacts.jsonl", jsonlOf(contacts(25)));
      const run = async () => {
        const ids: string[] = [];
        const summary = await ingestFile({ file, dataset: "contacts", server: url, batchSize: 10, onBatch: ({ batchId }) => ids.push(batchId) });
        return { ids, summary };
      };
      const first = await run();
      const second = await run();
      expect(first.ids).toEqual([1, 2, 3].map((n) => `${first.summary.batchPrefix}:${n}`));
      expect(second.ids).toEqual(first.ids);
      expect(second.summary).toMatchObject({ batches: 3, replayedBatches: 3, received: 25, upserted: 25, unchanged: 0 });
      expect(await mirror.history("contacts")).toHaveLength(25);
    });

    it("change with the file's modification time, and follow --batch-prefix when given", async () => {
      const { dir, url } = served();
      const file = writeFile(dir, "contacts.jsonl", jsonlOf(contacts(5)));
      const before = (await ingestFile({ file, dataset: "contacts", server: url })).batchPrefix;
      utimesSync(file, new Date(), new Date(Date.now() + 60_000));
      const after = await ingestFile({ file, dataset: "contacts", server: url });
      expect(after.batchPrefix).not.toBe(before);
      // New ids, same rows: the server finds nothing new (identical changes are unchanged).
      expect(after).toMatchObject({ replayedBatches: 0, unchanged: 5, upserted: 0 });
      const ids: string[] = [];
      await ingestFile({ file, dataset: "contacts", server: url, batchPrefix: "nightly-2026-01-01", onBatch: ({ batchId }) => ids.push(batchId) });
      expect(ids).toEqual(["nightly-2026-01-01:1"]);
      await expect(ingestFile({ file, dataset: "contacts", server: url, batchPrefix: "has space" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    });
  });
});
