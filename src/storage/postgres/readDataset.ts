// Reads a dataset's tables back as plain values, as sqlite/readDataset.ts does: the mirrored
// rows, tombstones, the version timeline (R8), the quarantine, and relationship integrity (R11).
// The connection's type parsers already give bigint for 64-bit integers and text for dates.

import { fieldOf, keyAndVersion, type Model } from "../../models/Model";
import { BATCH, DELETED, HISTORY_OP, ROW_HASH, tableNames } from "../datasetLayout";
import type { HistoryEntry, MirroredRow, Row, Tombstone, Value } from "../MirroredRow";
import { quarantinedRecordOf, type QuarantinedRecord, type QuarantineSelection } from "../QuarantinedRecord";
import type { RelationshipIntegrity } from "../RelationshipIntegrity";
import { historyTimeline, versionOf } from "../historyTimeline";
import { paramOf } from "./datasetStore";
import type { PostgresDatabase } from "./openDatabase";
import { list, q } from "./sql";

const pickRow = (names: readonly string[], raw: Record<string, unknown>): Row => Object.fromEntries(names.map((n) => [n, (raw[n] ?? null) as Value]));

/** Selects every column of `table` and the id and time of the batch that wrote each row. */
function withBatch(table: string, order: string, where = ""): string {
  return `SELECT t.*, b.id AS _batch_id, b.received_at AS _batch_time FROM ${q(table)} AS t JOIN _mq_batches AS b ON b.seq = t.${q(BATCH)} ${where} ORDER BY ${order}`;
}

export async function readRows({ pool }: PostgresDatabase, model: Model): Promise<MirroredRow[]> {
  const names = model.fields.map((f) => f.name);
  const raw = (await pool.query(withBatch(tableNames(model.dataset).state, list(model.primaryKey, "t."), `WHERE NOT t.${q(DELETED)}`))).rows;
  return raw.map((r) => {
    const row = pickRow(names, r);
    return { row, version: versionOf(model, row), updatedAt: r._batch_time as string, batchId: r._batch_id as string };
  });
}

export async function readTombstones({ pool }: PostgresDatabase, model: Model): Promise<Tombstone[]> {
  const kv = keyAndVersion(model);
  const raw = (await pool.query(withBatch(tableNames(model.dataset).state, list(model.primaryKey, "t."), `WHERE t.${q(DELETED)}`))).rows;
  return raw.map((r) => {
    const values = pickRow(kv, r);
    const key = Object.fromEntries(model.primaryKey.map((k) => [k, values[k]!]));
    return { key, version: versionOf(model, values), deletedAt: r._batch_time as string, batchId: r._batch_id as string };
  });
}

/**
 * The version timeline of every key (or of one key): accepted changes ordered by
 * version, a delete after an upsert of equal version, ties between upserts by hash.
 */
export async function readHistory({ pool }: PostgresDatabase, model: Model, key?: Row): Promise<HistoryEntry[]> {
  const t = tableNames(model.dataset);
  const kv = keyAndVersion(model);
  const where = key ? `WHERE ${model.primaryKey.map((k, i) => `t.${q(k)} = $${i + 1}`).join(" AND ")}` : "";
  const args = key ? model.primaryKey.map((k) => paramOf(fieldOf(model, k).type, typeof key[k] === "boolean" ? (key[k] ? 1 : 0) : ((key[k] as never) ?? null))) : [];
  const raw = (
    await pool.query(
      `SELECT t.*, b.id AS _batch_id, b.received_at AS _batch_time FROM ${q(t.history)} AS t JOIN _mq_batches AS b ON b.seq = t.${q(BATCH)} ${where}
     ORDER BY ${list(model.primaryKey, "t.")}, ${list(model.version, "t.")}, CASE t.${q(HISTORY_OP)} WHEN 'u' THEN 0 ELSE 1 END, t.${q(ROW_HASH)}`,
      args,
    )
  ).rows;
  return historyTimeline(model, raw, (r) => pickRow(kv, r));
}

/** Quarantined rows in the order they arrived. */
export async function readQuarantine({ pool }: PostgresDatabase, model: Model, select: QuarantineSelection = {}): Promise<QuarantinedRecord[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (select.ids) {
    args.push(select.ids.map(String));
    where.push(`id = ANY($${args.length}::bigint[])`);
  }
  if (select.afterId !== undefined) {
    args.push(select.afterId);
    where.push(`id > $${args.length}`);
  }
  let sql = `SELECT * FROM ${q(tableNames(model.dataset).quarantine)} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id`;
  if (select.limit !== undefined) {
    args.push(select.limit);
    sql += ` LIMIT $${args.length}`;
  }
  return (await pool.query(sql, args)).rows.map(quarantinedRecordOf);
}

/** Counts and lists dangling references of every relationship (R11). */
export async function readIntegrity({ pool }: PostgresDatabase, models: readonly Model[], limit = 20): Promise<RelationshipIntegrity[]> {
  const byName = new Map(models.map((m) => [m.name, m]));
  const result: RelationshipIntegrity[] = [];
  for (const model of models) {
    for (const r of model.relationships) {
      const target = byName.get(r.target)!;
      const columns = [...new Set([...model.primaryKey, r.field])];
      const from = `FROM ${q(tableNames(model.dataset).state)} AS s WHERE NOT s.${q(DELETED)} AND s.${q(r.field)} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${q(tableNames(target.dataset).state)} AS t WHERE NOT t.${q(DELETED)} AND t.${q(r.targetField)} = s.${q(r.field)})`;
      const dangling = Number((await pool.query(`SELECT count(*) AS n ${from}`)).rows[0].n);
      const examples = (await pool.query(`SELECT ${list(columns, "s.")} ${from} ORDER BY ${list(model.primaryKey, "s.")} LIMIT $1`, [limit])).rows.map((raw) => {
        const values = pickRow(columns, raw);
        return { key: Object.fromEntries(model.primaryKey.map((k) => [k, values[k]!])), value: values[r.field]! };
      });
      result.push({ dataset: model.dataset, relationship: r.name, field: r.field, target: target.dataset, targetField: r.targetField, dangling, examples });
    }
  }
  return result;
}
