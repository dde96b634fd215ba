// Checks that every batch in a schema's ledger is whole, for tests whose batches each write
// `rows` new keys into each of `datasets`: its receipt, its listing per dataset, all its history
// and state rows; and that nothing in history or state belongs to a batch not in the ledger.

import { expect } from "vitest";
import { sql } from "./replicas";

/** Returns the ledger's batch ids, in ledger order, after checking that each batch is whole. */
export async function expectWholeBatches(schema: string, datasets: readonly string[], rows: number): Promise<string[]> {
  const q = (s: string) => sql(s.replaceAll("$schema", `"${schema}"`));
  const ledger = await q(`SELECT seq, id, receipt FROM $schema._mq_batches ORDER BY seq`);
  const ids = ledger.map((r) => r.id as string);
  for (const dataset of datasets) {
    const perBatch = await q(`SELECT b.id, (SELECT count(*)::int FROM $schema.${dataset}__history h WHERE h._mq_batch = b.seq) AS history,
        (SELECT count(*)::int FROM $schema.${dataset}__state s WHERE s._mq_batch = b.seq) AS state,
        EXISTS (SELECT 1 FROM $schema._mq_batch_datasets d WHERE d.batch_seq = b.seq AND d.dataset = '${dataset}') AS listed
      FROM $schema._mq_batches b ORDER BY b.seq`);
    expect(perBatch).toEqual(ids.map((id) => ({ id, history: rows, state: rows, listed: true })));
    expect(await q(`SELECT count(*)::int AS n FROM $schema.${dataset}__history WHERE _mq_batch NOT IN (SELECT seq FROM $schema._mq_batches)`)).toEqual([{ n: 0 }]);
    expect(await q(`SELECT count(*)::int AS n FROM $schema.${dataset}__state`)).toEqual([{ n: rows * ids.length }]);
  }
  for (const { receipt } of ledger) {
    expect(JSON.parse(receipt as string).datasets.map((d: { upserted: number }) => d.upserted)).toEqual(datasets.map(() => rows));
  }
  return ids;
}
