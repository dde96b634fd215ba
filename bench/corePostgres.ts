// Section "core" on PostgreSQL (--backend postgres): one pass of the merge core (Mirror.open on a
// fresh schema, applyChanges per batch, history and tombstones on) and one pass of the bare
// version-guarded upsert of the same rows through pg, each in a schema of its own, dropped after.

import pg from "pg";
import { Mirror } from "../src/mirror";
import type { PostgresStorage } from "../src/storage/postgres/PostgresStorage";
import { addReceipt, emptyTotals, type RunHooks, type RunResult } from "./core";
import { contactModel, DATASET, type ChangeRow } from "./workload";

/** A schema name of this process for one run, dropped when the run ends. */
export const schemaOf = (name: string) => `mq_bench_${process.pid}_${name.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`.slice(0, 63);

/** Tables, indexes and TOAST of a schema, in bytes. */
async function schemaBytes(query: (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>, schema: string): Promise<number> {
  const r = await query(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [schema],
  );
  return Number(r.rows[0]!.bytes);
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Rows of a table (or view) in a schema. */
export async function countPostgresRows(url: string, schema: string, table: string): Promise<number> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM "${schema}"."${table}"`)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** The merge core on PostgreSQL: Mirror.open({ database: url, pgSchema }), then applyChanges per batch. */
export async function runCorePostgres(url: string, name: string, batches: readonly ChangeRow[][], hooks: Pick<RunHooks, "onBatch">): Promise<RunResult> {
  const schema = schemaOf(name);
  await dropSchema(url, schema);
  const mirror = await Mirror.open({ database: url, pgSchema: schema, models: [contactModel()] });
  const receipts = emptyTotals();
  let applyMs = 0;
  let heapUsedPeak = 0;
  let rows = 0;
  try {
    for (const [i, batch] of batches.entries()) {
      const t0 = performance.now();
      const receipt = await mirror.applyChanges(DATASET, batch, { batchId: `${name}-${i}` });
      applyMs += performance.now() - t0;
      rows += batch.length;
      addReceipt(receipts, receipt);
      heapUsedPeak = Math.max(heapUsedPeak, hooks.onBatch());
    }
    const { pool } = (mirror.storage as PostgresStorage).database;
    const finalRows = Number((await pool.query(`SELECT count(*) AS n FROM "${DATASET}"`)).rows[0]!.n);
    const dbBytes = await schemaBytes((sql, params) => pool.query(sql, params), schema);
    return { applyMs, rowsPerSec: (rows / applyMs) * 1000, heapUsedPeak, dbBytes, finalRows, receipts };
  } finally {
    await mirror.close();
    await dropSchema(url, schema);
  }
}

/**
 * What a JDBC sink does with a batch, bare: the batch reduced to each key's greatest-version change
 * (a delete wins a tie, as in the mirror), then one transaction of one `INSERT ... SELECT FROM unnest(...)
 * ON CONFLICT DO UPDATE ... WHERE excluded.version > t.version` for the upserts and one guarded
 * `DELETE ... USING unnest(...)` for the deletes. Same column types as the mirror's table.
 */
export async function runBaselinePostgres(url: string, name: string, batches: readonly ChangeRow[][], hooks: Pick<RunHooks, "onBatch">): Promise<RunResult> {
  const schema = schemaOf(name);
  await dropSchema(url, schema);
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  let applyMs = 0;
  let heapUsedPeak = 0;
  let rows = 0;
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`CREATE TABLE contacts (
      contact_id text COLLATE "C" PRIMARY KEY, account_id text COLLATE "C" NOT NULL, email text COLLATE "C", score bigint,
      balance double precision, active boolean NOT NULL, last_modified text COLLATE "C" NOT NULL)`);
    const upsert = `INSERT INTO contacts AS t (contact_id, account_id, email, score, balance, active, last_modified)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::float8[], $6::boolean[], $7::text[])
      ON CONFLICT (contact_id) DO UPDATE SET account_id = excluded.account_id, email = excluded.email, score = excluded.score,
        balance = excluded.balance, active = excluded.active, last_modified = excluded.last_modified
      WHERE excluded.last_modified > t.last_modified`;
    const remove = `DELETE FROM contacts AS t USING unnest($1::text[], $2::text[]) AS d(contact_id, last_modified)
      WHERE t.contact_id = d.contact_id AND t.last_modified <= d.last_modified`;
    for (const batch of batches) {
      const t0 = performance.now();
      const newest = new Map<string, ChangeRow>();
      for (const r of batch) {
        const kept = newest.get(r.contact_id);
        if (!kept || r.last_modified > kept.last_modified || (r.last_modified === kept.last_modified && r._change_request_type === "d")) newest.set(r.contact_id, r);
      }
      const u: unknown[][] = [[], [], [], [], [], [], []];
      const d: string[][] = [[], []];
      for (const r of newest.values()) {
        if (r._change_request_type === "d") {
          d[0]!.push(r.contact_id);
          d[1]!.push(r.last_modified);
        } else {
          const values = [r.contact_id, r.account_id, r.email, r.score, r.balance, r.active, r.last_modified];
          for (let i = 0; i < values.length; i++) u[i]!.push(values[i]);
        }
      }
      await client.query("BEGIN");
      if (u[0]!.length > 0) await client.query(upsert, u);
      if (d[0]!.length > 0) await client.query(remove, d);
      await client.query("COMMIT");
      applyMs += performance.now() - t0;
      rows += batch.length;
      heapUsedPeak = Math.max(heapUsedPeak, hooks.onBatch());
    }
    const finalRows = Number((await client.query(`SELECT count(*) AS n FROM contacts`)).rows[0]!.n);
    const dbBytes = await schemaBytes((sql, params) => client.query(sql, params), schema);
    return { applyMs, rowsPerSec: (rows / applyMs) * 1000, heapUsedPeak, dbBytes, finalRows };
  } finally {
    await client.end();
    await dropSchema(url, schema);
  }
}
