// The two statements of the merge of one dataset on PostgreSQL, built once per model, each one
// simple set-based statement over the batch's changes passed as JSON arrays: the first reads
// what the batch meets (each change against its key's state, and whether the history holds it
// already); the second writes what Node decided from that (judgeChanges.ts): the history of the
// changes taken, each key's winner as its state, and counts the conflicts that depend on the
// history before the batch. Both look rows up through the key's index, one change at a time
// (LATERAL ... LIMIT 1), so that a batch costs the same whatever the size of the tables.

import { keyAndVersion, type Model } from "../../models/Model";
import { BATCH, DELETED, HISTORY_OP, HISTORY_ROW, ROW_HASH, tableNames } from "../datasetLayout";
import { SQL_TYPE } from "./datasetTables";
import { equal, list, q, tuple } from "./sql";

export interface MergeStatements {
  /**
   * ($kv..., $ops, $hashes) → one row: `flags`, per change in order its StateFlag (judgeChanges.ts);
   * `seen`, per change "1" when the history holds it already, else "0".
   */
  read: string;
  /**
   * ($fields..., $ops, $hashes, $rows, $wins, $probes, $batch) of the changes the history takes, in
   * order; `wins`: it becomes its key's state; `probes`: count it as a conflict if the history
   * before the batch holds another upsert of its key and version. → one row `conflicts`.
   */
  write: string;
}

export function mergeStatements(model: Model): MergeStatements {
  const t = tableNames(model.dataset);
  const fields = model.fields.map((f) => f.name);
  const typeOf = new Map(model.fields.map((f) => [f.name, SQL_TYPE[f.type]]));
  const pk = model.primaryKey;
  const kv = keyAndVersion(model);
  const order = [...model.version, DELETED, ROW_HASH];

  /**
   * The changes as rows: one JSON array of texts per column, zipped by ROWS FROM in order, cast
   * to the columns' types; `op` and `h` (the hash in hex) give `_mq_deleted` and `_mq_hash`.
   * JSON rather than PostgreSQL arrays: JSON.stringify is native, where node-postgres escapes
   * array elements one by one in JavaScript.
   */
  const changesOf = (names: readonly string[], extra: readonly { name: string; type: string }[]) => {
    const all = [...names, "op", "h", ...extra.map((e) => e.name)];
    const cols = all.map((_, i) => `json_array_elements_text($${i + 1}::json)`).join(", ");
    const cast = [
      ...names.map((n, i) => `u.c${i}::${typeOf.get(n)!} AS ${q(n)}`),
      `u.c${names.length} = 'd' AS ${q(DELETED)}`,
      `decode(u.c${names.length + 1}, 'hex') AS ${q(ROW_HASH)}`,
      ...extra.map((e, i) => `u.c${names.length + 2 + i}::${e.type} AS ${e.name}`),
    ].join(", ");
    return {
      sql: `SELECT u.ord, ${cast} FROM ROWS FROM (${cols}) WITH ORDINALITY AS u(${all.map((_, i) => `c${i}`).join(", ")}, ord)`,
      next: all.length + 1,
    };
  };

  const seen = changesOf(kv, []);
  const read = `SELECT
  coalesce(string_agg(CASE
    WHEN s.${q(DELETED)} IS NULL THEN 'n'
    WHEN ${tuple(order, "i")} > ${tuple(order, "s")}
      THEN CASE WHEN NOT s.${q(DELETED)} AND ${tuple(model.version, "s")} = ${tuple(model.version, "i")} THEN 't' ELSE 'b' END
    ELSE 'l' END, '' ORDER BY i.ord), '') AS flags,
  coalesce(string_agg(CASE WHEN h.found IS NULL THEN '0' ELSE '1' END, '' ORDER BY i.ord), '') AS seen
FROM (${seen.sql}) AS i
LEFT JOIN LATERAL (SELECT ${list(order)} FROM ${q(t.state)} AS s WHERE ${equal(pk, "s", "i")} LIMIT 1) AS s ON true
LEFT JOIN LATERAL (SELECT true AS found FROM ${q(t.history)} AS h WHERE ${equal([...pk, ROW_HASH], "h", "i")} LIMIT 1) AS h ON true`;

  const taken = changesOf(fields, [{ name: "_mq_r", type: "text" }, { name: "_mq_win", type: "boolean" }, { name: "_mq_probe", type: "boolean" }]);
  const batch = `$${taken.next}::bigint`;
  // The main query reads the tables as they were before the statement: the history before the batch.
  const write = `WITH taken AS MATERIALIZED (${taken.sql}),
history AS (
  INSERT INTO ${q(t.history)} (${list(kv)}, ${q(HISTORY_OP)}, ${q(ROW_HASH)}, ${q(HISTORY_ROW)}, ${q(BATCH)})
  SELECT ${list(kv)}, CASE WHEN ${q(DELETED)} THEN 'd' ELSE 'u' END, ${q(ROW_HASH)}, _mq_r, ${batch} FROM taken ORDER BY ord
), state AS (
  INSERT INTO ${q(t.state)} AS t (${list(fields)}, ${q(DELETED)}, ${q(ROW_HASH)}, ${q(BATCH)})
  SELECT ${list(fields)}, ${q(DELETED)}, ${q(ROW_HASH)}, ${batch} FROM taken WHERE _mq_win
  ON CONFLICT (${list(pk)}) DO UPDATE SET ${[...fields, DELETED, ROW_HASH, BATCH].map((c) => `${q(c)} = excluded.${q(c)}`).join(", ")}
  WHERE ${tuple(order, "excluded")} > ${tuple(order, "t")}
)
SELECT count(*)::int AS conflicts FROM taken AS i
CROSS JOIN LATERAL (SELECT 1 FROM ${q(t.history)} AS o WHERE ${equal(kv, "o", "i")} AND o.${q(HISTORY_OP)} = 'u' AND o.${q(ROW_HASH)} <> i.${q(ROW_HASH)} LIMIT 1) AS o
WHERE i._mq_probe`;

  return { read, write };
}
