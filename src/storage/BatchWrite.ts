// One batch as the merge hands it to the storage: every row already translated, normalized
// and checked. The storage writes it in one transaction (R9) and counts what each change did.

import type { Change } from "../changes/normalizeChange";
import type { Receipt } from "../merge/Receipt";
import type { QuarantineEntry, QuarantineProblem, QuarantineRelease } from "./QuarantinedRecord";

export interface BatchWrite {
  batchId: string;
  /** When the batch arrived (ISO time): its ledger time, and the time of quarantine entries and log rows. */
  receivedAt: string;
  /** In the order sent; a dataset may appear more than once (a replay of rows of several formats). */
  datasets: readonly DatasetWrite[];
  /** Builds the receipt from what each dataset write did (same order); the ledger keeps it. */
  receipt(outcomes: readonly DatasetOutcome[]): Receipt;
}

export interface DatasetWrite {
  dataset: string;
  /** Tombstones left by batches received before this ISO time are removed first (R7); absent keeps them. */
  tombstoneCutoff?: string;
  /**
   * Valid changes, applied in this order, in parts normalized as they are read: a storage may
   * write one part while the next is made. Read again (a transaction run again), they are the same.
   */
  changes: Iterable<readonly Change[]>;
  /** What the batch does to the quarantine, known once every row is checked (reading the rest first). */
  quarantineWrites(): QuarantineWrites;
}

export interface QuarantineWrites {
  /** Invalid rows of a fresh batch, each kept as a new quarantine entry (R9), in the order of the receipt's rows. */
  quarantine: readonly QuarantineEntry[];
  /** Replayed quarantine entries that passed: taken out of the quarantine and logged as replayed. */
  released: readonly QuarantineRelease[];
  /** Replayed quarantine entries still invalid: each keeps its id and now shows the new problems. */
  requarantined: readonly { id: number; problem: QuarantineProblem }[];
}

/** What the changes of one dataset write did, counted as the receipt states it (R9). */
export interface DatasetOutcome {
  /** Upserts that became the current row. */
  upserted: number;
  /** Deletes that removed the current row or left a tombstone. */
  deleted: number;
  /** Changes that lost to the current winner; kept in the history (R5). */
  stale: number;
  /** Changes identical to one accepted before (R4.4). */
  unchanged: number;
  /** Upserts that met another upsert of equal key and version with other contents (R4.3). */
  conflicts: number;
  /** The ids of the new quarantine entries, in the order of `quarantine`. */
  quarantineIds: number[];
}

/** A batch id seen before writes nothing and gives back the first receipt. */
export type BatchWritten = { kind: "applied"; receipt: Receipt } | { kind: "seen-before"; first: Receipt };
