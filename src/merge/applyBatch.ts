// The merge core: applies a batch of changes, over one or several datasets, in one
// transaction, and returns its receipt (merge-semantics.md R1-R9). Here every row is
// translated, normalized and checked; the storage writes the batch and counts what each
// change did.

import { randomUUID } from "node:crypto";
import type { ChangeFormat, Translator } from "../changes/formats";
import type { Change, Normalizer } from "../changes/normalizeChange";
import type { Model } from "../models/Model";
import type { DatasetOutcome, DatasetWrite } from "../storage/BatchWrite";
import type { Storage } from "../storage/Storage";
import { emptyDatasetReceipt, type DatasetReceipt, type InvalidRow, type Receipt } from "./Receipt";
import { tombstoneCutoff } from "./tombstoneCutoff";

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
  model: Model;
  normalize: Normalizer;
  translator(format: ChangeFormat): Translator;
}

interface Prepared {
  item: DatasetChanges;
  format: ChangeFormat;
  model: Model;
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
  const prepared: Prepared = { item, format, model: target.model, changes: [], invalid: [], ignored: 0 };
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

/** Applies the changes; `resolve` maps a dataset name to its model and compiled rules (throwing for unknown ones). */
export async function applyBatch(
  storage: Storage,
  resolve: (dataset: string) => MergeDataset,
  items: readonly DatasetChanges[],
  options: ApplyOptions,
  now: Date,
): Promise<Receipt> {
  const batchId = options.batchId ?? randomUUID();
  const atomic = options.atomic ?? false;
  const receivedAt = now.toISOString();
  const prepared = items.map((item) => prepare(item, resolve(item.dataset)));
  const receiptOf = (status: Receipt["status"], datasets: DatasetReceipt[]): Receipt => ({ batchId, status, atomic, replayed: false, receivedAt, datasets });

  if (atomic && prepared.some((p) => p.invalid.length > 0)) {
    // Nothing is written; a batch id applied before still gives back its first receipt.
    const first = await storage.batch(batchId);
    if (first) return { ...first, replayed: true };
    return receiptOf("rejected", prepared.map((p) => ({ ...emptyDatasetReceipt(p.item.dataset, p.format, p.item.rows.length), ignored: p.ignored, rejected: p.invalid })));
  }

  const written = await storage.applyBatch({
    batchId,
    receivedAt,
    datasets: prepared.map((p) => datasetWrite(p, now)),
    receipt: (outcomes) => receiptOf("applied", prepared.map((p, i) => datasetReceipt(p, outcomes[i]!))),
  });
  switch (written.kind) {
    case "applied":
      return written.receipt;
    case "seen-before":
      return { ...written.first, replayed: true };
  }
}

/**
 * What the storage writes for one dataset. Invalid rows of a fresh batch go into the quarantine,
 * so that nothing is lost (R9); replayed rows leave it (recorded) unless they are still invalid,
 * and those keep their entry with the new problems.
 */
function datasetWrite({ item, format, model, changes, invalid }: Prepared, now: Date): DatasetWrite {
  const cutoff = tombstoneCutoff(model, now);
  const write = { dataset: item.dataset, ...(cutoff !== undefined ? { tombstoneCutoff: cutoff } : {}), changes };
  const entries = item.replayOf;
  if (!entries) {
    const quarantine = invalid.map((row) => ({ row, format, payload: payloadOf(item.rows[row.index]) }));
    return { ...write, quarantine, released: [], requarantined: [] };
  }
  const stillInvalid = new Map(invalid.map((row) => [row.index, row]));
  return {
    ...write,
    quarantine: [],
    requarantined: invalid.map((row) => ({ id: entries[row.index]!.id, row })),
    released: entries.flatMap(({ id, code }, index) => (stillInvalid.has(index) ? [] : [{ id, code, payload: payloadOf(item.rows[index]) }])),
  };
}

function datasetReceipt({ item, format, invalid, ignored }: Prepared, outcome: DatasetOutcome): DatasetReceipt {
  const { upserted, deleted, stale, unchanged, conflicts, quarantineIds } = outcome;
  const quarantined = item.replayOf
    ? invalid.map((row) => ({ ...row, quarantineId: item.replayOf![row.index]!.id }))
    : invalid.map((row, i) => ({ ...row, quarantineId: quarantineIds[i]! }));
  return { ...emptyDatasetReceipt(item.dataset, format, item.rows.length), upserted, deleted, stale, unchanged, conflicts, ignored, quarantined };
}
