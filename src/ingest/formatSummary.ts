// The summary of a load as text for people: what the receipts say, and where to look
// when rows were quarantined.

import { COUNTS, type IngestSummary } from "./IngestSummary";
import { duration } from "./progress";

const n = (v: number) => v.toLocaleString("en-US");

export function formatSummary(s: IngestSummary): string {
  const seconds = s.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(s.rows / seconds) : 0;
  const out: string[] = [];
  const what = s.complete ? "Loaded" : "Stopped partway through";
  out.push(`${what} ${s.file} into ${s.dataset} (${s.format}) at ${s.server}`);
  out.push(`  ${n(s.batches)} batches (${n(s.replayedBatches)} replayed), ${n(s.rows)} rows in ${duration(seconds)} (${n(rate)} rows/s), batch ids ${s.batchPrefix}:N`);
  const width = Math.max(...[...COUNTS, "quarantined"].map((k) => n(s[k as keyof IngestSummary] as number).length));
  for (const k of [...COUNTS, "quarantined"] as const) out.push(`  ${k.padEnd(12)}${n(s[k]).padStart(width)}`);
  if (s.retries > 0) out.push(`  ${n(s.retries)} requests were sent again after a network error or HTTP 5xx (same batch ids: nothing applied twice).`);
  if (s.replayedBatches > 0) {
    out.push(`Replayed batches had been applied before (e.g. by an interrupted run of this load): counted with their first receipt, nothing applied again.`);
  }
  if (!s.complete) out.push(`Run the same command again to finish: batches already applied are replayed, not applied twice.`);
  if (s.quarantined > 0) out.push(...quarantineHint(s));
  return `${out.join("\n")}\n`;
}

export function quarantineHint(s: IngestSummary): string[] {
  const out = [
    `${n(s.quarantined)} row${s.quarantined === 1 ? " was" : "s were"} quarantined: kept on the server with ${s.quarantined === 1 ? "its" : "their"} payload, not applied.${s.quarantinedRows.length < s.quarantined ? " The first ones:" : ""}`,
  ];
  for (const q of s.quarantinedRows) {
    const where = q.line !== undefined ? ` (line ${q.line})` : "";
    out.push(`  batch ${q.batchId} row ${q.index}${where}: ${q.code}${q.field ? ` ${q.field}` : ""}: ${q.message}`);
  }
  const dataset = JSON.stringify(s.dataset);
  out.push(
    `See them all with the query`,
    `  { quarantine(dataset: ${dataset}, first: 100) { nodes { id batchId rowIndex code field message payload } hasNextPage endCursor } }`,
    `and, once the source or the model is fixed, apply them again by id with`,
    `  mutation { replayQuarantine(dataset: ${dataset}, ids: ["<id>"]) { status datasets { upserted quarantined { index code message } } } }`,
  );
  return out;
}
