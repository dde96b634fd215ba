// A row kept in a dataset's quarantine (R9): its original payload and every problem it has.

import { parseExactJson } from "../changes/parseExactJson";

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

/** What a quarantine entry says of a row's problems, and of the batch that brought it. */
export type QuarantineProblem = Pick<QuarantineEntry, "batchId" | "code" | "field" | "message" | "problems" | "receivedAt">;

/** A quarantine row as a dialect writes it: problems and payload as JSON text. */
export interface QuarantineEntry {
  batchId: string;
  rowIndex: number;
  code: string;
  field: string | null;
  message: string;
  problems: string;
  format: string;
  payload: string;
  receivedAt: string;
}

/** A quarantine table's row (its column names) read back as a record. */
export function quarantinedRecordOf(r: Record<string, unknown>): QuarantinedRecord {
  return {
    id: Number(r.id),
    batchId: r.batch_id as string,
    rowIndex: Number(r.row_index),
    code: r.code as string,
    field: r.field as string | null,
    message: r.message as string,
    problems: JSON.parse(r.problems as string) as unknown[],
    format: r.format as string,
    // Exact: integers beyond 2^53 come back with the digits that were sent.
    payload: parseExactJson(r.payload as string),
    receivedAt: r.received_at as string,
  };
}
