// How every ingestion mutation submits a batch: limits first, then the writer (and the merge core).

import { MirrorError } from "../errors";
import { setAsideTooDeep, type ApplyOptions, type DatasetChanges } from "../merge/applyBatch";
import type { Receipt } from "../merge/Receipt";
import type { Mirror } from "../mirror";
import type { Writer } from "../writer/Writer";

export interface IngestLimits {
  /** Rows of one batch, over all its datasets. */
  maxBatchRows: number;
  /** Bytes of one request body (checked by the HTTP server before parsing). */
  maxBodyBytes: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = { maxBatchRows: 50_000, maxBodyBytes: 64 * 1024 * 1024 };

const BATCH_ID = /^[\x21-\x7e]{1,200}$/;

/** Checks limits and dataset names here (cheap, no table touched), then hands the batch to the writer. */
export function submitBatch(mirror: Mirror, writer: Writer, limits: IngestLimits, items: DatasetChanges[], options: ApplyOptions): Promise<Receipt> {
  const rows = items.reduce((n, item) => n + item.rows.length, 0);
  if (rows > limits.maxBatchRows) {
    throw new MirrorError("LIMIT_EXCEEDED", `A batch may hold at most ${limits.maxBatchRows} rows (maxBatchRows), this one holds ${rows}; split it into several batches.`, {
      limit: "maxBatchRows",
      maximum: limits.maxBatchRows,
      received: rows,
    });
  }
  if (options.batchId !== undefined && !BATCH_ID.test(options.batchId)) {
    throw new MirrorError("BAD_USER_INPUT", `batchId must be 1 to 200 printable ASCII characters without spaces, received ${JSON.stringify(options.batchId).slice(0, 60)}.`, {
      argument: "batchId",
    });
  }
  for (const item of items) mirror.model(item.dataset);
  return writer.applyBatch(setAsideTooDeep(items), options);
}
