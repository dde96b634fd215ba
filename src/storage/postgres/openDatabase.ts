// Opens the PostgreSQL storage: a pool of connections whose search_path is the mirror's one
// schema (created if missing), migrations of the internal tables, and type parsers that keep
// every value exact (64-bit integers as bigint, dates as their text). Several processes may
// open one schema at once: creation and migration run under the schema's advisory lock.

import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { MirrorError } from "../../errors";
import { log } from "../../server/log";
import { schemaLock, type LockKey } from "./advisoryLocks";
import * as internalSchema from "./internalSchema";
import { q } from "./sql";

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), "../../../drizzle/postgres");

let known: number | undefined;
/** How many migrations of the internal tables this release has (read once from the migrations folder). */
export function knownMigrations(): number {
  return (known ??= readMigrationFiles({ migrationsFolder: MIGRATIONS }).length);
}

export const DEFAULT_SCHEMA = "mirrorql";

export interface PostgresDatabase {
  pool: pg.Pool;
  db: NodePgDatabase<typeof internalSchema>;
  schema: string;
  /**
   * Advisory locks each transaction on this handle takes first (transaction.ts), in this
   * order; none on the handle openDatabase returns. The storage hands a write a copy naming
   * the locks of the datasets it touches (advisoryLocks.ts).
   */
  locks?: readonly LockKey[];
}

const INT8 = 20;
const DATE = 1082;
const parsers: Partial<Record<number, (text: string) => unknown>> = { [INT8]: (v) => BigInt(v), [DATE]: (v) => v };
const types = { getTypeParser: ((oid: number, format?: "text" | "binary") => parsers[oid] ?? pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser };

/**
 * Opens a pool on `url`, creates the schema if missing and migrates the internal tables.
 * @example const { pool, db } = await openDatabase("postgres://postgres@127.0.0.1/test", "mirrorql");
 */
export async function openDatabase(url: string, schema: string = DEFAULT_SCHEMA): Promise<PostgresDatabase> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new MirrorError(
      "BAD_USER_INPUT",
      `The PostgreSQL schema name must be lower-case letters, digits and "_" (at most 63, not starting with a digit), received ${JSON.stringify(schema)}.`,
      { argument: "pgSchema" },
    );
  }
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, types, max: 4 });
  // An idle connection that fails (the server restarted, a failover) is dropped by the pool; without a listener it would end the process.
  pool.on("error", (e) => log("error", "postgres_connection_error", { message: e.message }));
  try {
    await createAndMigrate(pool, schema);
    return { pool, db: drizzle(pool, { schema: internalSchema }), schema };
  } catch (e) {
    await pool.end();
    throw e;
  }
}

/**
 * Creates the schema and applies the migrations on one connection holding the schema's lock:
 * two processes racing through `CREATE SCHEMA IF NOT EXISTS` or drizzle's migrations table
 * would otherwise fail on a duplicate catalog entry or apply a migration twice. The lock is
 * session-scoped (drizzle commits its own transaction) and goes with the connection if this
 * process dies.
 */
async function createAndMigrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [schemaLock(schema)]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${q(schema)}`);
      await migrate(drizzle(client, { schema: internalSchema }), { migrationsFolder: MIGRATIONS, migrationsSchema: schema });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [schemaLock(schema)]).catch((e: Error) => (broken = e));
    }
  } finally {
    // A connection whose unlock failed may still hold the lock: closed rather than pooled.
    client.release(broken);
  }
}
