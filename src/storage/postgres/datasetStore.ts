// The SQL of the merge for one dataset on PostgreSQL, built once per model. A dataset's share of
// a batch is one set-based statement whatever its size: the changes arrive as arrays (unnest),
// the history insert recognises changes seen before, and the state takes each key's winning
// change through one version-guarded upsert. The counts of the receipt are those SQLite's
// change-by-change merge gives for the same changes in the same order (sqlite/datasetStore.ts).

import type pg from "pg";
import type { Change } from "../../changes/normalizeChange";
import type { StorageValue } from "../../changes/coerceValue";
import { keyAndVersion, type FieldType, type Model } from "../../models/Model";
import { BATCH, DELETED, HISTORY_OP, HISTORY_ROW, ROW_HASH, tableNames } from "../datasetLayout";
import { SQL_TYPE } from "./datasetTables";
import { equal, equalsParams, list, q, tuple } from "./sql";
import type { QuarantineEntry } from "../QuarantinedRecord";


export interface MergeCounts {
  upserted: number;
  deleted: number;
  stale: number;
  unchanged: number;
  conflicts: number;
}

/** A stored value as the text of a parameter, cast to its column type in SQL. */
export function paramOf(type: FieldType, v: StorageValue | boolean): string | number | null {
  if (v === null) return null;
  if (type === "boolean") return v === 1 || v === true || v === 1n ? "t" : "f";
  return typeof v === "string" ? v : String(v);
}

/** What a statement of the dataset store runs on: a connection inside the batch's transaction. */
type Client = Pick<pg.PoolClient, "query">;

export interface DatasetStore {
  readonly model: Model;
  /** Records the changes in the history and makes each key's winner its state; counts what each change did (R4-R8). */
  merge(client: Client, changes: readonly Change[], batch: number): Promise<MergeCounts>;
  quarantine(client: Client, entries: readonly QuarantineEntry[]): Promise<number[]>;
  requarantine(client: Client, id: number, entry: Pick<QuarantineEntry, "batchId" | "code" | "field" | "message" | "problems" | "receivedAt">): Promise<void>;
  release(client: Client, id: number): Promise<void>;
  purgeTombstones(client: Client, cutoff: string): Promise<number>;
  purgeKey(client: Client, key: StorageValue[]): Promise<{ state: "row" | "tombstone" | "nothing"; historyEntries: number }>;
}

