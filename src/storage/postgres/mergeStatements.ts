// The merge of one part of a dataset's share of a batch on PostgreSQL, built once per model: one
// set-based statement over the part's changes, one round trip whatever its size. It looks each
// change up against its key's state, and where needed its history, as they were before the
// statement (LATERAL ... LIMIT 1 through the keys' indexes, so that a part costs the same whatever
// the size of the tables), appends to the history the changes it does not hold yet (R8), makes each
// key's greatest new change its state (R4), and says per change what it met; what each change did
// and the receipt's counts are decided from that in Node, in batch order (judgeChanges.ts). None of
// it needs Node's judgement: the history takes a change whether it wins or is stale, and a key's
// state after the statement is the greatest, by (version..., deleted, hash), of its state before and
// the part's new changes.
//
// A new state replaces the old one found by the lookup through its row's address (ctid), and a key
// without state gets a plain insert: no second lookup through the key's index, no speculative
// insertion. That is sound because every transaction that writes a dataset's tables holds its
// advisory lock (advisoryLocks.ts): no other writer moves or adds a state row of the dataset
// between the lookup and the write.

import { keyAndVersion, type Model } from "../../models/Model";
import { BATCH, DELETED, HISTORY_OP, HISTORY_ROW, ROW_HASH, tableNames } from "../datasetLayout";
import { SQL_TYPE } from "./datasetTables";
import { equal, list, q, tuple } from "./sql";

export interface MergeStatements {
  /**
   * ($fields..., $ops, $hashes, $rows, $batch, $dataset) of a part's changes, in batch order, without
   * the repeats of an earlier change of the batch (same key and hash) → one row, `met`: three letters
   * per change, its StateFlag (judgeChanges.ts); "1" when the history held it before the statement,
   * else "0"; "1" when the history before the statement holds an upsert of its key and version with
   * other contents (a conflict, R4.3, if the change is an upsert that meets it), else "0". The
   * tables before the statement hold the batch's earlier parts.
   */
  merge: string;
}

