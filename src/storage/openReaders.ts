// The read side of a storage, chosen with its dialect: the read engine's JsonReader (reader
// threads on a SQLite database file, the main connection for ":memory:", a pool of connections
// for PostgreSQL), and the connection the reference resolvers read through (SQLite only: they
// are the engine's test oracle, and their SQL is SQLite's).

import type { CursorKey } from "../query/cursor";
import type { JsonReader } from "./JsonReader";
import { MEMORY, sqliteConnection } from "./openStorage";
import { PgJsonReader } from "./postgres/PgJsonReader";
import { PostgresStorage } from "./postgres/PostgresStorage";
import { startReaderPool } from "./sqlite/readerPool";
import { SqlReader } from "./sqlite/SqlReader";
import type { Storage } from "./Storage";

export interface Readers {
  json: JsonReader;
  /** SQLite only: the reference resolvers' connection. */
  reference?: SqlReader;
}

/**
 * Opens the readers of a mirror's storage (opened at `path`). SQLite: `threads` reader threads, 0 reads
 * on the main connection. PostgreSQL: a pool of its own on the storage's schema, two connections
 * per `threads` (at least 2): statements wait on the server, not on this process's cores.
 * `timeoutMs` stops a statement running longer (TIMEOUT): PostgreSQL's statement_timeout, and
 * SQLite's reader threads (a statement on the main connection of ":memory:" or `threads` 0
 * cannot be interrupted).
 * @example const { json } = await openReaders(mirror, 2);
 */
export async function openReaders(mirror: { storage: Storage; path: string; cursorKey: CursorKey }, threads: number, options: { timeoutMs?: number } = {}): Promise<Readers> {
  const { storage, path: location, cursorKey } = mirror;
  if (storage instanceof PostgresStorage) {
    return { json: await PgJsonReader.open(location, { schema: storage.database.schema, connections: Math.max(2, threads * 2), cursorKey, ...options }) };
  }
  const reference = new SqlReader(sqliteConnection(storage).sqlite, cursorKey);
  const json = location !== MEMORY && threads > 0 ? await startReaderPool(location, threads, { cursorKey, ...options }) : reference;
  return { json, reference };
}
