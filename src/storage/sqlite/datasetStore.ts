// The SQL of the merge for one dataset, prepared once and reused by every batch.
// The rules of merge-semantics.md are decided here, in SQL: the winner of a key is
// found by row-value comparison of (version..., row hash) inside version-guarded upserts.

import type { Statement } from "better-sqlite3";
import type { Model } from "../../models/Model";
import type { Change } from "../../changes/normalizeChange";
import type { StorageValue } from "../../changes/coerceValue";
import { BATCH, HISTORY_OP, HISTORY_ROW, HISTORY_SEQ, ROW_HASH, tableNames } from "./datasetTables";
import type { SqliteDatabase } from "./openDatabase";
import { equalsParams, list, params, q, tuple } from "./sql";

export interface QuarantineEntry {
  batchId: string;
  rowIndex: number;
  code: string;
  field: string | null;
  message: string;
  problems: string;
  format: string;
  payload: string;
  receivedAt: string;
}

/** Where one change lands; see the statements below for how each is decided. */
export interface DatasetStore {
  readonly model: Model;
  /** Called at the start of each batch, inside its transaction. */
  beginBatch(): void;
  /** Records an accepted change in the history; false when the same change was already there (R4.4). */
  recordHistory(change: Change, batch: number): boolean;
  /** Applies an upsert if it beats the current row and any tombstone (R4, R5, R6). */
  upsert(change: Change, batch: number): boolean;
  /** Applies a delete if it beats the current row and any tombstone, leaving a tombstone (R4, R6). */
  delete(change: Change, batch: number): boolean;
  /** Upserts of this batch that met an earlier upsert of equal key and version but other contents (R4.3). */
  countConflicts(afterSeq: bigint): number;
  /** The last history sequence number, to delimit what a batch adds. */
  lastHistorySeq(): bigint;
  /** Keeps an invalid row; returns its quarantine id. */
  quarantine(entry: QuarantineEntry): number;
  /** A replayed row that is still invalid: its entry now shows the new problems. */
  requarantine(id: number, entry: Pick<QuarantineEntry, "batchId" | "code" | "field" | "message" | "problems" | "receivedAt">): void;
  /** Takes a row out of the quarantine. */
  release(id: number): void;
  /** Removes tombstones left by batches received before `cutoff` (ISO time, R7); returns how many. */
  purgeTombstones(cutoff: string): number;
}