export function mergeStatements(model: Model): MergeStatements {
  const t = tableNames(model.dataset);
  const fields = model.fields.map((f) => f.name);
  const typeOf = new Map(model.fields.map((f) => [f.name, SQL_TYPE[f.type]]));
  const pk = model.primaryKey;
  const kv = keyAndVersion(model);
  const order = [...model.version, DELETED, ROW_HASH];

  // The changes as rows, zipped by ROWS FROM in order and cast to the columns' types. A string
  // field is a JSON array of texts (JSON.stringify is native, where node-postgres escapes array
  // elements one by one in JavaScript); any other field, whose texts hold no comma, is its values
  // comma-separated, empty for null. The rest is split without unescaping either:
  // `op` one letter per change ('u' or 'd', giving `_mq_deleted`); `h` the hashes in hex,
  // comma-separated; `r` the canonical rows separated by U+001E, which JSON text never holds
  // unescaped, and empty for a delete's (null).
  const all = [...fields, "op", "h", "r"];
  const n = fields.length;
  const source = [
    ...model.fields.map((f, i) => (f.type === "string" ? `json_array_elements_text($${i + 1}::json)` : `string_to_table($${i + 1}::text, ',', '')`)),
    `string_to_table($${n + 1}::text, NULL)`,
    `string_to_table($${n + 2}::text, ',')`,
    `string_to_table($${n + 3}::text, E'\\x1e', '')`,
  ];
  const changes = `SELECT u.ord, ${[
    ...fields.map((f, i) => `u.c${i}::${typeOf.get(f)!} AS ${q(f)}`),
    `u.c${n} = 'd' AS ${q(DELETED)}`,
    `decode(u.c${n + 1}, 'hex') AS ${q(ROW_HASH)}`,
    `u.c${n + 2} AS ${q(HISTORY_ROW)}`,
  ].join(", ")}
  FROM ROWS FROM (${source.join(", ")}) WITH ORDINALITY AS u(${all.map((_, i) => `c${i}`).join(", ")}, ord)`;
  const batch = `$${all.length + 1}::bigint`;

  // Every CTE of the statement reads the tables as they were before it.
  // `i` is read once, as it comes (materializing it cost about 8% of the statement's time); `met` three times.
  const flag = `CASE
      WHEN s.${q(DELETED)} IS NULL THEN 'n'
      WHEN ${tuple(order, "i")} > ${tuple(order, "s")}
        THEN CASE WHEN NOT s.${q(DELETED)} AND ${tuple(model.version, "s")} = ${tuple(model.version, "i")} THEN 't' ELSE 'b' END
      ELSE 'l' END`;
  // Where the states cover the history (internalSchema.ts), only a change that does not beat its key's
  // state can be in the history or meet an upsert of its version there: one that beats it is not in it,
  // and the history's upserts of its version are the state itself when it ties with it (`t`), or none.
  // A key without a state has no history. Elsewhere every change is looked up.
  const known = `(i._mq_flag <> 'l' AND i._mq_covered)`;
  const merge = `WITH i AS NOT MATERIALIZED (${changes}),
flagged AS NOT MATERIALIZED (
  SELECT i.*, ${flag} AS _mq_flag, s._mq_ctid, (SELECT EXISTS (SELECT FROM _mq_states_cover_history WHERE dataset = $${all.length + 2})) AS _mq_covered
  FROM i LEFT JOIN LATERAL (SELECT ${list(order)}, ctid AS _mq_ctid FROM ${q(t.state)} AS s WHERE ${equal(pk, "s", "i")} LIMIT 1) AS s ON true
),
met AS MATERIALIZED (
  SELECT i.*,
    CASE WHEN ${known} THEN false ELSE h.found IS NOT NULL END AS _mq_seen,
    CASE WHEN ${known} THEN i._mq_flag = 't' ELSE o.found IS NOT NULL END AS _mq_other
  FROM flagged AS i
  LEFT JOIN LATERAL (SELECT true AS found FROM ${q(t.history)} AS h
    WHERE NOT ${known} AND ${equal([...pk, ROW_HASH], "h", "i")} LIMIT 1) AS h ON true
  LEFT JOIN LATERAL (SELECT true AS found FROM ${q(t.history)} AS o
    WHERE NOT ${known} AND NOT i.${q(DELETED)} AND ${equal(kv, "o", "i")} AND o.${q(HISTORY_OP)} = 'u' AND o.${q(ROW_HASH)} <> i.${q(ROW_HASH)} LIMIT 1) AS o ON true
), history AS (
  INSERT INTO ${q(t.history)} (${list(kv)}, ${q(HISTORY_OP)}, ${q(ROW_HASH)}, ${q(HISTORY_ROW)}, ${q(BATCH)})
  SELECT ${list(kv)}, CASE WHEN ${q(DELETED)} THEN 'd' ELSE 'u' END, ${q(ROW_HASH)}, ${q(HISTORY_ROW)}, ${batch} FROM met WHERE NOT _mq_seen
), winners AS (
  SELECT DISTINCT ON (${list(pk)}) * FROM met WHERE NOT _mq_seen ORDER BY ${list(pk)}, ${order.map((c) => `${q(c)} DESC`).join(", ")}
), updated AS (
  UPDATE ${q(t.state)} AS t SET ${[...fields.filter((f) => !pk.includes(f)), DELETED, ROW_HASH].map((c) => `${q(c)} = w.${q(c)}`).join(", ")}, ${q(BATCH)} = ${batch}
  FROM winners AS w WHERE w._mq_flag IN ('b', 't') AND t.ctid = w._mq_ctid AND ${tuple(order, "w")} > ${tuple(order, "t")}
), inserted AS (
  INSERT INTO ${q(t.state)} (${list(fields)}, ${q(DELETED)}, ${q(ROW_HASH)}, ${q(BATCH)})
  SELECT ${list(fields)}, ${q(DELETED)}, ${q(ROW_HASH)}, ${batch} FROM winners WHERE _mq_flag = 'n'
)
SELECT coalesce(string_agg(_mq_flag || CASE WHEN _mq_seen THEN '1' ELSE '0' END || CASE WHEN _mq_other THEN '1' ELSE '0' END, '' ORDER BY ord), '') AS met
FROM met`;

  return { merge };
}
