// An interrupted load, run again, ends with exactly the file in the mirror: the batches
// the first run applied come back as replayed receipts (nothing applied twice: every key
// has one history entry, the ledger one receipt per batch), the rest are applied.

import { describe, expect, it } from "vitest";
import { ingestFile } from "../../src/ingest/ingestFile";
import { IngestError } from "../../src/ingest/IngestError";
import type { IngestSummary } from "../../src/ingest/IngestSummary";
import { BACKENDS } from "../backends";
import { contacts, csvOf, mirroredContacts, restart, useServer, writeFile, type Served } from "./helpers";

const N = 1_000;
const BATCH = 100;

function setUp(served: () => Served) {
  const s = served();
  const rows = contacts(N);
  return { ...s, rows, file: writeFile(s.dir, "contacts.csv", csvOf(rows)) };
}

/** The mirror holds the file exactly once. */
async function expectLoadedOnce(s: Served, rows: ReturnType<typeof contacts>, summary: IngestSummary) {
  expect(summary).toMatchObject({ complete: true, batches: N / BATCH, rows: N, received: N, upserted: N, unchanged: 0, stale: 0, conflicts: 0 });
  expect(await mirroredContacts(s.mirror)).toEqual(rows);
  expect(await s.mirror.history("contacts")).toHaveLength(N);
  const ledger = await s.mirror.batches({ dataset: "contacts", limit: 1_000 });
  expect(ledger).toHaveLength(N / BATCH);
  expect(ledger.every((b) => b.receipt.datasets[0]!.unchanged === 0)).toBe(true);
}

async function failure(p: Promise<unknown>): Promise<IngestError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IngestError);
  return e as IngestError;
}

describe.each(BACKENDS)("resuming an interrupted load ($name)", (backend) => {
  const served = useServer(backend);

  it("after stopping at maxBatches: the second run replays the first batches and applies the rest", async () => {
    const s = setUp(served);
    const first = await ingestFile({ file: s.file, dataset: "contacts", server: s.url, batchSize: BATCH, maxBatches: 3 });
    expect(first).toMatchObject({ complete: false, batches: 3, rows: 300, upserted: 300 });
    expect(await s.mirror.rows("contacts")).toHaveLength(300);

    const replayed: string[] = [];
    const second = await ingestFile({
      file: s.file,
      dataset: "contacts",
      server: s.url,
      batchSize: BATCH,
      onBatch: ({ batchId, receipt }) => receipt.replayed && replayed.push(batchId),
    });
    expect(second.batchPrefix).toBe(first.batchPrefix);
    expect(second.replayedBatches).toBe(3);
    expect(replayed).toEqual([1, 2, 3].map((n) => `${first.batchPrefix}:${n}`));
    await expectLoadedOnce(s, s.rows, second);
  });

  it("after the server stopped mid-way: the error carries what was done, a run against the restarted server finishes", async () => {
    const s = setUp(served);
    let sent = 0;
    let stopped: Promise<void> | undefined;
    const error = await failure(
      ingestFile({
        // One batch in flight: the server stops right after the 4th answer, with no 5th batch sent.
        file: s.file,
        dataset: "contacts",
        server: s.url,
        batchSize: BATCH,
        retries: 1,
        retryDelayMs: 5,
        inFlight: 1,
        onBatch: () => {
          if (++sent === 4) stopped = s.server.stop();
        },
      }),
    );
    expect(error.code).toBe("NETWORK");
    expect(error.summary).toMatchObject({ complete: false, batches: 4, rows: 400 });
    expect(await s.mirror.rows("contacts")).toHaveLength(400);

    // One server per SQLite file: the new one starts once the old one has let go of it.
    await stopped;
    const again = await restart(s);
    const second = await ingestFile({ file: s.file, dataset: "contacts", server: again.url, batchSize: BATCH });
    expect(second.replayedBatches).toBe(4);
    await expectLoadedOnce(again, s.rows, second);
  });

  it("after a connection lost once the server had applied a batch (no retries): that batch is replayed too", async () => {
    const s = setUp(served);
    let calls = 0;
    // Batch 6 reaches the server and is applied, but its answer never comes back.
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (++calls === 6) {
        await res.text();
        throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
      }
      return res;
    };
    const error = await failure(ingestFile({ file: s.file, dataset: "contacts", server: s.url, batchSize: BATCH, retries: 0, fetch: lossy, inFlight: 1 }));
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain("ECONNRESET");
    expect(error.summary).toMatchObject({ batches: 5 });
    expect(await s.mirror.rows("contacts")).toHaveLength(600);

    const second = await ingestFile({ file: s.file, dataset: "contacts", server: s.url, batchSize: BATCH });
    expect(second.replayedBatches).toBe(6);
    await expectLoadedOnce(s, s.rows, second);
  });

  it("after an abort (Ctrl-C): stopped with ABORTED, then finished by a second run", async () => {
    const s = setUp(served);
    const controller = new AbortController();
    let sent = 0;
    const error = await failure(
      ingestFile({
        file: s.file,
        dataset: "contacts",
        server: s.url,
        batchSize: BATCH,
        signal: controller.signal,
        onBatch: () => {
          if (++sent === 2) controller.abort(new Error("interrupted"));
        },
      }),
    );
    expect(error.code).toBe("ABORTED");
    expect(error.summary).toMatchObject({ complete: false, batches: 2 });

    const second = await ingestFile({ file: s.file, dataset: "contacts", server: s.url, batchSize: BATCH });
    // The batch in flight at the abort may have reached the server: then it is replayed too.
    expect(second.replayedBatches).toBeGreaterThanOrEqual(2);
    await expectLoadedOnce(s, s.rows, second);
  });

  it("with two batches in flight (the default), after the server stopped mid-way: a second run finishes, nothing lost or doubled", async () => {
    const s = setUp(served);
    let answered = 0;
    let stopped: Promise<void> | undefined;
    const error = await failure(
      ingestFile({
        file: s.file,
        dataset: "contacts",
        server: s.url,
        batchSize: BATCH,
        retries: 1,
        retryDelayMs: 5,
        onBatch: () => {
          if (++answered === 4) stopped = s.server.stop();
        },
      }),
    );
    expect(error.code).toBe("NETWORK");
    // The batch in flight when the server stopped was answered, or not; either way it is counted only if answered.
    expect(error.summary!.batches).toBeGreaterThanOrEqual(4);
    expect((await s.mirror.rows("contacts")).length).toBeGreaterThanOrEqual(error.summary!.rows);

    // One server per SQLite file: the new one starts once the old one has let go of it.
    await stopped;
    const again = await restart(s);
    const second = await ingestFile({ file: s.file, dataset: "contacts", server: again.url, batchSize: BATCH });
    expect(second.replayedBatches).toBeGreaterThanOrEqual(error.summary!.batches);
    await expectLoadedOnce(again, s.rows, second);
  });

  it("a third run of a finished load replays everything and changes nothing", async () => {
    const s = setUp(served);
    await ingestFile({ file: s.file, dataset: "contacts", server: s.url, batchSize: BATCH });
    const again = await ingestFile({ file: s.file, dataset: "contacts", server: s.url, batchSize: BATCH });
    expect(again.replayedBatches).toBe(N / BATCH);
    await expectLoadedOnce(s, s.rows, again);
  });
});
