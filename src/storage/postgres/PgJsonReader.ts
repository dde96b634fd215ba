// The read engine on PostgreSQL: each root field's plan compiles (once per plan) into one
// statement, run on a pool of connections as a named prepared statement, so that PostgreSQL
// parses and plans each text once per connection. The pool is the read side's own, beside the
// storage's, so that long batches never hold up reads.

import { createHash } from "node:crypto";
import pg from "pg";
import type { CursorKey } from "../../query/cursor";
import type { RootPlan } from "../../query/ReadPlan";
import { MirrorError } from "../../errors";
import { log } from "../../server/log";
import type { JsonReader } from "../JsonReader";
import { compilePgReadPlan, type Compiled } from "./compileReadPlan";
import { installReadFunctions, READ_SESSION_OPTIONS } from "./jsonFunctions";

/**
 * Distinct statement texts prepared under a name on each connection; texts beyond run unnamed
 * (parsed each time), so that a client sending ever new operations cannot grow every
 * connection's prepared statements without bound.
 */
const NAMED_TEXTS = 1000;

export type StatementListener = (sql: string, params: readonly unknown[]) => void;

export interface PgReaderOptions {
  /** The mirror's schema (tables and read functions). */
  schema: string;
  /** Signs the cursors the statements write: the database's key. */
  cursorKey: CursorKey;
  /** Connections in the pool. */
  connections?: number;
  /** Milliseconds a statement may run before PostgreSQL cancels it (TIMEOUT); 0 or absent: no limit. */
  timeoutMs?: number;
}

export class PgJsonReader implements JsonReader {
  private readonly compiled = new WeakMap<RootPlan, Compiled & { name: string | undefined }>();
  private readonly names = new Set<string>();
  private readonly listeners = new Set<StatementListener>();

  private constructor(
    readonly pool: pg.Pool,
    private readonly timeoutMs: number,
    private readonly cursorKey: CursorKey,
  ) {}

  /**
   * Opens a pool on `url` reading the mirror in `schema`, and makes sure the read functions exist there.
   * @example const reader = await PgJsonReader.open("postgres://postgres@127.0.0.1/test", { schema: "mirrorql", cursorKey: mirror.cursorKey });
   */
  static async open(url: string, options: PgReaderOptions): Promise<PgJsonReader> {
    // The storage refuses other schema names with a user error before readers open; this one guards the options string.
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error(`invariant: schema name ${JSON.stringify(options.schema)} was not checked`);
    const pool = new pg.Pool({
      connectionString: url,
      options: `-c search_path=${options.schema} ${READ_SESSION_OPTIONS} -c statement_timeout=${Math.max(0, Math.trunc(options.timeoutMs ?? 0))}`,
      max: options.connections ?? 8,
    });
    // An idle connection that fails (the server restarted) is dropped by the pool; without a listener it would end the process.
    pool.on("error", (e) => log("error", "postgres_reader_connection_error", { message: e.message }));
    try {
      await installReadFunctions(pool);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return new PgJsonReader(pool, options.timeoutMs ?? 0, options.cursorKey);
  }

  async readJson(plan: RootPlan): Promise<string> {
    let c = this.compiled.get(plan);
    if (!c) {
      const { sql, params } = compilePgReadPlan(plan, this.cursorKey);
      this.compiled.set(plan, (c = { sql, params, name: this.statementName(sql) }));
    }
    for (const listener of this.listeners) listener(c.sql, c.params);
    const timeoutMs = this.timeoutMs;
    const result = await this.pool.query<unknown[]>({ ...(c.name ? { name: c.name } : {}), text: c.sql, values: c.params, rowMode: "array" }).catch((e: unknown) => {
      // 57014: canceled by statement_timeout.
      if ((e as { code?: string }).code !== "57014") throw e;
      throw new MirrorError("TIMEOUT", `The read ran past the time limit of ${timeoutMs} ms (timeoutMs) and was stopped; narrow its filter or ask for smaller pages.`, {
        limit: "timeoutMs",
        maximum: timeoutMs,
      });
    });
    return result.rows[0]![0] as string;
  }

  /** The name `sql` is prepared under on each connection; none once NAMED_TEXTS texts have a name. */
  private statementName(sql: string): string | undefined {
    const name = `mq_read_${createHash("sha1").update(sql).digest("hex").slice(0, 24)}`;
    if (this.names.has(name)) return name;
    if (this.names.size >= NAMED_TEXTS) return undefined;
    this.names.add(name);
    return name;
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
