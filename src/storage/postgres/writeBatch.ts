// Writes one batch in one PostgreSQL transaction: the ledger entry first (rows written by the
// batch refer to its seq), then each dataset's retention purge, changes (one set-based
// statement, see mergeStatements.ts) and quarantine, and last the receipt, which the ledger keeps.
// The batch id is unique in the ledger: of two processes sending the same batch, one applies it and the
// other waits for it and gets its receipt.

import type pg from "pg";
import type { Receipt } from "../../merge/Receipt";
import type { BatchWrite, BatchWritten, DatasetOutcome, DatasetWrite } from "../BatchWrite";
import type { DatasetStore } from "./datasetStore";
import type { PostgresDatabase } from "./openDatabase";
import { transaction } from "./transaction";

export async function writeBatch(database: PostgresDatabase, storeOf: (dataset: string) => DatasetStore, batch: BatchWrite): Promise<BatchWritten> {
  const { batchId, receivedAt } = batch;
  return transaction(database, async (client): Promise<BatchWritten> => {
    const earlier = async () => (await client.query<{ receipt: string }>(`SELECT receipt FROM _mq_batches WHERE id = $1`, [batchId])).rows[0];
    let found = await earlier();
    if (!found) {
      // With the batch's entry, the transaction's settings for the merge (set only when it applies the
      // batch): JIT compiling took seconds per batch (most of its time) for statements each run once,
      // and the merge's changes (a few MB per 10,000) are kept and sorted in memory, not in temporary files.
      const inserted = await client.query<{ seq: bigint }>(
        `INSERT INTO _mq_batches (id, received_at, receipt) VALUES ($1, $2, '') ON CONFLICT (id) DO NOTHING
        RETURNING seq, set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`,
        [batchId, receivedAt],
      );
      if (inserted.rows.length === 1) {
        const seq = Number(inserted.rows[0]!.seq);
        const outcomes: DatasetOutcome[] = [];
        for (const write of batch.datasets) outcomes.push(await writeDataset(client, storeOf(write.dataset), write, seq, batch));
        const receipt = batch.receipt(outcomes);
        const datasets = [...new Set(batch.datasets.map((d) => d.dataset))];
        await client.query(
          `WITH receipt AS (UPDATE _mq_batches SET receipt = $1 WHERE seq = $2)
          INSERT INTO _mq_batch_datasets (dataset, batch_seq) SELECT unnest($3::text[]), $2`,
          [JSON.stringify(receipt), seq, datasets],
        );
        return { kind: "applied", receipt };
      }
      // Another process applied the same batch id meanwhile; the insert waited for it to commit.
      found = await earlier();
    }
    return { kind: "seen-before", first: JSON.parse(found!.receipt) as Receipt };
  });
}

async function writeDataset(client: pg.PoolClient, store: DatasetStore, write: DatasetWrite, seq: number, { batchId, receivedAt }: BatchWrite): Promise<DatasetOutcome> {
  if (write.tombstoneCutoff !== undefined) await store.purgeTombstones(client, write.tombstoneCutoff);
  const counts = await store.merge(client, write.changes, seq);

  const { quarantine, requarantined, released } = write.quarantineWrites();
  const quarantineIds = await store.quarantine(client, quarantine);
  for (const { id, problem } of requarantined) await store.requarantine(client, id, problem);
  for (const { id, payload, code } of released) {
    await store.release(client, id);
    await client.query(`INSERT INTO _mq_quarantine_log (dataset, quarantine_id, action, batch_id, payload, code, at) VALUES ($1, $2, 'replayed', $3, $4, $5, $6)`, [
      write.dataset,
      id,
      batchId,
      payload,
      code,
      receivedAt,
    ]);
  }
  return { ...counts, quarantineIds };
}
