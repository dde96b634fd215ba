// What the server's metrics and readiness read of a SQLite database: quarantine sizes, the
// file's size, and the migrations recorded as applied. Each is one statement.

import type { Model } from "../../models/Model";
import { tableNames } from "../datasetLayout";
import type { SqliteDatabase } from "./openDatabase";
import { q } from "./sql";

/** SQLite's default limit of terms in one compound SELECT (SQLITE_MAX_COMPOUND_SELECT). */
const COMPOUND_TERMS = 500;

/** Rows in each dataset's quarantine: one statement (per 500 datasets). */
export function quarantineCounts({ sqlite }: SqliteDatabase, models: readonly Model[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < models.length; i += COMPOUND_TERMS) {
    const some = models.slice(i, i + COMPOUND_TERMS);
    const sql = some.map((m) => `SELECT ? AS dataset, count(*) AS n FROM ${q(tableNames(m.dataset).quarantine)}`).join(" UNION ALL ");
    for (const { dataset, n } of sqlite.prepare(sql).all(...some.map((m) => m.dataset)) as { dataset: string; n: bigint | number }[]) counts[dataset] = Number(n);
  }
  return counts;
}

/** The bytes of the database's pages (the file, without its write-ahead log). */
export function databaseBytes({ sqlite }: SqliteDatabase): number {
  const row = sqlite.prepare("SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()").get() as { bytes: bigint | number };
  return Number(row.bytes);
}

/** How many migrations of the internal tables the database records as applied (drizzle's table). */
export function appliedMigrations({ sqlite }: SqliteDatabase): number {
  const row = sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: bigint | number };
  return Number(row.n);
}
