// Where the read engine finds a dataset's current rows on PostgreSQL: the state table (rows and
// tombstones, one entry per key) with tombstones left out. Reads go to the state table rather
// than the dataset's view because the view serves datetimes as timestamptz for SQL tools, while
// the API needs the stored canonical text (nanoseconds). The one place the read engine names them.

import type { FieldType, Model } from "../../models/Model";
import { BATCH, DELETED, tableNames } from "../datasetLayout";
import { q } from "./sql";

/** The state table of `model`, quoted (the connection's search_path is the mirror's schema). */
export const stateTable = (model: Model) => q(tableNames(model.dataset).state);

/** The predicate that keeps the current rows of the state table aliased `alias` (`_mq_deleted` is boolean). */
export const isCurrent = (alias: string) => `NOT ${alias}.${q(DELETED)}`;

/** `_updatedAt` of the row aliased `alias`: the ledger's received_at (ISO text from Date.toISOString). */
export const receivedAt = (alias: string) => `(SELECT b.received_at FROM "_mq_batches" AS b WHERE b.seq = ${alias}.${q(BATCH)})`;

/** The column types of the state table, as parameters are cast to compare with them. */
export const PARAM_TYPE: Record<FieldType, string> = {
  string: "text",
  integer: "bigint",
  number: "double precision",
  boolean: "boolean",
  date: "date",
  datetime: "text",
};
