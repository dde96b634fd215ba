// The tables of one dataset, defined through Drizzle at run time from its model:
// the state of each key (its row, or its tombstone once deleted), the history and the
// quarantine. The dataset's own name is a view of the state's rows, without tombstones:
// what every read (and a user with the sqlite3 shell) sees.

import { sql } from "drizzle-orm";
import { blob, customType, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn, type SQLiteColumnBuilderBase } from "drizzle-orm/sqlite-core";
import { fieldOf, keyAndVersion, type Field, type FieldType, type Model } from "../../models/Model";
import { BATCH, DELETED, HISTORY_OP, HISTORY_ROW, HISTORY_SEQ, ROW_HASH, relationshipIndexName, stateIndexes, tableNames } from "../datasetLayout";
import { q } from "./sql";

/** 64-bit integers travel as bigint end to end (the connection uses safe integers). */
const int64 = customType<{ data: bigint; driverData: bigint }>({ dataType: () => "integer" });

const COLUMN: Record<FieldType, (name: string) => SQLiteColumnBuilderBase> = {
  string: (n) => text(n),
  integer: (n) => int64(n),
  number: (n) => real(n),
  boolean: (n) => integer(n, { mode: "boolean" }),
  date: (n) => text(n),
  datetime: (n) => text(n),
};

export { BATCH, DELETED, HISTORY_OP, HISTORY_ROW, HISTORY_SEQ, ROW_HASH, UPDATED_AT, stateIndexes, tableNames, type StateIndex } from "../datasetLayout";

function columnsOf(fields: readonly Field[]) {
  return Object.fromEntries(fields.map((f) => [f.name, COLUMN[f.type](f.name)]));
}

/** Drizzle definitions of every table of a dataset. */
export function datasetTables(model: Model) {
  const names = tableNames(model.dataset);
  const pick = (t: Record<string, AnySQLiteColumn>, cols: readonly string[]) => cols.map((c) => t[c]);
  const kv = keyAndVersion(model).map((n) => fieldOf(model, n));

  const state = sqliteTable(
    names.state,
    {
      ...columnsOf(model.fields),
      [DELETED]: integer(DELETED).notNull(),
      [ROW_HASH]: blob(ROW_HASH).notNull(),
      [BATCH]: integer(BATCH).notNull(),
    },
    (t) => [
      primaryKey({ name: `${names.state}_pk`, columns: pick(t, model.primaryKey) as [AnySQLiteColumn, ...AnySQLiteColumn[]] }),
      // Relationship fields are joined on in both directions.
      ...[...new Set(model.relationships.map((r) => r.field))].map((f) => index(relationshipIndexName(model.dataset, f)).on((t as Record<string, AnySQLiteColumn>)[f]!)),
      // Declared indexes hold current rows only: every read goes through the view, whose
      // condition on _mq_deleted lets SQLite use them; tombstones do not bloat them.
      ...stateIndexes(model)
        .filter((ix) => !ix.automatic)
        .map((ix) =>
          index(ix.name)
            .on(...(pick(t, ix.fields) as [AnySQLiteColumn, ...AnySQLiteColumn[]]))
            .where(sql`${sql.identifier(DELETED)} = 0`),
        ),
      // Tombstones alone, by the batch that left them: removed after the retention (R7), where the model sets one.
      ...(model.tombstoneRetentionMs !== undefined
        ? [
            index(`${names.state}__tombstones`)
              .on(t[BATCH])
              .where(sql`${sql.identifier(DELETED)} = 1`),
          ]
        : []),
    ],
  );

  const history = sqliteTable(
    names.history,
    {
      [HISTORY_SEQ]: integer(HISTORY_SEQ).primaryKey({ autoIncrement: false }),
      ...columnsOf(kv),
      [HISTORY_OP]: text(HISTORY_OP).notNull(),
      [ROW_HASH]: blob(ROW_HASH).notNull(),
      [HISTORY_ROW]: text(HISTORY_ROW),
      [BATCH]: integer(BATCH).notNull(),
    },
    // One entry per distinct change (R4.4): the hash identifies a change within its key.
    (t) => [uniqueIndex(`${names.history}__change`).on(...(pick(t, [...model.primaryKey, ROW_HASH]) as [AnySQLiteColumn, ...AnySQLiteColumn[]]))],
  );

  const quarantine = sqliteTable(
    names.quarantine,
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      batch_id: text("batch_id").notNull(),
      row_index: integer("row_index").notNull(),
      code: text("code").notNull(),
      field: text("field"),
      message: text("message").notNull(),
      problems: text("problems").notNull(),
      /** The change format the payload is written in, to replay it the same way. */
      format: text("format").notNull(),
      payload: text("payload").notNull(),
      received_at: text("received_at").notNull(),
    },
    (t) => [index(`${names.quarantine}__by_batch`).on(t.batch_id)],
  );

  /** The state is stored by its key alone (WITHOUT ROWID): one B-tree to update per change, not two. */
  const withoutRowid = new Set<unknown>([state]);
  /** The columns of the view named as the dataset: the fields and the batch, of rows that are not tombstones. */
  const rows = { name: names.rows, from: names.state, columns: [...model.fields.map((f) => f.name), BATCH], where: `${q(DELETED)} = 0` };
  return { names, state, rows, history, quarantine, withoutRowid };
}
