// Why a load stopped: a code (the server's GraphQL error code, e.g. UNKNOWN_DATASET or
// LIMIT_EXCEEDED, or one of the client's: NETWORK, HTTP_404, BAD_RESPONSE, CSV_SYNTAX,
// JSONL_SYNTAX, FILE_NOT_FOUND, ...) and a message saying what to do. When batches were
// sent before the failure, `summary` holds their receipts' totals.

import type { IngestSummary } from "./IngestSummary";

export class IngestError extends Error {
  summary?: IngestSummary;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "IngestError";
  }
}
