// The storage backends each parameterised test file runs on: SQLite always, PostgreSQL when the
// global setup reached it (postgresSetup.ts). Each test gets an empty database of its own: an
// in-memory SQLite database or a temporary file, or a fresh PostgreSQL schema dropped after it.
// A mirror that a beforeAll builds once for the whole file asks for the "file" lifetime instead.
//
//   describe.each(BACKENDS)("$name", (backend) => { it("...", async () => { const m = await backend.mirror([CONTACT]); }); });

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, inject } from "vitest";
import { Mirror, type MirrorOptions } from "../src/mirror";
import { PostgresStorage } from "../src/storage/postgres/PostgresStorage";
import { SqliteStorage } from "../src/storage/sqlite/SqliteStorage";
import { mirrorOf, type ModelJson } from "./helpers";

export interface Location {
  database: string;
  pgSchema?: string;
}

/** How long what a backend gives lasts: until the end of the current test, or of the test file (for a beforeAll). */
export type Lifetime = "test" | "file";

export interface Backend {
  readonly name: "sqlite" | "postgres";
  /**
   * An empty database, removed after the test (or the file). SQLite: in memory, or a file
   * (for tests that open it again, or that hand it to another thread or process) when `reopen` is set.
   */
  location(options?: { reopen?: boolean; lifetime?: Lifetime }): Location;
  /** Opens a mirror of some models on a fresh location (or on `at`); closed after the test. */
  mirror(docs: ModelJson[], options?: Omit<MirrorOptions, "models" | "database" | "pgSchema">, at?: Location): Promise<Mirror>;
  /**
   * Opens a mirror as `Mirror.open` does (models given or read from `schemaDir`) on a fresh location
   * (a file for SQLite when `reopen` is set) or on `at`; closed after the test or the file.
   */
  open(options: Omit<MirrorOptions, "database" | "pgSchema">, at?: Location | { reopen?: boolean }, lifetime?: Lifetime): Promise<Mirror>;
  /** Runs one statement of this dialect on the mirror's database; rows as the driver gives them. */
  sql(mirror: Mirror, statement: string): Promise<Record<string, unknown>[]>;
  /** The columns of a table or view. */
  columns(mirror: Mirror, table: string): Promise<string[]>;
  /** The indexes on a table other than its primary key's, by name, with their columns. */
  indexes(mirror: Mirror, table: string): Promise<Record<string, string[]>>;
  /** Drops a table behind the mirror's back (with the views over it), to make reads fail. */
  dropTable(mirror: Mirror, table: string): Promise<void>;
}

/** Per lifetime: mirrors to close, then locations to remove. */
const held: Record<Lifetime, { opened: Mirror[]; cleanups: (() => Promise<void> | void)[] }> = {
  test: { opened: [], cleanups: [] },
  file: { opened: [], cleanups: [] },
};
async function release(lifetime: Lifetime) {
  const { opened, cleanups } = held[lifetime];
  for (const m of opened.splice(0)) await m.close();
  for (const c of cleanups.splice(0).reverse()) await c();
}
afterEach(() => release("test"));
afterAll(() => release("file"));

async function track(m: Promise<Mirror>, lifetime: Lifetime = "test"): Promise<Mirror> {
  const mirror = await m;
  held[lifetime].opened.push(mirror);
  return mirror;
}

/** `at` when it is a location, else a fresh one of `backend` (reopenable when asked). */
function locate(backend: Backend, at: Location | { reopen?: boolean } | undefined, lifetime: Lifetime): Location {
  return at && "database" in at ? at : backend.location({ reopen: at?.reopen ?? false, lifetime });
}

const sqlite: Backend = {
  name: "sqlite",
  location({ reopen = false, lifetime = "test" } = {}) {
    if (!reopen) return { database: ":memory:" };
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-"));
    held[lifetime].cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return { database: join(dir, "mirror.db") };
  },
  mirror(docs, options = {}, at) {
    return track(mirrorOf(docs, { ...options, ...(at ?? this.location()) }));
  },
  open(options, at, lifetime = "test") {
    return track(Mirror.open({ ...options, ...locate(this, at, lifetime) }), lifetime);
  },
  async sql(mirror, statement) {
    const { sqlite: db } = (mirror.storage as SqliteStorage).database;
    const prepared = db.prepare(statement);
    if (prepared.reader) return prepared.all() as Record<string, unknown>[];
    prepared.run();
    return [];
  },
  async columns(mirror, table) {
    return (await this.sql(mirror, `PRAGMA table_info("${table}")`)).map((c) => c.name as string);
  },
  async indexes(mirror, table) {
    const names = await this.sql(mirror, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' AND sql IS NOT NULL ORDER BY name`);
    const result: Record<string, string[]> = {};
    for (const { name } of names) result[name as string] = (await this.sql(mirror, `PRAGMA index_info("${name}")`)).map((c) => c.name as string);
    return result;
  },
  async dropTable(mirror, table) {
    await this.sql(mirror, `DROP TABLE "${table}"`);
  },
};

function postgres(url: string): Backend {
  let n = 0;
  return {
    name: "postgres",
    location({ lifetime = "test" } = {}) {
      const pgSchema = `mq_test_${process.pid}_${Date.now().toString(36)}_${n++}`;
      held[lifetime].cleanups.push(async () => {
        const client = new pg.Client(url);
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
        } finally {
          await client.end();
        }
      });
      return { database: url, pgSchema };
    },
    mirror(docs, options = {}, at) {
      return track(mirrorOf(docs, { ...options, ...(at ?? this.location()) }));
    },
    open(options, at, lifetime = "test") {
      return track(Mirror.open({ ...options, ...locate(this, at, lifetime) }), lifetime);
    },
    async sql(mirror, statement) {
      return (await (mirror.storage as PostgresStorage).database.pool.query(statement)).rows;
    },
    async columns(mirror, table) {
      const { schema } = (mirror.storage as PostgresStorage).database;
      const rows = await (mirror.storage as PostgresStorage).database.pool.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
        [schema, table],
      );
      return rows.rows.map((r) => r.column_name as string);
    },
    async indexes(mirror, table) {
      const { pool, schema } = (mirror.storage as PostgresStorage).database;
      const rows = await pool.query(
        `SELECT i.relname AS name, array_agg(a.attname::text ORDER BY k.n) AS columns
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE s.nspname = $1 AND t.relname = $2 AND NOT x.indisprimary GROUP BY i.relname ORDER BY i.relname`,
        [schema, table],
      );
      return Object.fromEntries(rows.rows.map((r) => [r.name as string, r.columns as string[]]));
    },
    async dropTable(mirror, table) {
      await this.sql(mirror, `DROP TABLE "${table}" CASCADE`);
    },
  };
}

const postgresUrl = inject("postgresUrl");

/** The backends of this run: SQLite, and PostgreSQL when reachable. */
export const BACKENDS: Backend[] = postgresUrl ? [sqlite, postgres(postgresUrl)] : [sqlite];
