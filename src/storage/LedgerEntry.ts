// The batch ledger (R9): every applied batch with its receipt, in the order applied.

import type { Receipt } from "../merge/Receipt";

export interface LedgerEntry {
  /** The batch's place in the ledger; later batches have greater numbers. */
  seq: number;
  receipt: Receipt;
}

export interface LedgerSelection {
  /** Only batches that touched this dataset. */
  dataset?: string;
  /** Only batches before this ledger seq (paging). */
  before?: number;
  limit: number;
}
