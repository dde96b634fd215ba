// The read side of a storage, chosen with its dialect: the read engine's JsonReader (reader
// threads on a database file, or the main connection for ":memory:"), and the connection
// the reference resolvers read through (SQLite only: they are the engine's test oracle).

import type { JsonReader } from "./JsonReader";
import { MEMORY, sqliteConnection } from "./openStorage";
import { startReaderPool } from "./sqlite/readerPool";
import { SqlReader } from "./sqlite/SqlReader";
import type { Storage } from "./Storage";

export interface Readers {
  json: JsonReader;
  reference: SqlReader;
}

/**
 * Opens the readers of `storage` (opened at `location`); `threads` 0 reads on the main connection.
 * @example const { json } = await openReaders(mirror.storage, mirror.path, 2);
 */
export async function openReaders(storage: Storage, location: string, threads: number): Promise<Readers> {
  const reference = new SqlReader(sqliteConnection(storage).sqlite);
  const json = location !== MEMORY && threads > 0 ? await startReaderPool(location, threads) : reference;
  return { json, reference };
}
