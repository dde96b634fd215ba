// The rows of a dataset as the mirror hands them out, whatever the storage: current rows,
// tombstones (R6) and the version timeline of each key (R8).

/** A field value: 64-bit integers as bigint, datetimes in canonical UTC text, booleans as booleans. */
export type Value = string | number | bigint | boolean | null;
export type Row = Record<string, Value>;

export interface MirroredRow {
  row: Row;
  version: Value | Value[];
  updatedAt: string;
  batchId: string;
}

export interface Tombstone {
  key: Row;
  version: Value | Value[];
  deletedAt: string;
  batchId: string;
}

export interface HistoryEntry {
  key: Row;
  version: Value | Value[];
  op: "upsert" | "delete";
  /** The row of an upsert; null for a delete. */
  row: Row | null;
  /** The R4.3 tie-break, hex: the first 16 bytes of SHA-256 of the row's canonical encoding; "" for a delete. */
  hash: string;
  batchId: string;
  receivedAt: string;
  /** The interval [validFrom, validTo) of the version timeline; validTo null means still open. */
  validFrom: Value | Value[];
  validTo: Value | Value[] | null;
}
