// Opens the embedded SQLite database: WAL, migrations of the internal tables,
// and 64-bit-safe integers for every statement prepared afterwards.

import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as internalSchema from "./internalSchema";

export const MEMORY = ":memory:";
const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), "../../../drizzle/sqlite");

let known: number | undefined;
/** How many migrations of the internal tables this release has (read once from the migrations folder). */
export function knownMigrations(): number {
  return (known ??= readMigrationFiles({ migrationsFolder: MIGRATIONS }).length);
}

/**
 * What a commit survives (SQLite's `synchronous` in WAL mode): `full` syncs the log at every
 * commit, so an acknowledged batch survives a power loss or an operating-system crash;
 * `normal` syncs at checkpoints only, so a commit survives the process being killed but the
 * last ones may be lost (never half applied) when the machine loses power.
 */
export type Durability = "normal" | "full";

/** Full: a pipeline that got a receipt does not send the batch again, so an acknowledged batch must not vanish. */
export const DEFAULT_DURABILITY: Durability = "full";

export interface SqliteDatabase {
  sqlite: Database.Database;
  db: BetterSQLite3Database<typeof internalSchema>;
}

/**
 * Opens (creating if missing) the database file, or an in-memory database for `":memory:"`.
 * @example const { sqlite, db } = openDatabase("data/mirror.db");
 */
export function openDatabase(path: string = MEMORY, durability: Durability = DEFAULT_DURABILITY): SqliteDatabase {
  if (path !== MEMORY) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${durability === "full" ? "FULL" : "NORMAL"}`);
  sqlite.pragma("busy_timeout = 5000");
  // Batches touch keys all over the tables' B-trees: a 64 MiB page cache keeps them in memory.
  sqlite.pragma("cache_size = -65536");
  // Deleted content is overwritten with zeros, so that what a purge erases (purgeKeys) does
  // not stay readable in free pages or free space of the file.
  sqlite.pragma("secure_delete = ON");
  const db = drizzle(sqlite, { schema: internalSchema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  // From here on integers come back as bigint, so no 64-bit value is ever rounded.
  sqlite.defaultSafeIntegers(true);
  return { sqlite, db };
}
