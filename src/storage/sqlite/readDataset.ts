// Reads a dataset's tables back as plain values: the mirrored rows, tombstones,
// the version timeline (R8), the quarantine, and relationship integrity (R11).

import { fieldOf, keyAndVersion, type FieldType, type Model } from "../../models/Model";
import type { HistoryEntry, MirroredRow, Row, Tombstone, Value } from "../MirroredRow";
import { quarantinedRecordOf, type QuarantinedRecord, type QuarantineSelection } from "../QuarantinedRecord";
import type { RelationshipIntegrity } from "../RelationshipIntegrity";
import { historyTimeline, versionOf } from "../historyTimeline";
import { BATCH, DELETED, HISTORY_OP, HISTORY_SEQ, ROW_HASH, tableNames } from "./datasetTables";
import type { SqliteDatabase } from "./openDatabase";
import { list, q } from "./sql";

const DECODE: Record<FieldType, (v: unknown) => Value> = {
  string: (v) => v as string,
  integer: (v) => v as bigint,
  number: (v) => v as number,
  boolean: (v) => v === 1n || v === 1,
  date: (v) => v as string,
  datetime: (v) => v as string,
};

function decoder(model: Model, names: readonly string[]) {
  const types = names.map((n) => fieldOf(model, n).type);
  return (raw: Record<string, unknown>): Row => Object.fromEntries(names.map((n, i) => [n, raw[n] === null || raw[n] === undefined ? null : DECODE[types[i]!](raw[n])]));
}

/** Selects every column of `table` and the id and time of the batch that wrote each row. */
function withBatch(table: string, order: string, where = ""): string {
  return `SELECT t.*, b.id AS _batch_id, b.received_at AS _batch_time FROM ${q(table)} AS t JOIN _mq_batches AS b ON b.seq = t.${q(BATCH)} ${where} ORDER BY ${order}`;
}

export function readRows({ sqlite }: SqliteDatabase, model: Model): MirroredRow[] {
  const t = tableNames(model.dataset);
  const decode = decoder(
    model,
    model.fields.map((f) => f.name),
  );
  const raw = sqlite.prepare(withBatch(t.rows, list(model.primaryKey, "t."))).all() as Record<string, unknown>[];
  return raw.map((r) => {
    const row = decode(r);
    return { row, version: versionOf(model, row), updatedAt: r._batch_time as string, batchId: r._batch_id as string };
  });
}

export function readTombstones({ sqlite }: SqliteDatabase, model: Model): Tombstone[] {
  const t = tableNames(model.dataset);
  const decode = decoder(model, keyAndVersion(model));
  const raw = sqlite.prepare(withBatch(t.state, list(model.primaryKey, "t."), `WHERE t.${q(DELETED)} = 1`)).all() as Record<string, unknown>[];
  return raw.map((r) => {
    const values = decode(r);
    const key = Object.fromEntries(model.primaryKey.map((k) => [k, values[k]!]));
    return { key, version: versionOf(model, values), deletedAt: r._batch_time as string, batchId: r._batch_id as string };
  });
}

/**
 * The version timeline of every key (or of one key): accepted changes ordered by
 * version, a delete after an upsert of equal version, ties between upserts by hash.
 */
export function readHistory({ sqlite }: SqliteDatabase, model: Model, key?: Row): HistoryEntry[] {
  const t = tableNames(model.dataset);
  const decode = decoder(model, keyAndVersion(model));
  const where = key ? `WHERE ${model.primaryKey.map((k) => `t.${q(k)} = ?`).join(" AND ")}` : "";
  const args = key ? model.primaryKey.map((k) => encodeKey(model, k, key[k] ?? null)) : [];
  const raw = sqlite
    .prepare(
      `SELECT t.*, b.id AS _batch_id, b.received_at AS _batch_time FROM ${q(t.history)} AS t JOIN _mq_batches AS b ON b.seq = t.${q(BATCH)} ${where}
       ORDER BY ${list(model.primaryKey, "t.")}, ${list(model.version, "t.")}, CASE t.${q(HISTORY_OP)} WHEN 'u' THEN 0 ELSE 1 END, t.${q(ROW_HASH)}, t.${q(HISTORY_SEQ)}`,
    )
    .all(...args) as Record<string, unknown>[];
  return historyTimeline(model, raw, decode);
}

function encodeKey(model: Model, field: string, value: Value): unknown {
  const type = fieldOf(model, field).type;
  return type === "boolean" ? (value ? 1 : 0) : type === "integer" && typeof value === "number" ? BigInt(value) : value;
}

/** Quarantined rows in the order they arrived. */
export function readQuarantine({ sqlite }: SqliteDatabase, model: Model, select: QuarantineSelection = {}): QuarantinedRecord[] {
  const t = tableNames(model.dataset);
  const where: string[] = [];
  const args: unknown[] = [];
  if (select.ids) {
    where.push("id IN (SELECT value FROM json_each(?))");
    args.push(JSON.stringify(select.ids));
  }
  if (select.afterId !== undefined) {
    where.push("id > ?");
    args.push(select.afterId);
  }
  const sql = `SELECT * FROM ${q(t.quarantine)} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id${select.limit !== undefined ? " LIMIT ?" : ""}`;
  if (select.limit !== undefined) args.push(select.limit);
  const raw = sqlite.prepare(sql).all(...args) as Record<string, unknown>[];
  return raw.map(quarantinedRecordOf);
}

/** Counts and lists dangling references of every relationship (R11). */
export function readIntegrity({ sqlite }: SqliteDatabase, models: readonly Model[], limit = 20): RelationshipIntegrity[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  return models.flatMap((model) =>
    model.relationships.map((r) => {
      const target = byName.get(r.target)!;
      const decode = decoder(model, [...new Set([...model.primaryKey, r.field])]);
      const from = `FROM ${q(model.dataset)} AS s WHERE s.${q(r.field)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${q(target.dataset)} AS t WHERE t.${q(r.targetField)} = s.${q(r.field)})`;
      const dangling = Number((sqlite.prepare(`SELECT count(*) AS n ${from}`).get() as { n: bigint }).n);
      const examples = (
        sqlite.prepare(`SELECT ${list([...new Set([...model.primaryKey, r.field])], "s.")} ${from} ORDER BY ${list(model.primaryKey, "s.")} LIMIT ?`).all(limit) as Record<
          string,
          unknown
        >[]
      ).map((raw) => {
        const values = decode(raw);
        return { key: Object.fromEntries(model.primaryKey.map((k) => [k, values[k]!])), value: values[r.field]! };
      });
      return { dataset: model.dataset, relationship: r.name, field: r.field, target: target.dataset, targetField: r.targetField, dangling, examples };
    }),
  );
}
