// A row kept in a dataset's quarantine (R9): its original payload and every problem it has.

export interface QuarantinedRecord {
  id: number;
  batchId: string;
  rowIndex: number;
  code: string;
  field: string | null;
  message: string;
  problems: unknown[];
  format: string;
  payload: unknown;
  receivedAt: string;
}

export interface QuarantineSelection {
  /** Only these entries. */
  ids?: readonly number[];
  /** Entries after this id (paging). */
  afterId?: number;
  limit?: number;
}

/** A quarantined row taken out on purpose, as the quarantine log records it. */
export interface QuarantineRelease {
  id: number;
  /** The row as it was quarantined (JSON text). */
  payload: string;
  /** Its rejection code when it was quarantined. */
  code: string;
}
