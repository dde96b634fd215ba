// The SQL of the merge for one dataset, prepared once and reused by every batch.
// The rules of docs/merge-rules.md are decided here, in SQL: the winner of a key is
// found by row-value comparison of (version..., deleted, row hash) inside a version-guarded upsert.

import type { Statement } from "better-sqlite3";
import { keyAndVersion, type Model } from "../../models/Model";
import type { Change } from "../../changes/normalizeChange";
import type { StorageValue } from "../../changes/coerceValue";
import { BATCH, DELETED, HISTORY_OP, HISTORY_ROW, ROW_HASH, tableNames } from "./datasetTables";
import type { SqliteDatabase } from "./openDatabase";
import { equalsParams, list, params, q, tuple } from "./sql";
import { erasedRows, idsIn } from "../erasedRows";
import type { QuarantineEntry, QuarantineProblem } from "../QuarantinedRecord";
import type { PayloadKeys } from "../KeyPurge";

/** Where one change lands; see the statements below for how each is decided. */
export interface DatasetStore {
  readonly model: Model;
  /** Records an accepted change in the history; false when the same change was already there (R4.4). */
  recordHistory(change: Change, hash: Buffer, batch: number): boolean;
  /** Makes the change the key's state (its row, or its tombstone for a delete) if it beats the current one (R4-R6). */
  apply(change: Change, hash: Buffer, batch: number): boolean;
  /** Conflicts (R4.3) met by the changes applied since the last call; resets the count. */
  takeConflicts(): number;
  /** Keeps an invalid row; returns its quarantine id. */
  quarantine(entry: QuarantineEntry): number;
  /** A replayed row that is still invalid: its entry now shows the new problems. */
  requarantine(id: number, problem: QuarantineProblem): void;
  /** Takes a row out of the quarantine. */
  release(id: number): void;
  /** Removes tombstones left by batches received before `cutoff` (ISO time, R7); returns how many. */
  purgeTombstones(cutoff: string): number;
  /** Removes a key's row or tombstone and its whole history (a data-hygiene purge, R8). */
  purgeKey(key: StorageValue[]): { state: "row" | "tombstone" | "nothing"; historyEntries: number };
  /** Removes the quarantined rows whose payload carries one of the purged keys; their ids by key digest. */
  purgeQuarantine(keysIn: PayloadKeys, digests: ReadonlySet<string>): Map<string, number[]>;
}

