// Where writes happen. SQLite storage is synchronous inside: a 10,000-row batch would hold the
// event loop for tens of milliseconds and stall every read. The server therefore applies
// batches in a writer thread with its own connection (WAL lets readers go on meanwhile);
// an in-memory database, which a second connection cannot see, is written in process.
// Either way requests run one at a time, in the order they came.

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
  const inTurn = oneAtATime();
  return {
    applyBatch: (items, options) => inTurn(() => mirror.applyBatch(items, options)),
    replayQuarantine: (dataset, ids, options) => inTurn(() => mirror.replayQuarantine(dataset, ids, options)),
    discardQuarantine: (dataset, ids, reason) => inTurn(() => mirror.discardQuarantine(dataset, ids, reason)),
    purgeKeys: (dataset, keys, reason) => inTurn(() => mirror.purgeKeys(dataset, keys, reason)),
    close: async () => undefined,
  };
}

/**
 * Runs each task after the previous one settled. A request that reads before it writes (a
 * quarantine replay) must not interleave with another write at its awaits.
 */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task);
    last = run.catch(() => undefined);
    return run;
  };
}
