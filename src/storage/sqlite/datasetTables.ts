// The tables of one dataset, defined through Drizzle at run time from its model:
// the state of each key (its row, or its tombstone once deleted), the history and the
// quarantine. The dataset's own name is a view of the state's rows, without tombstones:
// what every read (and a user with the sqlite3 shell) sees.

import { sql } from "drizzle-orm";
import { blob, customType, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type SQLiteColumnBuilderBase } from "drizzle-orm/sqlite-core";
import { fieldOf, keyAndVersion, type Field, type FieldType, type Model } from "../../models/Model";
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

/** Internal columns; user fields may not start with `_mq_`. */
/** 16 bytes of the SHA-256 of the row's canonical encoding: the R4.3 tie-break (empty for deletes). */
export const ROW_HASH = "_mq_hash";
/** The ledger `seq` of the batch that wrote the row; the batch gives its id and time. */
export const BATCH = "_mq_batch";
/** 1 when the state of a key is a tombstone (R6): only key and version fields are set. */
export const DELETED = "_mq_deleted";
export const HISTORY_SEQ = "_mq_seq";
export const HISTORY_OP = "_mq_op";
export const HISTORY_ROW = "_mq_row";
/** Read side: the time of a row's batch, selected under this name (see compileQuery.ts). */
export const UPDATED_AT = "_mq_updated_at";

export function tableNames(dataset: string) {
  return {
    /** The view of the current rows, named as the dataset. */
    rows: dataset,
    /** Rows and tombstones: one entry per key, the key's winning change (R4). */
    state: `${dataset}__state`,
    history: `${dataset}__history`,
    quarantine: `${dataset}__quarantine`,
  };
}

/** A field as it appears in an index name: as written when that cannot be misread, else in hex. */
function nameSegment(field: string): string {
  // Plain names hold no "__" and neither start nor end with "_", so "__" can separate them; a
  // field name never starts with a digit, so a hex segment ("0x...", no "_") is told apart.
  return /^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/.test(field) ? field : `0x${Buffer.from(field, "utf8").toString("hex")}`;
}

/** The automatic index of a relationship field. */
const relationshipIndexName = (dataset: string, field: string) => `${tableNames(dataset).state}__by_${field}`;

/** A declared index of the state table, under the name of the SQLite index that serves it. */
export interface StateIndex {
  fields: string[];
  name: string;
  /** The relationship index on the same field serves it: no second index is made. */
  automatic: boolean;
}

/**
 * The model's declared indexes and the SQLite index serving each. Names are derived from the
 * dataset and the fields alone (`contacts__state__ix__region__score`), one name per field list,
 * so that loading a model again finds the indexes it made before.
 */
export function stateIndexes(model: Model): StateIndex[] {
  const related = new Set(model.relationships.map((r) => r.field));
  return model.indexes.map((fields) =>
    fields.length === 1 && related.has(fields[0]!)
      ? { fields, name: relationshipIndexName(model.dataset, fields[0]!), automatic: true }
      : { fields, name: `${tableNames(model.dataset).state}__ix__${fields.map(nameSegment).join("__")}`, automatic: false },
  );
}

function columnsOf(fields: readonly Field[]) {
  return Object.fromEntries(fields.map((f) => [f.name, COLUMN[f.type](f.name)]));
}

/** Drizzle definitions of every table of a dataset. */
export function datasetTables(model: Model) {
  const names = tableNames(model.dataset);
  const pick = (t: Record<string, any>, cols: readonly string[]) => cols.map((c) => t[c]);
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
      primaryKey({ name: `${names.state}_pk`, columns: pick(t, model.primaryKey) as [any, ...any[]] }),
      // Relationship fields are joined on in both directions.
      ...[...new Set(model.relationships.map((r) => r.field))].map((f) => index(relationshipIndexName(model.dataset, f)).on((t as Record<string, any>)[f])),
      // Declared indexes hold current rows only: every read goes through the view, whose
      // condition on _mq_deleted lets SQLite use them; tombstones do not bloat them.
      ...stateIndexes(model)
        .filter((ix) => !ix.automatic)
        .map((ix) => index(ix.name).on(...(pick(t, ix.fields) as [any, ...any[]])).where(sql`${sql.identifier(DELETED)} = 0`)),
      // Tombstones alone, by the batch that left them: listed, and removed after the retention (R7).
      index(`${names.state}__tombstones`).on(t[BATCH]).where(sql`${sql.identifier(DELETED)} = 1`),
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
    (t) => [uniqueIndex(`${names.history}__change`).on(...(pick(t, [...model.primaryKey, ROW_HASH]) as [any, ...any[]]))],
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
