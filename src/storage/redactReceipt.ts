// Redacts what a stored receipt (the ledger's `receipt` JSON) says of rows a purge erased:
// the received value and the message of their quarantined entries, which may quote personal
// data; codes, fields, indexes and counts stay, so that the batch's record still adds up.

import type { DatasetReceipt, InvalidRow, Receipt } from "../merge/Receipt";

/** What replaces erased text in logs and receipts. */
export const REDACTED = "[redacted by purgeKeys]";

/**
 * The receipt's JSON with the entries of `dataset` whose quarantineId is in `ids` redacted, or
 * undefined when it has none (nothing to write).
 * @example redactReceipt(text, "contacts", new Set([4]))
 */
export function redactReceipt(text: string, dataset: string, ids: ReadonlySet<number>): string | undefined {
  const receipt = JSON.parse(text) as Receipt;
  let changed = false;
  const redact = (row: InvalidRow): InvalidRow => {
    if (row.quarantineId === undefined || !ids.has(Number(row.quarantineId))) return row;
    changed = true;
    const problems = row.problems.map((p) => ({ ...p, ...(p.received !== undefined ? { received: REDACTED } : {}), message: REDACTED }));
    return { ...row, ...(row.received !== undefined ? { received: REDACTED } : {}), message: REDACTED, problems };
  };
  const datasets = receipt.datasets.map((d): DatasetReceipt => (d.dataset === dataset ? { ...d, quarantined: d.quarantined.map(redact), rejected: d.rejected.map(redact) } : d));
  return changed ? JSON.stringify({ ...receipt, datasets }) : undefined;
}
