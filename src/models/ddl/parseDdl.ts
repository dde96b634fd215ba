// Reads a DDL file into statements with sqlparser-rs (Apache DataFusion's SQL parser, compiled
// to WebAssembly by @guanmingchiu/sqlparser-ts): one dialect per warehouse, and source lines on
// every identifier. Before parsing, a few words the warehouses print and the parser does not
// read, none of which changes a model, are blanked in place (see normalise), so that every line
// and column stays where it was.

import { init, parse, type DialectName } from "@guanmingchiu/sqlparser-ts";

export const DDL_DIALECTS = ["snowflake", "bigquery", "databricks"] as const;
export type DdlDialect = (typeof DDL_DIALECTS)[number];

/** The parser's dialect for each warehouse: Databricks's own misses MAP<...> and USING, Spark's reads both. */
const PARSER_DIALECT: Record<DdlDialect, DialectName> = { snowflake: "snowflake", bigquery: "bigquery", databricks: "spark" };

export type ParsedDdl = { ok: true; dialect: DdlDialect; statements: unknown[] } | { ok: false; errors: { dialect: DdlDialect; message: string; line: number; column: number }[] };

/**
 * Parses `sql` as the given warehouse's DDL, or, without one, as the first of Snowflake,
 * BigQuery and Databricks that reads the whole text.
 * @example const parsed = await parseDdl("CREATE TABLE t (id INT64 NOT NULL, PRIMARY KEY (id) NOT ENFORCED)", "bigquery");
 */
export async function parseDdl(sql: string, dialect?: DdlDialect): Promise<ParsedDdl> {
  await init();
  const errors: { dialect: DdlDialect; message: string; line: number; column: number }[] = [];
  for (const d of dialect ? [dialect] : DDL_DIALECTS) {
    const text = normalise(sql, d);
    try {
      return { ok: true, dialect: d, statements: parse(text, PARSER_DIALECT[d]) as unknown[] };
    } catch (e) {
      const message = String((e as Error).message ?? e).replace(/^sql parser error: /, "");
      const at = /at Line: (\d+), Column: (\d+)/.exec(message);
      errors.push({ dialect: d, message: message.replace(/ at Line: \d+, Column: \d+$/, ""), line: Number(at?.[1] ?? 1), column: Number(at?.[2] ?? 1) });
    }
  }
  return { ok: false, errors };
}

const blank = (text: string) => text.replace(/[^\n]/g, " ");

/**
 * The text as the parser's dialect reads it, every position kept:
 * - `RELY`/`NORELY` after a constraint (Snowflake, Databricks: a hint to the query optimizer);
 * - Snowflake's `create or replace schema` (GET_DDL of a schema starts with it) loses `or replace`;
 * - Databricks's storage clauses after the columns (stripDatabricksClauses).
 */
export function normalise(sql: string, dialect: DdlDialect): string {
  let text = sql.replace(/(\)[ \t]*)(NO)?RELY\b/gi, (all, close: string) => close + blank(all.slice(close.length)));
  if (dialect === "snowflake")
    text = text.replace(/^([ \t]*create[ \t]+)(or[ \t]+replace[ \t]+)(?=schema\b)/gim, (_, create: string, orReplace: string) => create + blank(orReplace));
  return dialect === "databricks" ? stripDatabricksClauses(text) : text;
}

/** Storage clauses of Databricks's SHOW CREATE TABLE, each printed at the start of a line after the columns. */
const DATABRICKS_CLAUSE = /^(PARTITIONED BY|CLUSTER BY|OPTIONS|TBLPROPERTIES|LOCATION)\b/i;

/**
 * Blanks the storage clauses Databricks prints after the column list (PARTITIONED BY, CLUSTER BY,
 * OPTIONS, TBLPROPERTIES, LOCATION: how the table is stored, not what a row holds), from the line a clause
 * starts on to where its parentheses close, so that the parser's Spark dialect reads the rest.
 */
export function stripDatabricksClauses(sql: string): string {
  let inClause = false;
  let depth = 0;
  let opened = false;
  return sql
    .split("\n")
    .map((line) => {
      if (!inClause) {
        if (!DATABRICKS_CLAUSE.test(line)) return line;
        [inClause, depth, opened] = [true, 0, false];
      }
      let end = line.length;
      let quote: string | undefined;
      for (let i = 0; i < line.length && inClause; i++) {
        const c = line[i]!;
        if (quote) {
          if (c === quote) quote = undefined;
        } else if (c === "'" || c === '"' || c === "`") quote = c;
        else if (c === "(") [depth, opened] = [depth + 1, true];
        else if (c === ")" && --depth === 0 && opened) [end, inClause] = [i + 1, false];
        else if (c === ";" && depth === 0) [end, inClause] = [i, false];
      }
      if (!opened) inClause = false; // a clause without parentheses ends with its line
      return " ".repeat(end) + line.slice(end);
    })
    .join("\n");
}
