// The merge core: applies a batch of changes, over one or several datasets, in one
// transaction, and returns its receipt (merge-semantics.md R1-R9).

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { ChangeFormat, Translator } from "../changes/formats";
import type { Change, Normalizer } from "../changes/normalizeChange";
import type { DatasetStore } from "../storage/sqlite/datasetStore";
import { batchDatasets, batchLedger, quarantineLog } from "../storage/sqlite/internalSchema";
import type { SqliteDatabase } from "../storage/sqlite/openDatabase";
import { emptyDatasetReceipt, type InvalidRow, type Receipt } from "./Receipt";

export interface DatasetChanges {
  dataset: string;
  rows: readonly unknown[];
  /** The shape the rows are written in; native by default. */
  format?: ChangeFormat;
  /** Replaying quarantined rows: the quarantine entry of each row, in order. */
  replayOf?: readonly { id: number; code: string }[];
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
  translator(format: ChangeFormat): Translator;
}

interface Prepared {
  item: DatasetChanges;
  format: ChangeFormat;
  target: MergeDataset;
  changes: Change[];
  invalid: InvalidRow[];
  ignored: number;
}

export function payloadOf(row: unknown): string {
  return JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
}

/** Translates and checks every row; touches no table. */
function prepare(item: DatasetChanges, target: MergeDataset): Prepared {
  const format = item.format ?? "native";
  const translate = target.translator(format);
  const prepared: Prepared = { item, format, target, changes: [], invalid: [], ignored: 0 };
  item.rows.forEach((raw, index) => {
    const translated = translate(raw);
    if (translated.kind === "ignored") {
      prepared.ignored++;
      return;
    }
    if (translated.kind === "invalid") {
      prepared.invalid.push({ index, ...translated.problem, problems: [translated.problem] });
      return;
    }
    const result = target.normalize(translated.row);
    if (result.ok) prepared.changes.push(result.change);
    else prepared.invalid.push({ index, ...result.problems[0]!, problems: result.problems });
  });
  return prepared;
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
  const prepared = items.map((item) => prepare(item, resolve(item.dataset)));

  const { sqlite, db } = database;
  return sqlite.transaction((): Receipt => {
    const earlier = db.select({ receipt: batchLedger.receipt }).from(batchLedger).where(eq(batchLedger.id, batchId)).get();
    if (earlier) return { ...(JSON.parse(earlier.receipt) as Receipt), replayed: true };

    const receipt: Receipt = { batchId, status: "applied", atomic, replayed: false, receivedAt, datasets: [] };
    if (atomic && prepared.some((p) => p.invalid.length > 0)) {
      receipt.status = "rejected";
      receipt.datasets = prepared.map((p) => ({
        ...emptyDatasetReceipt(p.item.dataset, p.format, p.item.rows.length),
        ignored: p.ignored,
        rejected: p.invalid,
      }));
      return receipt;
    }
    // The ledger entry comes first: rows written by the batch refer to its seq.
    const batch = Number(db.insert(batchLedger).values({ id: batchId, receivedAt, receipt: "" }).returning({ seq: batchLedger.seq }).get().seq);

    for (const { item, format, target, changes, invalid, ignored } of prepared) {
      const { store } = target;
      const counts = { ...emptyDatasetReceipt(item.dataset, format, item.rows.length), ignored };
      const retention = store.model.tombstoneRetentionMs;
      if (retention !== undefined) store.purgeTombstones(new Date(now.getTime() - retention).toISOString());
      store.takeConflicts();

      for (const change of changes) {
        if (!store.recordHistory(change, batch)) counts.unchanged++;
        else if (!store.apply(change, batch)) counts.stale++;
        else if (change.op === "upsert") counts.upserted++;
        else counts.deleted++;
      }
      counts.conflicts = store.takeConflicts();
      counts.quarantined = item.replayOf ? settleReplay(database, store, item, invalid, batchId, receivedAt) : quarantine(store, item, format, invalid, batchId, receivedAt);
      receipt.datasets.push(counts);
    }

    db.update(batchLedger).set({ receipt: JSON.stringify(receipt) }).where(eq(batchLedger.seq, batch)).run();
    const datasets = [...new Set(items.map((i) => i.dataset))];
    db.insert(batchDatasets).values(datasets.map((dataset) => ({ dataset, batchSeq: batch }))).run();
    return receipt;
  })();
}

function entryOf(row: InvalidRow, batchId: string, receivedAt: string) {
  return { batchId, code: row.code, field: row.field ?? null, message: row.message, problems: JSON.stringify(row.problems), receivedAt };
}

/** Invalid rows of a fresh batch go into the quarantine, so that nothing is lost (R9). */
function quarantine(store: DatasetStore, item: DatasetChanges, format: ChangeFormat, invalid: InvalidRow[], batchId: string, receivedAt: string): InvalidRow[] {
  return invalid.map((row) => ({
    ...row,
    quarantineId: store.quarantine({ ...entryOf(row, batchId, receivedAt), rowIndex: row.index, format, payload: payloadOf(item.rows[row.index]) }),
  }));
}

/** Replayed rows leave the quarantine (recorded) unless they are still invalid; those keep their entry with the new problems. */
function settleReplay(database: SqliteDatabase, store: DatasetStore, item: DatasetChanges, invalid: InvalidRow[], batchId: string, receivedAt: string): InvalidRow[] {
  const entries = item.replayOf!;
  const stillInvalid = new Map(invalid.map((row) => [row.index, row]));
  entries.forEach(({ id, code }, index) => {
    const row = stillInvalid.get(index);
    if (row) store.requarantine(id, entryOf(row, batchId, receivedAt));
    else {
      store.release(id);
      database.db.insert(quarantineLog).values({
        dataset: item.dataset, quarantineId: id, action: "replayed", batchId, payload: payloadOf(item.rows[index]), code, at: receivedAt,
      }).run();
    }
  });
  return invalid.map((row) => ({ ...row, quarantineId: entries[row.index]!.id }));
}
