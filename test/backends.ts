// The storage backends each parameterised test file runs on: SQLite always, PostgreSQL when the
// global setup reached it (postgresSetup.ts). Each test gets an empty database of its own: an
// in-memory SQLite database or a temporary file, or a fresh PostgreSQL schema dropped after it.
//
//   describe.each(BACKENDS)("$name", (backend) => { it("...", async () => { const m = await backend.mirror([CONTACT]); }); });

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, inject } from "vitest";
import type { Mirror, MirrorOptions } from "../src/mirror";
import { PostgresStorage } from "../src/storage/postgres/PostgresStorage";
import { SqliteStorage } from "../src/storage/sqlite/SqliteStorage";
import { mirrorOf, type ModelJson } from "./helpers";

export interface Location {
  database: string;
  pgSchema?: string;
}

export interface Backend {
  readonly name: "sqlite" | "postgres";
  /**
   * An empty database for the current test, removed after it. SQLite: in memory, or a file
   * (for tests that open it again) when `reopen` is set.
   */
  location(options?: { reopen?: boolean }): Location;
  /** Opens a mirror on a fresh location (or on `at`); closed after the test. */
  mirror(docs: ModelJson[], options?: Omit<MirrorOptions, "models" | "database" | "pgSchema">, at?: Location): Promise<Mirror>;
  /** Runs one statement of this dialect on the mirror's database; rows as the driver gives them. */
  sql(mirror: Mirror, statement: string): Promise<Record<string, unknown>[]>;
  /** The columns of a table or view. */
  columns(mirror: Mirror, table: string): Promise<string[]>;
  /** The indexes on a table other than its primary key's, by name, with their columns. */
  indexes(mirror: Mirror, table: string): Promise<Record<string, string[]>>;
}

const opened: Mirror[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const m of opened.splice(0)) await m.close();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function track(m: Promise<Mirror>): Promise<Mirror> {
  const mirror = await m;
  opened.push(mirror);
  return mirror;
}

const sqlite: Backend = {
  name: "sqlite",
  location({ reopen = false } = {}) {
    if (!reopen) return { database: ":memory:" };
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return { database: join(dir, "mirror.db") };
  },
  mirror(docs, options = {}, at) {
    return track(mirrorOf(docs, { ...options, ...(at ?? this.location()) }));
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
};

function postgres(url: string): Backend {
  let n = 0;
  return {
    name: "postgres",
    location() {
      const pgSchema = `mq_test_${process.pid}_${Date.now().toString(36)}_${n++}`;
      cleanups.push(async () => {
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
    async sql(mirror, statement) {
      return (await (mirror.storage as PostgresStorage).database.pool.query(statement)).rows;
    },
    async columns(mirror, table) {
      const { schema } = (mirror.storage as PostgresStorage).database;
      const rows = await (mirror.storage as PostgresStorage).database.pool.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [schema, table]);
      return rows.rows.map((r) => r.column_name as string);
    },
    async indexes(mirror, table) {
      const { pool, schema } = (mirror.storage as PostgresStorage).database;
      const rows = await pool.query(
        `SELECT i.relname AS name, array_agg(a.attname::text ORDER BY k.n) AS columns
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE s.nspname = $1 AND t.relname = $2 AND NOT x.indisprimary GROUP BY i.relname ORDER BY i.relname`, [schema, table]);
      return Object.fromEntries(rows.rows.map((r) => [r.name as string, r.columns as string[]]));
    },
  };
}

const postgresUrl = inject("postgresUrl");

/** The backends of this run: SQLite, and PostgreSQL when reachable. */
export const BACKENDS: Backend[] = postgresUrl ? [sqlite, postgres(postgresUrl)] : [sqlite];
