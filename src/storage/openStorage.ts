// Opens the storage a location names; the one place that chooses a dialect. Today: SQLite,
// for a file path or ":memory:". A postgres:// URL is refused until that dialect exists.

import { MirrorError } from "../errors";
import { SqliteStorage } from "./sqlite/SqliteStorage";
import { MEMORY, type SqliteDatabase } from "./sqlite/openDatabase";
import type { Storage } from "./Storage";

export { MEMORY };

/**
 * Opens (creating if missing) the storage at `location`; call `syncModels` next.
 * @example const storage = await openStorage("data/mirror.db");
 */
export async function openStorage(location: string = MEMORY): Promise<Storage> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    // The URL is not repeated: it may hold a password.
    throw new MirrorError("BAD_USER_INPUT", 'PostgreSQL storage is not available yet; give a SQLite database file path (or ":memory:").', { argument: "database" });
  }
  return SqliteStorage.open(location);
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
