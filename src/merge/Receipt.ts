// What a batch did (docs/merge-rules.md, R9), returned to the sender and kept in the ledger.

import type { ChangeFormat } from "../changes/formats";
import type { RowProblem } from "../changes/RejectionCode";

export interface InvalidRow extends RowProblem {
  /** Position of the row in the dataset's list of changes. */
  index: number;
  /** Where the row is kept in the dataset's quarantine (applied batches); absent for rejected batches. */
  quarantineId?: number;
  /** Every problem of the row; code/field/message above repeat the first. */
  problems: RowProblem[];
}

export interface DatasetReceipt {
  dataset: string;
  /** The change format the rows were read in. */
  format: ChangeFormat;
  received: number;
  /** Upserts that became the current row. */
  upserted: number;
  /** Deletes that removed the current row or left a tombstone. */
  deleted: number;
  /** Valid changes that lost to the current winner; kept in the history (R5). */
  stale: number;
  /** Changes identical to one accepted before: nothing changed (R4.4). */
  unchanged: number;
  /** Upserts that met another upsert of equal key and version with other contents (R4.3). */
  conflicts: number;
  /** Source rows that carry no change by their format's rules (e.g. Delta update_preimage). */
  ignored: number;
  /** Invalid rows kept in the dataset's quarantine (applied batches). */
  quarantined: InvalidRow[];
  /** Invalid rows that made an atomic batch fail (rejected batches); nothing was written. */
  rejected: InvalidRow[];
}

export type BatchStatus = "applied" | "rejected";

export interface Receipt {
  batchId: string;
  /** `applied`: the valid rows are in the mirror. `rejected`: atomic batch with invalid rows, nothing written. */
  status: BatchStatus;
  atomic: boolean;
  /** True when this batch id was applied before: this is the first receipt, and nothing was applied now. */
  replayed: boolean;
  receivedAt: string;
  datasets: DatasetReceipt[];
}

export function emptyDatasetReceipt(dataset: string, format: ChangeFormat, received: number): DatasetReceipt {
  return { dataset, format, received, upserted: 0, deleted: 0, stale: 0, unchanged: 0, conflicts: 0, ignored: 0, quarantined: [], rejected: [] };
}
