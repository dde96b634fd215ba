// After a purge commits, VACUUM the tables it deleted from or rewrote, so that the erased
// tuples, dead but still in the heap and its indexes, are removed and their space made
// reusable at once rather than whenever autovacuum comes by. VACUUM does not zero that space
// nor shrink the files, and the WAL, replicas and backups keep what they hold; only
// VACUUM FULL rewrites a table's files (README "Erasing keys").

import { log } from "../../server/log";
import { tableNames } from "../datasetLayout";
import type { PostgresDatabase } from "./openDatabase";
import { q } from "./sql";

/**
 * VACUUM (outside any transaction, which it cannot run in) of the dataset's state, history
 * and quarantine, the quarantine log and the ledger. The purge has committed already: a
 * failure here is logged, not thrown, and the next VACUUM (or autovacuum) does the same work.
 */
export async function vacuumErased(database: Pick<PostgresDatabase, "pool">, dataset: string): Promise<void> {
  const t = tableNames(dataset);
  const tables = [t.state, t.history, t.quarantine, "_mq_quarantine_log", "_mq_batches"].map(q).join(", ");
  try {
    await database.pool.query(`VACUUM ${tables}`);
  } catch (e) {
    log("warn", "purge_vacuum_failed", { dataset, message: (e as Error).message });
  }
}
