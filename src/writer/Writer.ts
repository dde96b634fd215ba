// Where writes happen. better-sqlite3 is synchronous: a 10,000-row batch would hold the
// event loop for tens of milliseconds and stall every read. The server therefore applies
// batches in a writer thread with its own connection (WAL lets readers go on meanwhile);
// an in-memory database, which a second connection cannot see, is written in process.

import type { PurgeReceipt } from "../hygiene/purgeKeys";
import type { ApplyOptions, DatasetChanges } from "../merge/applyBatch";
import type { Receipt } from "../merge/Receipt";
import type { Mirror } from "../mirror";
import type { QuarantinedRecord } from "../storage/QuarantinedRecord";

export interface Writer {
  applyBatch(items: DatasetChanges[], options: ApplyOptions): Promise<Receipt>;
  replayQuarantine(dataset: string, ids: number[], options: { batchId?: string }): Promise<Receipt>;
  discardQuarantine(dataset: string, ids: number[], reason: string): Promise<QuarantinedRecord[]>;
  purgeKeys(dataset: string, keys: unknown[], reason: string): Promise<PurgeReceipt>;
  close(): Promise<void>;
}

/** Writes on the mirror's own connection, in the calling thread. */
export function inProcessWriter(mirror: Mirror): Writer {
  return {
    applyBatch: async (items, options) => mirror.applyBatch(items, options),
    replayQuarantine: async (dataset, ids, options) => mirror.replayQuarantine(dataset, ids, options),
    discardQuarantine: async (dataset, ids, reason) => mirror.discardQuarantine(dataset, ids, reason),
    purgeKeys: async (dataset, keys, reason) => mirror.purgeKeys(dataset, keys, reason),
    close: async () => undefined,
  };
}