export function createDatasetStore({ sqlite }: SqliteDatabase, model: Model): DatasetStore {
  const t = tableNames(model.dataset);
  const fieldNames = model.fields.map((f) => f.name);
  const index = new Map(fieldNames.map((n, i) => [n, i]));
  const keyIdx = model.primaryKey.map((n) => index.get(n)!);
  const versionIdx = model.version.map((n) => index.get(n)!);
  // Tombstones and history hold the key and version columns; a version may be part of the key.
  const kvNames = [...new Set([...model.primaryKey, ...model.version])];
  const kvIdx = kvNames.map((n) => index.get(n)!);
  const pick = (values: StorageValue[], idx: number[]) => idx.map((i) => values[i]);
  const prepare = (sql: string): Statement => sqlite.prepare(sql);

  const insertHistory = prepare(
    `INSERT INTO ${q(t.history)} (${list(kvNames)}, ${q(HISTORY_OP)}, ${q(ROW_HASH)}, ${q(HISTORY_ROW)}, ${q(BATCH)})
     VALUES (${params(kvNames.length + 4)}) ON CONFLICT DO NOTHING`,
  );

  // An upsert lands unless a tombstone holds an equal or greater version (a delete wins ties),
  // and replaces the current row only if (version..., hash) is greater (R4.1, R4.3).
  const upsertRow = prepare(
    `INSERT INTO ${q(t.rows)} (${list(fieldNames)}, ${q(ROW_HASH)}, ${q(BATCH)})
     SELECT ${params(fieldNames.length + 2)}
     WHERE NOT EXISTS (SELECT 1 FROM ${q(t.tombstones)} AS t WHERE ${equalsParams(model.primaryKey, "t")} AND ${tuple(model.version, "t")} >= (${params(model.version.length)}))
     ON CONFLICT (${list(model.primaryKey)}) DO UPDATE SET
       ${[...fieldNames, ROW_HASH, BATCH].map((c) => `${q(c)} = excluded.${q(c)}`).join(", ")}
     WHERE ${tuple([...model.version, ROW_HASH], "excluded")} > ${tuple([...model.version, ROW_HASH], q(t.rows))}`,
  );
  const clearTombstone = prepare(`DELETE FROM ${q(t.tombstones)} WHERE ${equalsParams(model.primaryKey)}`);

  // A delete wins unless the current row has a greater version, and only moves a tombstone forward.
  const upsertTombstone = prepare(
    `INSERT INTO ${q(t.tombstones)} (${list(kvNames)}, ${q(BATCH)})
     SELECT ${params(kvNames.length + 1)}
     WHERE NOT EXISTS (SELECT 1 FROM ${q(t.rows)} AS r WHERE ${equalsParams(model.primaryKey, "r")} AND ${tuple(model.version, "r")} > (${params(model.version.length)}))
     ON CONFLICT (${list(model.primaryKey)}) DO UPDATE SET
       ${[...model.version, BATCH].map((c) => `${q(c)} = excluded.${q(c)}`).join(", ")}
     WHERE ${tuple(model.version, "excluded")} > ${tuple(model.version, q(t.tombstones))}`,
  );
  const deleteRow = prepare(`DELETE FROM ${q(t.rows)} WHERE ${equalsParams(model.primaryKey)}`);

  const sameChangeOtherContents = [...model.primaryKey, ...model.version].map((c) => `o.${q(c)} = h.${q(c)}`).join(" AND ");
  const conflicts = prepare(
    `SELECT count(*) AS n FROM ${q(t.history)} AS h
     WHERE h.${q(HISTORY_SEQ)} > ? AND h.${q(HISTORY_OP)} = 'u' AND EXISTS (
       SELECT 1 FROM ${q(t.history)} AS o
       WHERE ${sameChangeOtherContents} AND o.${q(HISTORY_OP)} = 'u' AND o.${q(ROW_HASH)} <> h.${q(ROW_HASH)} AND o.${q(HISTORY_SEQ)} < h.${q(HISTORY_SEQ)})`,
  );
  const maxSeq = prepare(`SELECT coalesce(max(${q(HISTORY_SEQ)}), 0) AS n FROM ${q(t.history)}`);
  const insertQuarantine = prepare(
    `INSERT INTO ${q(t.quarantine)} (batch_id, row_index, code, field, message, problems, format, payload, received_at) VALUES (${params(9)})`,
  );
  const updateQuarantine = prepare(
    `UPDATE ${q(t.quarantine)} SET batch_id = ?, code = ?, field = ?, message = ?, problems = ?, received_at = ? WHERE id = ?`,
  );
  const deleteQuarantine = prepare(`DELETE FROM ${q(t.quarantine)} WHERE id = ?`);
  const purge = prepare(`DELETE FROM ${q(t.tombstones)} WHERE ${q(BATCH)} IN (SELECT seq FROM _mq_batches WHERE received_at < ?)`);
  const anyTombstone = prepare(`SELECT 1 FROM ${q(t.tombstones)} LIMIT 1`);
  // Skips the tombstone clean-up of every applied upsert while the dataset has none.
  let mayHaveTombstones = true;

  return {
    model,
    beginBatch() {
      mayHaveTombstones = anyTombstone.get() !== undefined;
    },
    recordHistory(change, batch) {
      const op = change.op === "upsert" ? "u" : "d";
      return insertHistory.run(...pick(change.values, kvIdx), op, change.hash, change.canonical, batch).changes === 1;
    },
    upsert(change, batch) {
      const key = pick(change.values, keyIdx);
      const applied = upsertRow.run(...change.values, change.hash, batch, ...key, ...pick(change.values, versionIdx)).changes === 1;
      if (applied && mayHaveTombstones) clearTombstone.run(...key);
      return applied;
    },
    delete(change, batch) {
      const key = pick(change.values, keyIdx);
      const applied = upsertTombstone.run(...pick(change.values, kvIdx), batch, ...key, ...pick(change.values, versionIdx)).changes === 1;
      if (applied) {
        mayHaveTombstones = true;
        deleteRow.run(...key);
      }
      return applied;
    },
    countConflicts(afterSeq) {
      return Number((conflicts.get(afterSeq) as { n: bigint }).n);
    },
    lastHistorySeq() {
      return (maxSeq.get() as { n: bigint }).n;
    },
    quarantine(e) {
      return Number(insertQuarantine.run(e.batchId, e.rowIndex, e.code, e.field, e.message, e.problems, e.format, e.payload, e.receivedAt).lastInsertRowid);
    },
    requarantine(id, e) {
      updateQuarantine.run(e.batchId, e.code, e.field, e.message, e.problems, e.receivedAt, id);
    },
    release(id) {
      deleteQuarantine.run(id);
    },
    purgeTombstones(cutoff) {
      return purge.run(cutoff).changes;
    },
  };
}
