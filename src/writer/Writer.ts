// Where writes happen. SQLite storage is synchronous inside: a 10,000-row batch would hold the
// event loop for tens of milliseconds and stall every read. The server therefore applies
// batches in a writer thread with its own connection (WAL lets readers go on meanwhile);
// an in-memory database, which a second connection cannot see, is written in process.
// Either way requests run one at a time, in the order they came.

import type { PurgeReceipt } from "../hygiene/purgeKeys";
import type { ApplyOptions, DatasetChanges } from "../merge/applyBatch";
import type { Receipt } from "../merge/Receipt";
import type { Mirror } from "../mirror";
import type { Model } from "../models/Model";
import type { QuarantinedRecord } from "../storage/QuarantinedRecord";

export interface Writer {
  applyBatch(items: DatasetChanges[], options: ApplyOptions): Promise<Receipt>;
  replayQuarantine(dataset: string, ids: number[], options: { batchId?: string }): Promise<Receipt>;
  discardQuarantine(dataset: string, ids: number[], reason: string): Promise<QuarantinedRecord[]>;
  purgeKeys(dataset: string, keys: unknown[], reason: string): Promise<PurgeReceipt>;
  /** Calls handed to the writer and not answered yet, the one under way included. */
  queueDepth(): number;
  /** Whether the writer can apply a call now: not closed, and (a thread) its thread running. */
  alive(): boolean;
  /**
   * Writes under `models` from now on, after the batches already sent. The server's mirror has
   * synced them already (defineModels, dropDataset): a writer with its own connection syncs
   * again, which finds the tables in place.
   */
  syncModels(models: readonly Model[]): Promise<void>;
  close(): Promise<void>;
}

/** Writes on the mirror's own connection, in the calling thread. */
export function inProcessWriter(mirror: Mirror): Writer {
  const inTurn = oneAtATime();
  let depth = 0;
  let closed = false;
  const counted = <T>(task: () => Promise<T>): Promise<T> => {
    depth++;
    return inTurn(task).finally(() => depth--);
  };
  return {
    applyBatch: (items, options) => counted(() => mirror.applyBatch(items, options)),
    replayQuarantine: (dataset, ids, options) => counted(() => mirror.replayQuarantine(dataset, ids, options)),
    discardQuarantine: (dataset, ids, reason) => counted(() => mirror.discardQuarantine(dataset, ids, reason)),
    purgeKeys: (dataset, keys, reason) => counted(() => mirror.purgeKeys(dataset, keys, reason)),
    // The mirror is the server's own, which has the models already.
    syncModels: async () => undefined,
    queueDepth: () => depth,
    alive: () => !closed,
    close: async () => {
      closed = true;
    },
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
