// PostgreSQL for the read engine's tests: a mirror on the PostgreSQL storage, in a fresh schema
// dropped after, loaded with the same changes as a SQLite mirror, and the PostgreSQL read engine
// on it (opened as the server opens it, through openReaders). The API the tests run is the SQLite
// mirror's, with its compiled root fields read from PostgreSQL: the fixed root fields and the
// reference resolvers (which answer operations whose arguments the planner refuses) read SQLite.
// PG_URL is null when the global setup (test/postgresSetup.ts) found no PostgreSQL: skip then.

import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { Mirror } from "../../src/mirror";
import { openReaders } from "../../src/storage/openReaders";
import type { PgJsonReader } from "../../src/storage/postgres/PgJsonReader";

export const PG_URL = inject("postgresUrl");

export interface PostgresTwin {
  mirror: Mirror;
  schema: string;
  reader: PgJsonReader;
  /** Closes the reader and the mirror, and drops the schema. */
  drop(): Promise<void>;
}

/**
 * A PostgreSQL mirror that `load` opens at the location it is given and fills, with its read engine.
 * @example const twin = await postgresTwin(async (at) => { const m = await Mirror.open({ ...at }); await loadDemoChanges(m); return m; });
 */
export async function postgresTwin(load: (at: { database: string; pgSchema: string }) => Promise<Mirror>): Promise<PostgresTwin> {
  if (!PG_URL) throw new Error("invariant: PostgreSQL tests run only when the global setup reached a server");
  const url = PG_URL;
  const schema = `mq_read_${randomBytes(6).toString("hex")}`;
  const dropSchema = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  };
  let mirror: Mirror | undefined;
  try {
    mirror = await load({ database: url, pgSchema: schema });
    const reader = (await openReaders(mirror, 2)).json as PgJsonReader;
    const opened = mirror;
    return {
      mirror,
      schema,
      reader,
      async drop() {
        await reader.close();
        await opened.close();
        await dropSchema();
      },
    };
  } catch (e) {
    await mirror?.close();
    await dropSchema();
    throw e;
  }
}
