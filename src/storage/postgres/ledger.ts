// Reads the batch ledger: one receipt by batch id, or receipts newest first (R9).

import { and, desc, eq, lt } from "drizzle-orm";
import type { Receipt } from "../../merge/Receipt";
import type { LedgerEntry, LedgerSelection } from "../LedgerEntry";
import { batchDatasets, batchLedger } from "./internalSchema";
import type { PostgresDatabase } from "./openDatabase";

export async function findReceipt({ db }: PostgresDatabase, id: string): Promise<Receipt | undefined> {
  const [row] = await db.select({ receipt: batchLedger.receipt }).from(batchLedger).where(eq(batchLedger.id, id));
  return row ? (JSON.parse(row.receipt) as Receipt) : undefined;
}

export async function listReceipts({ db }: PostgresDatabase, select: LedgerSelection): Promise<LedgerEntry[]> {
  const older = select.before !== undefined ? lt(batchLedger.seq, select.before) : undefined;
  const query =
    select.dataset !== undefined
      ? db
          .select({ seq: batchLedger.seq, receipt: batchLedger.receipt })
          .from(batchDatasets)
          .innerJoin(batchLedger, eq(batchLedger.seq, batchDatasets.batchSeq))
          .where(and(eq(batchDatasets.dataset, select.dataset), older))
      : db.select({ seq: batchLedger.seq, receipt: batchLedger.receipt }).from(batchLedger).where(older);
  const rows = await query.orderBy(desc(batchLedger.seq)).limit(select.limit);
  return rows.map((r) => ({ seq: Number(r.seq), receipt: JSON.parse(r.receipt) as Receipt }));
}
