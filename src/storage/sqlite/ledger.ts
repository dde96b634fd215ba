// Reads the batch ledger: one receipt by batch id, or receipts newest first (R9).

import { and, desc, eq, lt } from "drizzle-orm";
import type { Receipt } from "../../merge/Receipt";
import type { LedgerEntry, LedgerSelection } from "../LedgerEntry";
import { batchDatasets, batchLedger } from "./internalSchema";
import type { SqliteDatabase } from "./openDatabase";

export function findReceipt({ db }: SqliteDatabase, id: string): Receipt | undefined {
  const row = db.select({ receipt: batchLedger.receipt }).from(batchLedger).where(eq(batchLedger.id, id)).get();
  return row ? (JSON.parse(row.receipt) as Receipt) : undefined;
}

export function listReceipts({ db }: SqliteDatabase, select: LedgerSelection): LedgerEntry[] {
  const older = select.before !== undefined ? lt(batchLedger.seq, select.before) : undefined;
  const query =
    select.dataset !== undefined
      ? db
          .select({ seq: batchLedger.seq, receipt: batchLedger.receipt })
          .from(batchDatasets)
          .innerJoin(batchLedger, eq(batchLedger.seq, batchDatasets.batchSeq))
          .where(and(eq(batchDatasets.dataset, select.dataset), older))
      : db.select({ seq: batchLedger.seq, receipt: batchLedger.receipt }).from(batchLedger).where(older);
  return query
    .orderBy(desc(batchLedger.seq))
    .limit(select.limit)
    .all()
    .map((r) => ({ seq: Number(r.seq), receipt: JSON.parse(r.receipt) as Receipt }));
}
