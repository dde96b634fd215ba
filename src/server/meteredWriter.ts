// Every receipt the server gets passes here, on the main thread, whichever writer made it
// (the SQLite writer thread, or in process): batches and rows are counted from it.

import type { Receipt } from "../merge/Receipt";
import type { Writer } from "../writer/Writer";
import type { Metrics } from "./metrics";

/**
 * `writer`, with the receipts of its batches and quarantine replays counted in `metrics`.
 * @example const writer = meteredWriter(inProcessWriter(mirror), metrics);
 */
export function meteredWriter(writer: Writer, metrics: Metrics): Writer {
  const timed = async (write: () => Promise<Receipt>): Promise<Receipt> => {
    const start = performance.now();
    const receipt = await write();
    metrics.batch(receipt, (performance.now() - start) / 1000);
    return receipt;
  };
  return {
    applyBatch: (items, options) => timed(() => writer.applyBatch(items, options)),
    replayQuarantine: (dataset, ids, options) => timed(() => writer.replayQuarantine(dataset, ids, options)),
    discardQuarantine: (dataset, ids, reason) => writer.discardQuarantine(dataset, ids, reason),
    purgeKeys: (dataset, keys, reason) => writer.purgeKeys(dataset, keys, reason),
    syncModels: (models) => writer.syncModels(models),
    queueDepth: () => writer.queueDepth(),
    alive: () => writer.alive(),
    close: () => writer.close(),
  };
}
