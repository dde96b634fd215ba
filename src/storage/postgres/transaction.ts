// Runs work in one transaction on one pooled connection: committed when the work returns,
// rolled back when it throws; the connection goes back to the pool either way. The
// transaction first takes the advisory locks its database handle names (advisoryLocks.ts),
// and a transaction that PostgreSQL aborts as a deadlock victim (40P01) or as a serialization
// failure (40001) is run again from the start, a bounded number of times, after a jittered
// pause: such an abort says nothing about the work, so the client never sees it.

import type pg from "pg";
import { log } from "../../server/log";
import type { PostgresDatabase } from "./openDatabase";

/** SQLSTATEs after which the same transaction, run again, can succeed. */
const TRANSIENT = new Set(["40P01", "40001"]);

export interface RetryPolicy {
  /** Runs in all, the first included. */
  attempts: number;
  /** The pause before run n+1 is drawn uniformly from [0, min(maxDelayMs, baseDelayMs * 2^n)). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 10, maxDelayMs: 1_000 };

/** The SQLSTATE of a PostgreSQL error that is worth retrying, else undefined. */
export function transientCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && TRANSIENT.has(code) ? code : undefined;
}

/**
 * Runs `work` in a transaction, again from the start while PostgreSQL aborts it as a deadlock
 * or serialization failure (at most `retry.attempts` runs). `work` must keep its effects inside
 * the transaction, since a run may be rolled back and repeated.
 * @example const n = await transaction(database, async (client) => (await client.query("SELECT 1")).rowCount);
 */
export async function transaction<T>(
  database: Pick<PostgresDatabase, "pool" | "locks">,
  work: (client: pg.PoolClient) => Promise<T>,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(database, work);
    } catch (e) {
      const code = transientCode(e);
      if (code === undefined || attempt >= retry.attempts) throw e;
      const delayMs = Math.floor(Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt));
      log("warn", "transaction_retry", { code, attempt, of: retry.attempts, delayMs, message: (e as Error).message });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

async function once<T>({ pool, locks = [] }: Pick<PostgresDatabase, "pool" | "locks">, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  // A connection the server ends while checked out also emits "error" on the client, which
  // would end the process without a listener; the statement under way fails with it anyway.
  const lost = () => (broken = true);
  client.on("error", lost);
  try {
    await client.query("BEGIN");
    // In the handle's order (ascending), before any read: see advisoryLocks.ts.
    for (const key of locks) await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [key]);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    // A connection that cannot even roll back (the server ended it) is closed, not pooled again.
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw e;
  } finally {
    client.off("error", lost);
    client.release(broken);
  }
}