export function createDatasetStore({ sqlite }: SqliteDatabase, model: Model): DatasetStore {
  const t = tableNames(model.dataset);
  const fieldNames = model.fields.map((f) => f.name);
  const index = new Map(fieldNames.map((n, i) => [n, i]));
  // The history holds the key and version columns; a version may be part of the key.
  const kvNames = keyAndVersion(model);
  const kvIdx = kvNames.map((n) => index.get(n)!);
  const pick = (values: StorageValue[], idx: number[]) => idx.map((i) => values[i]);
  const prepare = (sql: string): Statement => sqlite.prepare(sql);
  // This connection's triggers (below) for an earlier model of the dataset go first: when another
  // connection made the tables again (a model changed through the API while a writer thread
  // writes), they may name columns that are gone, and no statement on the table would prepare.
  sqlite.exec(`DROP TRIGGER IF EXISTS temp.${q(`${t.state}__tie`)}; DROP TRIGGER IF EXISTS temp.${q(`${t.state}__reopened`)}`);

  const insertHistory = prepare(
    `INSERT INTO ${q(t.history)} (${list(kvNames)}, ${q(HISTORY_OP)}, ${q(ROW_HASH)}, ${q(HISTORY_ROW)}, ${q(BATCH)})
     VALUES (${params(kvNames.length + 4)}) ON CONFLICT DO NOTHING`,
  );

  // One statement for upserts and deletes: the change replaces the key's state (row or
  // tombstone) only if (version..., deleted, hash) is greater. At equal version a delete
  // (1) beats an upsert (0), and between two upserts the greater hash wins (R4.1-R4.3, R6).
  const order = [...model.version, DELETED, ROW_HASH];
  const writeState = prepare(
    `INSERT INTO ${q(t.state)} (${list(fieldNames)}, ${q(DELETED)}, ${q(ROW_HASH)}, ${q(BATCH)})
     VALUES (${params(fieldNames.length + 3)})
     ON CONFLICT (${list(model.primaryKey)}) DO UPDATE SET
       ${[...fieldNames, DELETED, ROW_HASH, BATCH].map((c) => `${q(c)} = excluded.${q(c)}`).join(", ")}
     WHERE ${tuple(order, "excluded")} > ${tuple(order, q(t.state))}`,
  );

  // R4.3: a conflict is a new upsert that meets an earlier accepted upsert of the same key
  // and version with other contents, whether it wins or not. Each way it can happen is
  // counted where it shows, at no cost to the changes that do not conflict:
  // - it wins a tie against the current row (same version, greater hash): a trigger on update;
  // - it lands on a key without state (a tombstone expired, R7) whose history holds such an
  //   upsert: a trigger on insert;
  // - it loses (stale): a probe of the history, in `apply`.
  let conflicts = 0;
  const countConflict = `_mq_conflict_${model.dataset}`;
  sqlite.function(countConflict, { deterministic: false }, () => {
    conflicts++;
    return null;
  });
  const otherUpsertOfVersion = (of: (column: string) => string) =>
    `SELECT 1 FROM main.${q(t.history)} AS o
     WHERE ${kvNames.map((c) => `o.${q(c)} = ${of(c)}`).join(" AND ")} AND o.${q(HISTORY_OP)} = 'u' AND o.${q(ROW_HASH)} <> ${of(ROW_HASH)}`;
  // Temporary triggers belong to this connection, the only one that writes.
  sqlite.exec(
    `CREATE TEMP TRIGGER ${q(`${t.state}__tie`)} AFTER UPDATE ON main.${q(t.state)}
     WHEN NEW.${q(DELETED)} = 0 AND OLD.${q(DELETED)} = 0 AND ${model.version.map((v) => `NEW.${q(v)} = OLD.${q(v)}`).join(" AND ")}
     BEGIN SELECT ${q(countConflict)}(); END`,
  );
  sqlite.exec(
    `CREATE TEMP TRIGGER ${q(`${t.state}__reopened`)} AFTER INSERT ON main.${q(t.state)}
     WHEN NEW.${q(DELETED)} = 0 AND EXISTS (${otherUpsertOfVersion((c) => `NEW.${q(c)}`)})
     BEGIN SELECT ${q(countConflict)}(); END`,
  );
  const staleConflict = prepare(`${otherUpsertOfVersion(() => "?")} LIMIT 1`);

  const insertQuarantine = prepare(`INSERT INTO ${q(t.quarantine)} (batch_id, row_index, code, field, message, problems, format, payload, received_at) VALUES (${params(9)})`);
  const updateQuarantine = prepare(`UPDATE ${q(t.quarantine)} SET batch_id = ?, code = ?, field = ?, message = ?, problems = ?, received_at = ? WHERE id = ?`);
  const deleteQuarantine = prepare(`DELETE FROM ${q(t.quarantine)} WHERE id = ?`);
  const purge = prepare(`DELETE FROM ${q(t.state)} WHERE ${q(DELETED)} = 1 AND ${q(BATCH)} IN (SELECT seq FROM _mq_batches WHERE received_at < ?)`);

  const purgeState = prepare(`DELETE FROM ${q(t.state)} WHERE ${equalsParams(model.primaryKey)} RETURNING ${q(DELETED)} AS deleted`);
  const purgeHistory = prepare(`DELETE FROM ${q(t.history)} WHERE ${equalsParams(model.primaryKey)}`);
  const allQuarantined = prepare(`SELECT id, format, payload FROM ${q(t.quarantine)} ORDER BY id`);

  return {
    model,
    recordHistory(change, hash, batch) {
      const op = change.op === "upsert" ? "u" : "d";
      return insertHistory.run(...pick(change.values, kvIdx), op, hash, change.canonical, batch).changes === 1;
    },
    apply(change, hash, batch) {
      const applied = writeState.run(...change.values, change.op === "delete" ? 1 : 0, hash, batch).changes === 1;
      if (!applied && change.op === "upsert" && staleConflict.get(...pick(change.values, kvIdx), hash) !== undefined) conflicts++;
      return applied;
    },
    takeConflicts() {
      const n = conflicts;
      conflicts = 0;
      return n;
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
    purgeKey(key) {
      const removed = purgeState.get(...key) as { deleted: bigint } | undefined;
      const state = removed === undefined ? "nothing" : removed.deleted === 1n ? "tombstone" : "row";
      return { state, historyEntries: purgeHistory.run(...key).changes };
    },
    purgeQuarantine(keysIn, digests) {
      const found = erasedRows(allQuarantined.iterate() as Iterable<{ id: bigint; format: string; payload: string }>, keysIn, digests);
      for (const id of idsIn(found)) deleteQuarantine.run(id);
      return found;
    },
  };
}
