// Opens the storage a location names; the one place that chooses a dialect: PostgreSQL for a
// postgres:// URL, SQLite for a file path or ":memory:".

import { DEFAULT_SCHEMA } from "./postgres/openDatabase";
import { PostgresStorage } from "./postgres/PostgresStorage";
import { SqliteStorage } from "./sqlite/SqliteStorage";
import { DEFAULT_DURABILITY, MEMORY, type Durability, type SqliteDatabase } from "./sqlite/openDatabase";
import { MirrorError } from "../errors";
import type { Storage } from "./Storage";

export { DEFAULT_DURABILITY, DEFAULT_SCHEMA, MEMORY, type Durability };

export interface StorageOptions {
  /** PostgreSQL only: the one schema that holds everything the mirror keeps (created if missing). */
  pgSchema?: string;
  /**
   * SQLite only: what a commit survives (default `full`). PostgreSQL's durability is the
   * server's own configuration (`synchronous_commit`, `fsync`), which mirrorql leaves as it is.
   */
  durability?: Durability;
}

/** Whether a location names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

/** A PostgreSQL URL fit for a log: its password replaced by "***". */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
}

/**
 * Opens (creating if missing) the storage at `location`; call `syncModels` next.
 * @example const storage = await openStorage("postgres://mirror@db.internal:5432/mirror", { pgSchema: "mirrorql" });
 */
export async function openStorage(location: string = MEMORY, options: StorageOptions = {}): Promise<Storage> {
  if (isPostgresUrl(location)) {
    if (options.durability !== undefined)
      throw new MirrorError("BAD_USER_INPUT", "Durability is set on the PostgreSQL server (synchronous_commit, fsync), not by mirrorql; leave it out for a postgres:// database.", {
        argument: "durability",
      });
    return PostgresStorage.open(location, options.pgSchema ?? DEFAULT_SCHEMA);
  }
  return SqliteStorage.open(location, options.durability);
}

export type { SqliteDatabase };

/**
 * SQLite only, and only until the GraphQL read path (SqlReader) reads through Storage: the
 * connection under a SQLite storage, for that reader and for tests that look at the tables.
 */
export function sqliteConnection(storage: Storage): SqliteDatabase {
  if (!(storage instanceof SqliteStorage)) throw new Error("invariant: a SQLite connection was asked of a storage of another dialect");
  return storage.database;
}
