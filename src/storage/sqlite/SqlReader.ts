// Runs the read side's SQL: statements are prepared once per text and reused,
// and every statement can be observed (golden tests show the SQL an operation ran).

import type { Database, Statement } from "better-sqlite3";

export type StatementListener = (sql: string, params: readonly unknown[]) => void;

export class SqlReader {
  private readonly cache = new Map<string, Statement>();
  private readonly listeners = new Set<StatementListener>();

  constructor(private readonly sqlite: Database) {}

  all<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): T[] {
    for (const listener of this.listeners) listener(sql, params);
    return this.statement(sql).all(...params) as T[];
  }

  /** Calls `listener` for every statement until the returned function is called. */
  observe(listener: StatementListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private statement(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      if (this.cache.size > 2000) this.cache.clear();
      this.cache.set(sql, stmt);
    }
    return stmt;
  }
}
