// Writes one batch in one SQLite transaction, in one synchronous stretch: the ledger entry
// first (rows written by the batch refer to its seq), then each dataset's retention purge,
// changes and quarantine, and last the receipt, which the ledger keeps.

import { eq } from "drizzle-orm";
import { hashBytes } from "../../changes/normalizeChange";
import type { Receipt } from "../../merge/Receipt";
import type { BatchWrite, BatchWritten, DatasetOutcome, DatasetWrite } from "../BatchWrite";
import type { DatasetStore } from "./datasetStore";
import { batchDatasets, batchLedger, quarantineLog } from "./internalSchema";
import type { SqliteDatabase } from "./openDatabase";

export function writeBatch(database: SqliteDatabase, storeOf: (dataset: string) => DatasetStore, batch: BatchWrite): BatchWritten {
  const { sqlite, db } = database;
  const { batchId, receivedAt } = batch;
  return sqlite.transaction((): BatchWritten => {
    const earlier = db.select({ receipt: batchLedger.receipt }).from(batchLedger).where(eq(batchLedger.id, batchId)).get();
    if (earlier) return { kind: "seen-before", first: JSON.parse(earlier.receipt) as Receipt };

    const seq = Number(db.insert(batchLedger).values({ id: batchId, receivedAt, receipt: "" }).returning({ seq: batchLedger.seq }).get().seq);
    const outcomes = batch.datasets.map((write) => writeDataset(database, storeOf(write.dataset), write, seq, batch));
    const receipt = batch.receipt(outcomes);
    db.update(batchLedger)
      .set({ receipt: JSON.stringify(receipt) })
      .where(eq(batchLedger.seq, seq))
      .run();
    const datasets = [...new Set(batch.datasets.map((d) => d.dataset))];
    db.insert(batchDatasets)
      .values(datasets.map((dataset) => ({ dataset, batchSeq: seq })))
      .run();
    return { kind: "applied", receipt };
  })();
}

function writeDataset({ db }: SqliteDatabase, store: DatasetStore, write: DatasetWrite, seq: number, { batchId, receivedAt }: BatchWrite): DatasetOutcome {
  if (write.tombstoneCutoff !== undefined) store.purgeTombstones(write.tombstoneCutoff);
  store.takeConflicts();
  const outcome: DatasetOutcome = { upserted: 0, deleted: 0, stale: 0, unchanged: 0, conflicts: 0, quarantineIds: [] };
  for (const part of write.changes) {
    for (const change of part) {
      const hash = hashBytes(change.hash);
      if (!store.recordHistory(change, hash, seq)) outcome.unchanged++;
      else if (!store.apply(change, hash, seq)) outcome.stale++;
      else if (change.op === "upsert") outcome.upserted++;
      else outcome.deleted++;
    }
  }
  outcome.conflicts = store.takeConflicts();

  const { quarantine, requarantined, released } = write.quarantineWrites();
  outcome.quarantineIds = quarantine.map((entry) => store.quarantine(entry));
  for (const { id, problem } of requarantined) store.requarantine(id, problem);
  for (const { id, payload, code } of released) {
    store.release(id);
    db.insert(quarantineLog).values({ dataset: write.dataset, quarantineId: id, action: "replayed", batchId, payload, code, at: receivedAt }).run();
  }
  return outcome;
}
