// What a load did: the totals of its batches' receipts. Replayed batches (ids the server
// had applied before, e.g. by an interrupted run of the same load) count with their first
// receipt, so a resumed load sums up like one run that was never interrupted; they are
// also counted apart, since nothing of them was applied now.

/** A receipt as applyChanges returns it (the fields the client asks for). */
export interface ClientReceipt {
  batchId: string;
  status: "APPLIED" | "REJECTED";
  replayed: boolean;
  receivedAt: string;
  datasets: (Counts & {
    dataset: string;
    format: string;
    quarantined: { index: number; quarantineId: string | null; code: string; field: string | null; message: string }[];
    rejected: { index: number; code: string; field: string | null; message: string }[];
  })[];
}

export interface QuarantinedSample {
  batchId: string;
  /** Position of the row in its batch. */
  index: number;
  /** The file line where the row starts. */
  line: number | undefined;
  quarantineId: string | null;
  code: string;
  field: string | null;
  message: string;
}

export const COUNTS = ["received", "upserted", "deleted", "stale", "unchanged", "conflicts", "ignored"] as const;
export type Counts = Record<(typeof COUNTS)[number], number>;

export interface IngestSummary extends Counts {
  file: string;
  dataset: string;
  /** The ChangeFormat sent. */
  format: string;
  server: string;
  batchPrefix: string;
  /** False when the load stopped before the end of the file (maxBatches, an abort or an error). */
  complete: boolean;
  batches: number;
  /** Batches the server had applied before: their first receipt, nothing applied now. */
  replayedBatches: number;
  /** Rows read from the file and sent. */
  rows: number;
  quarantined: number;
  /** The first few quarantined rows. */
  quarantinedRows: QuarantinedSample[];
  /** Requests sent again after a network error or an HTTP 5xx. */
  retries: number;
  /** Bytes read from the file (compressed bytes for gzip) and its size. */
  bytesRead: number;
  fileBytes: number;
  elapsedMs: number;
}

export const MAX_SAMPLES = 10;

export function emptySummary(fields: Pick<IngestSummary, "file" | "dataset" | "format" | "server" | "batchPrefix" | "fileBytes">): IngestSummary {
  return {
    ...fields,
    complete: false,
    batches: 0,
    replayedBatches: 0,
    rows: 0,
    received: 0,
    upserted: 0,
    deleted: 0,
    stale: 0,
    unchanged: 0,
    conflicts: 0,
    ignored: 0,
    quarantined: 0,
    quarantinedRows: [],
    retries: 0,
    bytesRead: 0,
    elapsedMs: 0,
  };
}

/** Adds a batch's receipt to the summary; `lines` maps a row's index in the batch to its file line. */
export function addReceipt(summary: IngestSummary, receipt: ClientReceipt, lines: readonly number[]): void {
  summary.batches++;
  if (receipt.replayed) summary.replayedBatches++;
  for (const d of receipt.datasets) {
    for (const k of COUNTS) summary[k] += d[k];
    // Sent non-atomic, so nothing is rejected; counted with the quarantined if it ever is.
    for (const q of [...d.quarantined, ...d.rejected.map((r) => ({ ...r, quarantineId: null }))]) {
      summary.quarantined++;
      if (summary.quarantinedRows.length < MAX_SAMPLES) {
        summary.quarantinedRows.push({
          batchId: receipt.batchId,
          index: q.index,
          line: lines[q.index],
          quarantineId: q.quarantineId,
          code: q.code,
          field: q.field,
          message: q.message,
        });
      }
    }
  }
}
