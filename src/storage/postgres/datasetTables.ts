// The tables of one dataset on PostgreSQL, defined through Drizzle's pg-core at run time from
// its model: the same layout as on SQLite (../datasetLayout.ts). Strings and datetimes are
// text in the "C" collation, so that they sort and compare by bytes as SQLite's BINARY does;
// a datetime is its canonical UTC text with nanoseconds, which sorts chronologically.

import { sql } from "drizzle-orm";
import { customType, index, pgTable, primaryKey, type AnyPgColumn, type PgColumnBuilderBase } from "drizzle-orm/pg-core";
import { fieldOf, keyAndVersion, type Field, type FieldType, type Model } from "../../models/Model";
import { BATCH, DELETED, HISTORY_OP, HISTORY_ROW, ROW_HASH, relationshipIndexName, stateIndexes, tableNames } from "../datasetLayout";
import { q } from "./sql";

/** A column of a fixed SQL type; values travel as text parameters and are cast in the statements. */
const column = (type: string) => customType<{ data: unknown }>({ dataType: () => type });
const byteText = column(`text COLLATE "C"`);

export const SQL_TYPE: Record<FieldType, string> = {
  string: `text COLLATE "C"`,
  integer: "bigint",
  number: "double precision",
  boolean: "boolean",
  date: "date",
  datetime: `text COLLATE "C"`,
};

/**
 * Room left in each page of a state table when it is filled: a key's new state goes into the page
 * of its old one (a HOT update, no new index entries) while there is room.
 */
export const STATE_FILLFACTOR = 85;

/** The history's primary key: (key..., hash). */
export const historyKeyName = (dataset: string) => `${tableNames(dataset).history}_pk`;

function columnsOf(fields: readonly Field[]): Record<string, PgColumnBuilderBase> {
  return Object.fromEntries(fields.map((f) => [f.name, column(SQL_TYPE[f.type])(f.name)]));
}

/** Drizzle definitions of every table of a dataset, and the view of its current rows. */
export function datasetTables(model: Model) {
  const names = tableNames(model.dataset);
  const pick = (t: Record<string, AnyPgColumn>, cols: readonly string[]) => cols.map((c) => t[c]);
  const kv = keyAndVersion(model).map((n) => fieldOf(model, n));

  const state = pgTable(
    names.state,
    {
      ...columnsOf(model.fields),
      [DELETED]: column("boolean")(DELETED).notNull(),
      [ROW_HASH]: column("bytea")(ROW_HASH).notNull(),
      [BATCH]: column("bigint")(BATCH).notNull(),
    },
    (t) => [
      primaryKey({ name: `${names.state}_pk`, columns: pick(t, model.primaryKey) as [AnyPgColumn, ...AnyPgColumn[]] }),
      ...[...new Set(model.relationships.map((r) => r.field))].map((f) => index(relationshipIndexName(model.dataset, f)).on((t as Record<string, AnyPgColumn>)[f]!)),
      // Declared indexes hold current rows only, as on SQLite.
      ...stateIndexes(model)
        .filter((ix) => !ix.automatic)
        .map((ix) =>
          index(ix.name)
            .on(...(pick(t, ix.fields) as [AnyPgColumn, ...AnyPgColumn[]]))
            .where(sql`NOT ${sql.identifier(DELETED)}`),
        ),
      // What a retention purge (R7) looks up, kept only where there is one: every upsert changes
      // `_mq_batch`, and a column of any index makes an update write new index entries (no HOT update).
      ...(model.tombstoneRetentionMs !== undefined
        ? [
            index(`${names.state}__tombstones`)
              .on(t[BATCH])
              .where(sql`${sql.identifier(DELETED)}`),
          ]
        : []),
    ],
  );

  // Keyed by (key, hash), the identity of a change (R4.4), in the order of the lookups of the merge
  // and of the reads by key. No sequence: the timeline's order is (key, version, op, hash), and a
  // second index and a sequence value per change were a fifth of the merge's time.
  const history = pgTable(
    names.history,
    {
      ...columnsOf(kv),
      [HISTORY_OP]: byteText(HISTORY_OP).notNull(),
      [ROW_HASH]: column("bytea")(ROW_HASH).notNull(),
      [HISTORY_ROW]: column("text")(HISTORY_ROW),
      [BATCH]: column("bigint")(BATCH).notNull(),
    },
    (t) => [primaryKey({ name: historyKeyName(model.dataset), columns: pick(t, [...model.primaryKey, ROW_HASH]) as [AnyPgColumn, ...AnyPgColumn[]] })],
  );

  const quarantine = pgTable(
    names.quarantine,
    {
      id: column("bigserial")("id").primaryKey(),
      batch_id: column("text")("batch_id").notNull(),
      row_index: column("bigint")("row_index").notNull(),
      code: column("text")("code").notNull(),
      field: column("text")("field"),
      message: column("text")("message").notNull(),
      problems: column("text")("problems").notNull(),
      format: column("text")("format").notNull(),
      /** The row exactly as sent (JSON text): text keeps its bytes, where jsonb would not. */
      payload: column("text")("payload").notNull(),
      received_at: column("text")("received_at").notNull(),
    },
    (t) => [index(`${names.quarantine}__by_batch`).on(t.batch_id)],
  );

  /** The view named as the dataset: current rows, datetimes as timestamptz for SQL tools. */
  const columns = [...model.fields.map((f) => (f.type === "datetime" ? `${q(f.name)}::timestamptz AS ${q(f.name)}` : q(f.name))), q(BATCH)];
  const rows = { name: names.rows, from: names.state, columns, where: `NOT ${q(DELETED)}` };
  return { names, state, rows, history, quarantine };
}
