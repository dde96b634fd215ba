// Runs work in one transaction on one pooled connection: committed when the work returns,
// rolled back when it throws; the connection goes back to the pool either way.

import type pg from "pg";
import type { PostgresDatabase } from "./openDatabase";

export async function transaction<T>({ pool }: PostgresDatabase, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
