// Rows grouped into batches, each sent as one applyChanges request: at most `batchSize`
// rows (never more than the server's 50,000) and at most `maxBytes` bytes of JSON for the
// changes (well under the server's 64 MiB body limit). Boundaries depend only on the rows
// and these two numbers, so the same file cut the same way gives the same batches, which
// is what lets a load run again resend the same batch ids with the same contents.

import type { SourceRow } from "./readRows";

/** The server's maxBatchRows. */
export const MAX_BATCH_ROWS = 50_000;
export const DEFAULT_BATCH_SIZE = 5_000;
/** Bytes of the changes' JSON per request: half the server's 64 MiB maxBodyBytes. */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

export interface Batch {
  /** 1-based position of the batch in the file. */
  number: number;
  /** The rows as JSON object texts. */
  rows: string[];
  /** The file line of each row. */
  lines: number[];
  /** Bytes of the changes array's JSON (`[row,row,...]`). */
  bytes: number;
}

export interface BatchOptions {
  batchSize?: number;
  maxBytes?: number;
}

/** Checks a batch size: a whole number from 1 to 50,000. */
export function checkBatchSize(size: number): number {
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH_ROWS) {
    throw new RangeError(`The batch size must be a whole number from 1 to ${MAX_BATCH_ROWS} (the server's maxBatchRows), received ${size}.`);
  }
  return size;
}

/** The changes of a batch as the JSON text of an array. */
export const changesJson = (batch: Batch): string => `[${batch.rows.join(",")}]`;

export async function* batches(rows: AsyncIterable<SourceRow>, options: BatchOptions = {}): AsyncGenerator<Batch> {
  const size = checkBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE);
  const maxBytes = options.maxBytes ?? MAX_BATCH_BYTES;
  let number = 0;
  let current: Batch = { number: ++number, rows: [], lines: [], bytes: 2 };
  for await (const row of rows) {
    const bytes = Buffer.byteLength(row.json) + (current.rows.length > 0 ? 1 : 0);
    if (current.rows.length > 0 && current.bytes + bytes > maxBytes) {
      yield current;
      current = { number: ++number, rows: [], lines: [], bytes: 2 };
      current.bytes += bytes - 1;
    } else {
      current.bytes += bytes;
    }
    current.rows.push(row.json);
    current.lines.push(row.line);
    if (current.rows.length === size) {
      yield current;
      current = { number: ++number, rows: [], lines: [], bytes: 2 };
    }
  }
  if (current.rows.length > 0) yield current;
}
