// PostgreSQL for the read engine's tests: a copy of a SQLite mirror's state tables and ledger
// in a fresh schema of the layout the PostgreSQL storage makes (`<dataset>__state` with the
// model's fields, `_mq_deleted`, `_mq_hash`, `_mq_batch`; `_mq_batches`), tombstones included,
// so that both dialects' compiled engines read the same data. Until the PostgreSQL storage can
// load changes itself, this copy is how PostgreSQL gets the demo data.

import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Model } from "../../src/models/Model";
import type { Mirror } from "../../src/mirror";
import { PgJsonReader } from "../../src/storage/postgres/PgJsonReader";

export const PG_URL = process.env.MIRRORQL_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";

/** Whether PostgreSQL answers at PG_URL; prints the one line saying how to enable the tests when not. */
export async function postgresReachable(what: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    console.warn(`PostgreSQL tests skipped (${what}): nothing answers at ${PG_URL.replace(/\/\/[^@/]*@/, "//")}; set MIRRORQL_TEST_PG=postgres://user@host:5432/db to run them.`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const SQL_TYPE = { string: `text COLLATE "C"`, integer: "bigint", number: "double precision", boolean: "boolean", date: "date", datetime: `text COLLATE "C"` } as const;
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function toPg(value: unknown, type: keyof typeof SQL_TYPE | "flag"): unknown {
  if (value === null || value === undefined) return null;
  if (type === "boolean" || type === "flag") return Number(value) !== 0;
  if (type === "number") return Number(value);
  if (typeof value === "bigint") return value.toString();
  return value;
}

async function insertAll(client: pg.ClientBase, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(", ")})`).join(", ");
    await client.query(`INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES ${values}`, params);
  }
}

export interface PostgresCopy {
  schema: string;
  reader: PgJsonReader;
  /** Drops the schema and closes the reader. */
  drop(): Promise<void>;
}

/**
 * Copies `mirror`'s state tables (rows and tombstones) and ledger into a new schema and opens a
 * PostgreSQL read engine on it.
 * @example const copy = await copyToPostgres(mirror); const json = await copy.reader.readJson(plan); await copy.drop();
 */
export async function copyToPostgres(mirror: Mirror): Promise<PostgresCopy> {
  const schema = `mq_read_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path = ${schema}`);
    await client.query(`CREATE TABLE "_mq_batches" (seq bigint PRIMARY KEY, id text NOT NULL UNIQUE, received_at text NOT NULL, receipt text NOT NULL)`);
    const sqlite = mirror.database.sqlite;
    const batches = sqlite.prepare(`SELECT seq, id, received_at, receipt FROM _mq_batches`).raw(true).all() as unknown[][];
    await insertAll(client, "_mq_batches", ["seq", "id", "received_at", "receipt"], batches.map((r) => r.map((v) => (typeof v === "bigint" ? v.toString() : v))));
    for (const model of mirror.models) await copyDataset(client, sqlite, model);
  } catch (e) {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
    throw e;
  }
  await client.end();
  const reader = await PgJsonReader.open(PG_URL, { schema, connections: 4 });
  return {
    schema,
    reader,
    async drop() {
      await reader.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

async function copyDataset(client: pg.ClientBase, sqlite: Mirror["database"]["sqlite"], model: Model): Promise<void> {
  const table = `${model.dataset}__state`;
  const columns = [...model.fields.map((f) => `${q(f.name)} ${SQL_TYPE[f.type]}`), `"_mq_deleted" boolean NOT NULL`, `"_mq_hash" bytea NOT NULL`, `"_mq_batch" bigint NOT NULL`];
  await client.query(`CREATE TABLE ${q(table)} (${columns.join(", ")}, PRIMARY KEY (${model.primaryKey.map(q).join(", ")}))`);
  for (const field of new Set(model.relationships.map((r) => r.field))) await client.query(`CREATE INDEX ON ${q(table)} (${q(field)})`);
  const names = [...model.fields.map((f) => f.name), "_mq_deleted", "_mq_hash", "_mq_batch"];
  const types = [...model.fields.map((f) => f.type), "flag" as const, "string" as const, "integer" as const];
  const rows = sqlite.prepare(`SELECT ${names.map(q).join(", ")} FROM ${q(table)}`).safeIntegers(true).raw(true).all() as unknown[][];
  await insertAll(client, table, names, rows.map((row) => row.map((v, i) => toPg(v, types[i]!))));
}
