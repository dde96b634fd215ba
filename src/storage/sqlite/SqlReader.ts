// Runs the read side's SQL: statements are prepared once per text and reused,
// and every statement can be observed (golden tests show the SQL an operation ran).

import type { Database, Statement } from "better-sqlite3";
import type { CursorKey } from "../../query/cursor";
import type { RootPlan } from "../../query/ReadPlan";
import type { JsonReader } from "../JsonReader";
import type { Compiled } from "./compileQuery";
import { compileReadPlan } from "./compileReadPlan";
import { registerJsonFunctions } from "./jsonFunctions";

export type StatementListener = (sql: string, params: readonly unknown[]) => void;

export class SqlReader implements JsonReader {
  private readonly cache = new Map<string, Statement>();
  private readonly listeners = new Set<StatementListener>();
  private readonly compile = compiledOnce();

  /** Reads on `sqlite`, writing cursors signed with `cursorKey` (the database's). */
  constructor(
    private readonly sqlite: Database,
    cursorKey: CursorKey,
  ) {
    registerJsonFunctions(sqlite, cursorKey);
  }

  all<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): T[] {
    for (const listener of this.listeners) listener(sql, params);
    return this.statement(sql)
      .raw(false)
      .all(...params) as T[];
  }

  /** The one value of a statement that returns one row of one column (the read engine's JSON). */
  value(sql: string, params: readonly unknown[] = []): unknown {
    for (const listener of this.listeners) listener(sql, params);
    return (
      this.statement(sql)
        .raw(true)
        .get(...params) as unknown[]
    )[0];
  }

  /** The read engine on this connection, in the calling thread (an in-memory database, tests). */
  async readJson(plan: RootPlan): Promise<string> {
    const { sql, params } = this.compile(plan);
    return this.value(sql, params) as string;
  }

  async close(): Promise<void> {}

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

/** Compiles each root plan once (plans are cached per operation, so the same object comes back). */
export function compiledOnce(): (plan: RootPlan) => Compiled {
  const compiled = new WeakMap<RootPlan, Compiled>();
  return (plan) => {
    let c = compiled.get(plan);
    if (!c) compiled.set(plan, (c = compileReadPlan(plan)));
    return c;
  };
}
