// What the server's metrics and readiness read of the mirror's PostgreSQL schema: quarantine
// sizes, the schema's size, and the migrations recorded as applied. Each is one statement.

import type { Model } from "../../models/Model";
import { tableNames } from "../datasetLayout";
import type { PostgresDatabase } from "./openDatabase";
import { q } from "./sql";

/** Rows in each dataset's quarantine, in one statement. */
export async function quarantineCounts({ pool }: PostgresDatabase, models: readonly Model[]): Promise<Record<string, number>> {
  if (models.length === 0) return {};
  const sql = models.map((m, i) => `SELECT $${i + 1}::text AS dataset, count(*) AS n FROM ${q(tableNames(m.dataset).quarantine)}`).join(" UNION ALL ");
  const { rows } = await pool.query<{ dataset: string; n: bigint | string }>(
    sql,
    models.map((m) => m.dataset),
  );
  return Object.fromEntries(rows.map(({ dataset, n }) => [dataset, Number(n)]));
}

/**
 * The bytes of the schema's tables, each with its indexes and TOAST: the mirror's share of the
 * database, which other mirrors (other schemas) or applications may share.
 */
export async function databaseBytes({ pool, schema }: PostgresDatabase): Promise<number> {
  const { rows } = await pool.query<{ bytes: bigint | string }>(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
    [schema],
  );
  return Number(rows[0]!.bytes);
}

/** How many migrations of the internal tables the schema records as applied (drizzle's table in the schema). */
export async function appliedMigrations({ pool }: PostgresDatabase): Promise<number> {
  const { rows } = await pool.query<{ n: bigint | string }>("SELECT count(*) AS n FROM __drizzle_migrations");
  return Number(rows[0]!.n);
}
