// What a purge redacts outside the dataset's tables on SQLite (README "Erasing keys"): the
// payloads of the dataset's quarantine-log entries that carry a purged key, and the received
// values and messages that stored receipts give for those rows. Runs inside the purge's transaction.

import type { PayloadKeys } from "../KeyPurge";
import { erasedRows, idsIn } from "../erasedRows";
import { REDACTED, redactReceipt } from "../redactReceipt";
import type { SqliteDatabase } from "./openDatabase";

/** The log's payload of an erased row: still JSON, as the column's other payloads are. */
export const REDACTED_PAYLOAD = JSON.stringify(REDACTED);

/** Redacts the payloads of the dataset's log entries carrying a purged key; returns their quarantine ids. */
export function redactQuarantineLog({ sqlite }: SqliteDatabase, dataset: string, keysIn: PayloadKeys, digests: ReadonlySet<string>): Set<number> {
  const entries = sqlite.prepare(`SELECT seq AS id, quarantine_id, payload FROM _mq_quarantine_log WHERE dataset = ? AND payload <> ?`).all(dataset, REDACTED_PAYLOAD) as {
    id: bigint;
    quarantine_id: bigint;
    payload: string;
  }[];
  const erased = idsIn(erasedRows(entries, keysIn, digests));
  const redact = sqlite.prepare(`UPDATE _mq_quarantine_log SET payload = ? WHERE seq = ?`);
  for (const seq of erased) redact.run(REDACTED_PAYLOAD, seq);
  return new Set(entries.filter((e) => erased.has(Number(e.id))).map((e) => Number(e.quarantine_id)));
}

/** Redacts the entries of the dataset's receipts for these quarantine ids; returns how many receipts changed. */
export function redactReceipts({ sqlite }: SqliteDatabase, dataset: string, quarantineIds: ReadonlySet<number>): number {
  if (quarantineIds.size === 0) return 0;
  // Only receipts that quarantined rows of the dataset can name one.
  const receipts = sqlite
    .prepare(
      `SELECT b.seq, b.receipt FROM _mq_batches AS b JOIN _mq_batch_datasets AS d ON d.batch_seq = b.seq
              WHERE d.dataset = ? AND instr(b.receipt, '"quarantineId"') > 0`,
    )
    .all(dataset) as { seq: bigint; receipt: string }[];
  const write = sqlite.prepare(`UPDATE _mq_batches SET receipt = ? WHERE seq = ?`);
  let changed = 0;
  for (const { seq, receipt } of receipts) {
    const redacted = redactReceipt(receipt, dataset, quarantineIds);
    if (redacted === undefined) continue;
    write.run(redacted, seq);
    changed++;
  }
  return changed;
}