export function createDatasetStore(model: Model): DatasetStore {
  const t = tableNames(model.dataset);
  const fields = model.fields.map((f) => f.name);
  const types = model.fields.map((f) => f.type);
  const pk = model.primaryKey;
  const kv = keyAndVersion(model);
  const version = model.version;
  const order = [...version, DELETED, ROW_HASH];
  const mergeSql = buildMerge(model);

  const quarantineSql = `INSERT INTO ${q(t.quarantine)} (batch_id, row_index, code, field, message, problems, format, payload, received_at)
    SELECT u.batch_id, u.row_index::bigint, u.code, u.field, u.message, u.problems, u.format, u.payload, u.received_at
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY
      AS u(batch_id, row_index, code, field, message, problems, format, payload, received_at, ord)
    ORDER BY u.ord RETURNING id`;

  return {
    model,
    async merge(client, changes, batch) {
      if (changes.length === 0) return { upserted: 0, deleted: 0, stale: 0, unchanged: 0, conflicts: 0 };
      const columns: (string | number | null)[][] = fields.map(() => []);
      const ops: string[] = [];
      const hashes: string[] = [];
      const rows: (string | null)[] = [];
      for (const change of changes) {
        for (let i = 0; i < fields.length; i++) columns[i]!.push(paramOf(types[i]!, change.values[i]!));
        ops.push(change.op === "upsert" ? "u" : "d");
        hashes.push(change.hash.toString("hex"));
        rows.push(change.canonical);
      }
      const r = await client.query(mergeSql, [...columns, ops, hashes, rows, batch]);
      const c = r.rows[0] as Record<string, number>;
      return { upserted: c.upserted!, deleted: c.deleted!, stale: c.stale!, unchanged: changes.length - c.accepted!, conflicts: c.conflicts! };
    },
    async quarantine(client, entries) {
      if (entries.length === 0) return [];
      const col = <K extends keyof QuarantineEntry>(k: K) => entries.map((e) => (e[k] === null ? null : String(e[k])));
      const r = await client.query<{ id: bigint }>(quarantineSql, [
        col("batchId"), col("rowIndex"), col("code"), col("field"), col("message"), col("problems"), col("format"), col("payload"), col("receivedAt"),
      ]);
      return r.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
    },
    async requarantine(client, id, e) {
      await client.query(`UPDATE ${q(t.quarantine)} SET batch_id = $1, code = $2, field = $3, message = $4, problems = $5, received_at = $6 WHERE id = $7`,
        [e.batchId, e.code, e.field, e.message, e.problems, e.receivedAt, id]);
    },
    async release(client, id) {
      await client.query(`DELETE FROM ${q(t.quarantine)} WHERE id = $1`, [id]);
    },
    async purgeTombstones(client, cutoff) {
      const r = await client.query(
        `DELETE FROM ${q(t.state)} WHERE ${q(DELETED)} AND ${q(BATCH)} IN (SELECT seq FROM _mq_batches WHERE received_at COLLATE "C" < $1)`, [cutoff]);
      return r.rowCount ?? 0;
    },
    async purgeKey(client, key) {
      const params = pk.map((k, i) => paramOf(model.fields.find((f) => f.name === k)!.type, key[i]!));
      const removed = await client.query<{ deleted: boolean }>(`DELETE FROM ${q(t.state)} WHERE ${equalsParams(pk)} RETURNING ${q(DELETED)} AS deleted`, params);
      const state = removed.rows.length === 0 ? "nothing" : removed.rows[0]!.deleted ? "tombstone" : "row";
      const history = await client.query(`DELETE FROM ${q(t.history)} WHERE ${equalsParams(pk)}`, params);
      return { state, historyEntries: history.rowCount ?? 0 };
    },
  };

  /**
   * One statement for the whole of a dataset's changes; all its parts read the tables as they
   * were before it (one snapshot), so "before the batch" is what state and history show here.
   * Change i (in batch order) is:
   * - unchanged when its (key, hash) is in the history or earlier in the batch (R4.4);
   * - applied when its (version..., deleted, hash) is greater than the state's and than that of
   *   every earlier accepted change of its key, else stale (R4, R5);
   * - a conflict (R4.3, an upsert) as SQLite counts it: applied over an upsert of equal version
   *   (the state's or an earlier change's), applied to a key without state whose history holds
   *   another upsert of that version, or stale while such an upsert is in the history.
   * Each key's last applied change is its winner, written by one guarded upsert.
   */
  function buildMerge(m: Model): string {
    const n = fields.length;
    const cast = (i: number) => `u.c${i}::${SQL_TYPE[types[i]!]}`;
    const inputCols = fields.map((f, i) => `${cast(i)} AS ${q(f)}`).join(", ");
    const unnestArgs = [...fields.map((_, i) => `$${i + 1}::text[]`), `$${n + 1}::text[]`, `$${n + 2}::text[]`, `$${n + 3}::text[]`].join(", ");
    const unnestCols = [...fields.map((_, i) => `c${i}`), "op", "h", "r", "ord"].join(", ");
    const seq = `$${n + 4}::bigint`;
    const otherUpsert = (a: string) =>
      `EXISTS (SELECT 1 FROM ${q(t.history)} AS h WHERE ${equal(kv, "h", a)} AND h.${q(HISTORY_OP)} = 'u' AND h.${q(ROW_HASH)} <> ${a}.${q(ROW_HASH)})`;
    const pkNull = `s.${q(pk[0]!)} IS NULL`;
    return `WITH input AS (
  SELECT u.ord AS _mq_ord, ${inputCols}, u.op = 'd' AS ${q(DELETED)}, decode(u.h, 'hex') AS ${q(ROW_HASH)}, u.r AS ${q(HISTORY_ROW)}
  FROM unnest(${unnestArgs}) WITH ORDINALITY AS u(${unnestCols})
), hist AS (
  INSERT INTO ${q(t.history)} (${list(kv)}, ${q(HISTORY_OP)}, ${q(ROW_HASH)}, ${q(HISTORY_ROW)}, ${q(BATCH)})
  SELECT ${list(kv)}, CASE WHEN ${q(DELETED)} THEN 'd' ELSE 'u' END, ${q(ROW_HASH)}, ${q(HISTORY_ROW)}, ${seq} FROM input ORDER BY _mq_ord
  ON CONFLICT DO NOTHING
  RETURNING ${list(pk)}, ${q(ROW_HASH)}
), acc AS (
  SELECT DISTINCT ON (${list(pk, "i.")}, i.${q(ROW_HASH)}) i.* FROM input AS i JOIN hist AS h ON ${equal([...pk, ROW_HASH], "i", "h")}
  ORDER BY ${list(pk, "i.")}, i.${q(ROW_HASH)}, i._mq_ord
), earlier AS (
  SELECT a._mq_ord,
    count(j._mq_ord) AS n,
    coalesce(bool_or(${tuple(order, "j")} >= ${tuple(order, "a")}), false) AS beaten,
    coalesce(bool_or(NOT j.${q(DELETED)} AND ${tuple(version, "j")} = ${tuple(version, "a")}), false) AS upsert_same_version,
    coalesce(bool_or(NOT j.${q(DELETED)} AND ${equal(kv, "j", "a")} AND j.${q(ROW_HASH)} <> a.${q(ROW_HASH)}), false) AS other_upsert_same_change
  FROM acc AS a LEFT JOIN acc AS j ON ${equal(pk, "j", "a")} AND j._mq_ord < a._mq_ord
  GROUP BY a._mq_ord
), judged AS (
  SELECT a.*, e.n AS _mq_earlier, e.upsert_same_version AS _mq_upsert_same_version, e.other_upsert_same_change AS _mq_other_upsert,
    (${pkNull} OR ${tuple(order, "a")} > ${tuple(order, "s")}) AND NOT e.beaten AS _mq_applied,
    ${pkNull} AS _mq_no_state,
    (NOT ${pkNull} AND NOT s.${q(DELETED)} AND ${tuple(version, "s")} = ${tuple(version, "a")}) AS _mq_state_same_version
  FROM acc AS a JOIN earlier AS e USING (_mq_ord) LEFT JOIN ${q(t.state)} AS s ON ${equal(pk, "s", "a")}
), counted AS (
  SELECT j._mq_ord, j.${q(DELETED)}, j._mq_applied,
    CASE
      WHEN j.${q(DELETED)} THEN false
      WHEN j._mq_applied THEN
        CASE WHEN j._mq_state_same_version OR j._mq_upsert_same_version THEN true
             WHEN j._mq_no_state AND j._mq_earlier = 0 THEN ${otherUpsert("j")}
             ELSE false END
      ELSE
        CASE WHEN j._mq_other_upsert THEN true ELSE ${otherUpsert("j")} END
    END AS _mq_conflict
  FROM judged AS j
), winners AS (
  SELECT DISTINCT ON (${list(pk)}) * FROM judged WHERE _mq_applied ORDER BY ${list(pk)}, _mq_ord DESC
), written AS (
  INSERT INTO ${q(t.state)} AS t (${list(fields)}, ${q(DELETED)}, ${q(ROW_HASH)}, ${q(BATCH)})
  SELECT ${list(fields)}, ${q(DELETED)}, ${q(ROW_HASH)}, ${seq} FROM winners
  ON CONFLICT (${list(m.primaryKey)}) DO UPDATE SET ${[...fields, DELETED, ROW_HASH, BATCH].map((c) => `${q(c)} = excluded.${q(c)}`).join(", ")}
  WHERE ${tuple(order, "excluded")} > ${tuple(order, "t")}
  RETURNING 1
)
SELECT count(*)::int AS accepted,
  (count(*) FILTER (WHERE _mq_applied AND NOT ${q(DELETED)}))::int AS upserted,
  (count(*) FILTER (WHERE _mq_applied AND ${q(DELETED)}))::int AS deleted,
  (count(*) FILTER (WHERE NOT _mq_applied))::int AS stale,
  (count(*) FILTER (WHERE _mq_conflict))::int AS conflicts
FROM counted`;
  }
}
