// Where the read engine finds a dataset's current rows on PostgreSQL: the state table (rows and
// tombstones, one entry per key) with tombstones left out. Reads go to the state table rather
// than the dataset's view because the view serves datetimes as timestamptz for SQL tools, while
// the API needs the stored canonical text (nanoseconds). The one place that names them.

import type { FieldType, Model } from "../../models/Model";

/** Quotes an identifier; field names are kept as the source spells them (the same as sql.ts's `q`). */
export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The state table of `model`, quoted (the connection's search_path is the mirror's schema). */
export const stateTable = (model: Model) => q(`${model.dataset}__state`);

/** The predicate that keeps the current rows of the state table aliased `alias`. */
export const isCurrent = (alias: string) => `NOT ${alias}."_mq_deleted"`;

/** The ledger column of a row: the `_mq_batches.seq` of the batch that wrote it. */
export const BATCH_COLUMN = "_mq_batch";

/** `_updatedAt` of the row aliased `alias`: the ledger's received_at (ISO text from Date.toISOString). */
export const receivedAt = (alias: string) => `(SELECT b.received_at FROM "_mq_batches" AS b WHERE b.seq = ${alias}.${q(BATCH_COLUMN)})`;

/** The column types of the state table, as parameters are cast to compare with them. */
export const PARAM_TYPE: Record<FieldType, string> = {
  string: "text",
  integer: "bigint",
  number: "double precision",
  boolean: "boolean",
  date: "date",
  datetime: "text",
};
