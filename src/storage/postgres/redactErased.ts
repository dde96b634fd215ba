// What a purge redacts outside the dataset's tables on PostgreSQL (README "Erasing keys"): the
// payloads of the dataset's quarantine-log entries that carry a purged key, and the received
// values and messages that stored receipts give for those rows. Runs inside the purge's
// transaction; the same as sqlite/redactErased.ts.

import type pg from "pg";
import type { PayloadKeys } from "../KeyPurge";
import { erasedRows, idsIn } from "../erasedRows";
import { REDACTED, redactReceipt } from "../redactReceipt";

type Client = Pick<pg.PoolClient, "query">;

/** The log's payload of an erased row: still JSON, as the column's other payloads are. */
export const REDACTED_PAYLOAD = JSON.stringify(REDACTED);

/** Redacts the payloads of the dataset's log entries carrying a purged key; returns their quarantine ids. */
export async function redactQuarantineLog(client: Client, dataset: string, keysIn: PayloadKeys, digests: ReadonlySet<string>): Promise<Set<number>> {
  const { rows } = await client.query<{ id: string; quarantine_id: string; payload: string }>(
    `SELECT seq AS id, quarantine_id, payload FROM _mq_quarantine_log WHERE dataset = $1 AND payload <> $2`,
    [dataset, REDACTED_PAYLOAD],
  );
  const erased = idsIn(erasedRows(rows, keysIn, digests));
  if (erased.size > 0) await client.query(`UPDATE _mq_quarantine_log SET payload = $1 WHERE seq = ANY($2::bigint[])`, [REDACTED_PAYLOAD, [...erased]]);
  return new Set(rows.filter((e) => erased.has(Number(e.id))).map((e) => Number(e.quarantine_id)));
}

/** Redacts the entries of the dataset's receipts for these quarantine ids; returns how many receipts changed. */
export async function redactReceipts(client: Client, dataset: string, quarantineIds: ReadonlySet<number>): Promise<number> {
  if (quarantineIds.size === 0) return 0;
  // Only receipts that quarantined rows of the dataset can name one.
  const { rows } = await client.query<{ seq: string; receipt: string }>(
    `SELECT b.seq, b.receipt FROM _mq_batches AS b JOIN _mq_batch_datasets AS d ON d.batch_seq = b.seq
     WHERE d.dataset = $1 AND strpos(b.receipt, '"quarantineId"') > 0`,
    [dataset],
  );
  let changed = 0;
  for (const { seq, receipt } of rows) {
    const redacted = redactReceipt(receipt, dataset, quarantineIds);
    if (redacted === undefined) continue;
    await client.query(`UPDATE _mq_batches SET receipt = $1 WHERE seq = $2`, [redacted, seq]);
    changed++;
  }
  return changed;
}
