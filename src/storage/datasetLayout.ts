// The layout every dialect gives a dataset, by name: its tables, the mirror's own columns
// and the indexes a model declares. How each is typed and made is the dialect's business.

import type { Model } from "../models/Model";

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
/** Read side: the time of a row's batch, selected under this name (see sqlite/compileQuery.ts). */
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
export const relationshipIndexName = (dataset: string, field: string) => `${tableNames(dataset).state}__by_${field}`;

/** A declared index of the state table, under the name of the database index that serves it. */
export interface StateIndex {
  fields: string[];
  name: string;
  /** The relationship index on the same field serves it: no second index is made. */
  automatic: boolean;
}

/**
 * The model's declared indexes and the database index serving each. Names are derived from the
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
