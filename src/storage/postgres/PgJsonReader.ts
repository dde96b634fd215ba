// The read engine on PostgreSQL: each root field's plan compiles (once per plan) into one
// statement, run on a pool of connections as a named prepared statement, so that PostgreSQL
// parses and plans each text once per connection. The pool is the read side's own, beside the
// storage's, so that long batches never hold up reads.

import { createHash } from "node:crypto";
import pg from "pg";
import type { RootPlan } from "../../query/ReadPlan";
import type { JsonReader } from "../JsonReader";
import { compilePgReadPlan, type Compiled } from "./compileReadPlan";
import { installReadFunctions, READ_SESSION_OPTIONS } from "./jsonFunctions";

export type StatementListener = (sql: string, params: readonly unknown[]) => void;

export interface PgReaderOptions {
  /** The mirror's schema (tables and read functions). */
  schema: string;
  /** Connections in the pool. */
  connections?: number;
}

export class PgJsonReader implements JsonReader {
  private readonly compiled = new WeakMap<RootPlan, Compiled & { name: string }>();
  private readonly listeners = new Set<StatementListener>();

  private constructor(readonly pool: pg.Pool) {}

  /**
   * Opens a pool on `url` reading the mirror in `schema`, and makes sure the read functions exist there.
   * @example const reader = await PgJsonReader.open("postgres://postgres@127.0.0.1/test", { schema: "mirrorql" });
   */
  static async open(url: string, options: PgReaderOptions): Promise<PgJsonReader> {
    const pool = new pg.Pool({
      connectionString: url,
      options: `-c search_path=${options.schema} ${READ_SESSION_OPTIONS}`,
      max: options.connections ?? 8,
    });
    try {
      await installReadFunctions(pool);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return new PgJsonReader(pool);
  }

  async readJson(plan: RootPlan): Promise<string> {
    let c = this.compiled.get(plan);
    if (!c) {
      const { sql, params } = compilePgReadPlan(plan);
      this.compiled.set(plan, (c = { sql, params, name: `mq_read_${createHash("sha1").update(sql).digest("hex").slice(0, 24)}` }));
    }
    for (const listener of this.listeners) listener(c.sql, c.params);
    const result = await this.pool.query<unknown[]>({ name: c.name, text: c.sql, values: c.params, rowMode: "array" });
    return result.rows[0]![0] as string;
  }

  /** Calls `listener` for every statement until the returned function is called. */
  observe(listener: StatementListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
