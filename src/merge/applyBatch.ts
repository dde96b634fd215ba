// The merge core: applies a batch of changes, over one or several datasets, in one
// transaction, and returns its receipt (merge-semantics.md R1-R9).

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Change, Normalizer } from "../changes/normalizeChange";
import type { DatasetStore } from "../storage/sqlite/datasetStore";
import { batchDatasets, batchLedger } from "../storage/sqlite/internalSchema";
import type { SqliteDatabase } from "../storage/sqlite/openDatabase";
import { emptyDatasetReceipt, type InvalidRow, type Receipt } from "./Receipt";

export interface DatasetChanges {
  dataset: string;
  rows: readonly unknown[];
}

export interface ApplyOptions {
  /** Idempotency key: a batch id applied before returns its first receipt (R9). Generated when absent. */
  batchId?: string;
  /** Any invalid row rejects the whole batch and nothing is written. */
  atomic?: boolean;
}

export interface MergeDataset {
  store: DatasetStore;
  normalize: Normalizer;
}

interface Prepared {
  item: DatasetChanges;
  target: MergeDataset;
  changes: { index: number; change: Change }[];
  invalid: InvalidRow[];
}

function payloadOf(row: unknown): string {
  return JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
}

/** Applies the changes; `resolve` maps a dataset name to its store (throwing for unknown ones). */
export function applyBatch(
  database: SqliteDatabase,
  resolve: (dataset: string) => MergeDataset,
  items: readonly DatasetChanges[],
  options: ApplyOptions,
  now: Date,
): Receipt {
  const batchId = options.batchId ?? randomUUID();
  const atomic = options.atomic ?? false;
  const receivedAt = now.toISOString();

  // Validation runs before the transaction: it touches no table.
  const prepared: Prepared[] = items.map((item) => {
    const target = resolve(item.dataset);
    const changes: Prepared["changes"] = [];
    const invalid: InvalidRow[] = [];
    item.rows.forEach((row, index) => {
      const result = target.normalize(row);
      if (result.ok) changes.push({ index, change: result.change });
      else invalid.push({ index, ...result.problems[0]!, problems: result.problems });
    });
    return { item, target, changes, invalid };
  });

  const { sqlite, db } = database;
  return sqlite.transaction((): Receipt => {
    const earlier = db.select({ receipt: batchLedger.receipt }).from(batchLedger).where(eq(batchLedger.id, batchId)).get();
    if (earlier) return { ...(JSON.parse(earlier.receipt) as Receipt), replayed: true };

    const receipt: Receipt = { batchId, status: "applied", atomic, replayed: false, receivedAt, datasets: [] };
    if (atomic && prepared.some((p) => p.invalid.length > 0)) {
      receipt.status = "rejected";
      receipt.datasets = prepared.map((p) => ({ ...emptyDatasetReceipt(p.item.dataset, p.item.rows.length), rejected: p.invalid }));
      return receipt;
    }
    // The ledger entry comes first: rows written by the batch refer to its seq.
    const batch = Number(db.insert(batchLedger).values({ id: batchId, receivedAt, receipt: "" }).returning({ seq: batchLedger.seq }).get().seq);

    for (const { item, target, changes, invalid } of prepared) {
      const { store } = target;
      const counts = emptyDatasetReceipt(item.dataset, item.rows.length);
      store.beginBatch();
      const retention = store.model.tombstoneRetentionMs;
      if (retention !== undefined) store.purgeTombstones(new Date(now.getTime() - retention).toISOString());
      const seqBefore = store.lastHistorySeq();

      for (const { change } of changes) {
        if (!store.recordHistory(change, batch)) counts.unchanged++;
        else if (change.op === "upsert") store.upsert(change, batch) ? counts.upserted++ : counts.stale++;
        else store.delete(change, batch) ? counts.deleted++ : counts.stale++;
      }
      counts.conflicts = store.countConflicts(seqBefore);

      for (const row of invalid) {
        store.quarantine({
          batchId, rowIndex: row.index, code: row.code, field: row.field ?? null, message: row.message,
          problems: JSON.stringify(row.problems), payload: payloadOf(item.rows[row.index]), receivedAt,
        });
      }
      counts.quarantined = invalid;
      receipt.datasets.push(counts);
    }

    db.update(batchLedger).set({ receipt: JSON.stringify(receipt) }).where(eq(batchLedger.seq, batch)).run();
    const datasets = [...new Set(items.map((i) => i.dataset))];
    db.insert(batchDatasets).values(datasets.map((dataset) => ({ dataset, batchSeq: batch }))).run();
    return receipt;
  })();
}
