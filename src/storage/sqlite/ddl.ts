// Renders SQLite DDL from a Drizzle table definition, so that the runtime tables
// of each dataset have one definition (datasetTables.ts) and no hand-written SQL.

import type { SQL } from "drizzle-orm";
import { getTableConfig, SQLiteSyncDialect, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { q } from "./sql";

export function createTableSql(table: SQLiteTable, withoutRowid = false): string[] {
  const config = getTableConfig(table);
  const columns = config.columns.map((c) => {
    let def = `${q(c.name)} ${c.getSQLType()}`;
    if (c.primary) def += " PRIMARY KEY";
    if (c.notNull && !c.primary) def += " NOT NULL";
    return def;
  });
  for (const pk of config.primaryKeys) {
    columns.push(`CONSTRAINT ${q(pk.getName())} PRIMARY KEY (${pk.columns.map((c) => q(c.name)).join(", ")})`);
  }
  const statements = [`CREATE TABLE IF NOT EXISTS ${q(config.name)} (\n  ${columns.join(",\n  ")}\n)${withoutRowid ? " WITHOUT ROWID" : ""}`];
  for (const ix of config.indexes) statements.push(createIndexSql(config.name, ix.config));
  return statements;
}

const dialect = new SQLiteSyncDialect();

export function createIndexSql(table: string, ix: { name: string; unique: boolean; columns: unknown[]; where?: SQL | undefined }): string {
  const cols = ix.columns.map((c) => q((c as { name: string }).name)).join(", ");
  const where = ix.where ? ` WHERE ${dialect.sqlToQuery(ix.where).sql}` : "";
  return `CREATE ${ix.unique ? "UNIQUE " : ""}INDEX IF NOT EXISTS ${q(ix.name)} ON ${q(table)} (${cols})${where}`;
}

/** A view of some columns of a table's rows; dropped and made again, so that it follows the table's columns. */
export interface ViewDefinition {
  name: string;
  from: string;
  columns: string[];
  where: string;
}

export function createViewSql(view: ViewDefinition): string[] {
  return [`DROP VIEW IF EXISTS ${q(view.name)}`, `CREATE VIEW ${q(view.name)} AS SELECT ${view.columns.map(q).join(", ")} FROM ${q(view.from)} WHERE ${view.where}`];
}

/** `ALTER TABLE ... ADD COLUMN` for a column a grown model added. */
export function addColumnSql(table: SQLiteTable, column: string): string {
  const c = getTableConfig(table).columns.find((col) => col.name === column);
  if (!c) throw new Error(`invariant: table ${getTableConfig(table).name} has no column ${column}`);
  return `ALTER TABLE ${q(getTableConfig(table).name)} ADD COLUMN ${q(c.name)} ${c.getSQLType()}`;
}
