// One CREATE TABLE statement, as the parser gives it, read into the parts a model is made of:
// columns with their types and source lines, the primary key, foreign keys, descriptions.

import type { ModelProblem } from "../ModelProblem";
import { ddlType, identValue, type DdlTypeResult } from "./ddlTypes";

export interface DdlColumn {
  name: string;
  line: number;
  type: DdlTypeResult;
  /** NOT NULL, or part of the primary key (which implies it in SQL). */
  required: boolean;
  unique: boolean;
  description?: string;
}

export interface DdlForeignKey {
  columns: string[];
  line: number;
  /** The referenced table's name parts as written (`DB.SCHEMA.T` → three parts). */
  target: string[];
  /** The referenced columns; none when the DDL leaves them to the target's key. */
  targetColumns: string[];
}

export interface DdlTable {
  /** The name as written, parts joined by dots: `SALES.PUBLIC.ACCOUNTS`. */
  qualified: string;
  /** The last part: the table itself. */
  name: string;
  line: number;
  columns: DdlColumn[];
  primaryKey?: { columns: string[]; line: number };
  foreignKeys: DdlForeignKey[];
  description?: string;
  /** Constraints read and not kept, for notes: CHECK, composite UNIQUE. */
  ignored: { line: number; what: string }[];
  /** Set when a rule of its own failed: no model is made, references to it are still told from typos. */
  refused: boolean;
}

/** "line 12, table SALES.PUBLIC.CONTACTS, column ACCOUNT_ID": where a problem lies, as paths name it in model files. */
export function where(line: number, table?: string, column?: string | string[]): string {
  const columns = typeof column === "string" ? [column] : (column ?? []);
  const what = columns.length === 0 ? "" : `, column${columns.length > 1 ? "s" : ""} ${columns.join(", ")}`;
  return `line ${line}${table !== undefined ? `, table ${table}` : ""}${what}`;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The first source line in a node of the parser's JSON (identifiers carry spans). */
export function firstLine(node: unknown): number | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  const span = (node as { span?: { start?: { line?: unknown } } }).span;
  if (typeof span?.start?.line === "number" && span.start.line > 0) return span.start.line;
  for (const v of Object.values(node)) {
    const line = firstLine(v);
    if (line !== undefined) return line;
  }
  return undefined;
}

/** Names in a key or constraint column list: `{ column: { expr: { Identifier } } }` or plain identifiers. */
const keyColumns = (items: unknown): { name: string; line?: number }[] =>
  list(items).map((item) => {
    const expr = obj(obj(obj(item).column).expr);
    const ident = expr.Identifier ?? item;
    return { name: identValue(ident), line: firstLine(ident) };
  });

/**
 * Reads one CreateTable node; every problem of the table is added to `problems`.
 * @example const table = readDdlTable("schema.sql", statement.CreateTable, problems);
 */
export function readDdlTable(file: string, node: Json, problems: ModelProblem[]): DdlTable {
  const nameParts = list(node.name);
  const qualified = nameParts.map(identValue).join(".");
  const line = firstLine(node.name) ?? firstLine(node) ?? 1;
  const table: DdlTable = { qualified, name: identValue(nameParts[nameParts.length - 1]), line, columns: [], foreignKeys: [], ignored: [], refused: false };
  const problem = (at: string, message: string, fix: string) => {
    problems.push({ file, path: at, message, fix });
    table.refused = true;
  };
  const description = tableDescription(node);
  if (description !== undefined) table.description = description;

  if (node.query !== undefined || node.like !== undefined || node.clone !== undefined) {
    const how = node.query !== undefined ? "AS SELECT" : node.like !== undefined ? "LIKE" : "CLONE";
    problem(
      where(line, qualified),
      `CREATE TABLE ... ${how} takes its columns from elsewhere, so their types and key are not in the file.`,
      "import the DDL the warehouse prints for the table itself (Snowflake GET_DDL, BigQuery INFORMATION_SCHEMA.TABLES.ddl, Databricks SHOW CREATE TABLE).",
    );
    return table;
  }

  for (const c of list(node.columns).map(obj)) {
    const name = identValue(c.name);
    const columnLine = firstLine(c.name) ?? line;
    const column: DdlColumn = { name, line: columnLine, type: ddlType(c.data_type), required: false, unique: false };
    for (const o of list(c.options).map((x) => obj(x).option)) {
      const [kind, payload] = typeof o === "string" ? [o, undefined] : (Object.entries(obj(o))[0] ?? ["", undefined]);
      if (kind === "NotNull") column.required = true;
      else if (kind === "Unique") column.unique = true;
      else if (kind === "PrimaryKey") table.primaryKey ??= { columns: [name], line: columnLine };
      else if (kind === "Comment" && typeof payload === "string") column.description = payload;
      else if (kind === "Options") column.description = optionDescription(payload) ?? column.description;
      else if (kind === "Check") table.ignored.push({ line: columnLine, what: `the CHECK constraint on column ${name}` });
      else if (kind === "ForeignKey") {
        const fk = obj(payload);
        table.foreignKeys.push({
          columns: [name],
          line: columnLine,
          target: list(fk.foreign_table).map(identValue),
          targetColumns: keyColumns(fk.referred_columns).map((k) => k.name),
        });
      }
    }
    if ("problem" in column.type) problem(where(columnLine, qualified, name), `column "${name}" ${column.type.problem.message}`, column.type.problem.fix);
    table.columns.push(column);
  }
  if (table.columns.length === 0) problem(where(line, qualified), `table ${qualified} declares no columns.`, "list its columns in the CREATE TABLE statement.");

  for (const constraint of list(node.constraints).map(obj)) {
    const [kind, payload] = Object.entries(constraint)[0] ?? ["", undefined];
    const p = obj(payload);
    const cols = keyColumns(p.columns);
    const at = cols[0]?.line ?? firstLine(p) ?? line;
    if (kind === "PrimaryKey") {
      if (table.primaryKey)
        problem(where(at, qualified), `table ${qualified} declares a second primary key (the first is at line ${table.primaryKey.line}).`, "keep one PRIMARY KEY per table.");
      else table.primaryKey = { columns: cols.map((k) => k.name), line: at };
    } else if (kind === "ForeignKey") {
      table.foreignKeys.push({
        columns: cols.map((k) => k.name),
        line: at,
        target: list(p.foreign_table).map(identValue),
        targetColumns: keyColumns(p.referred_columns).map((k) => k.name),
      });
    } else if (kind === "Unique" && cols.length === 1) {
      const col = table.columns.find((c) => c.name === cols[0]!.name);
      if (col) col.unique = true;
    } else if (kind === "Unique") {
      // A composite UNIQUE has no native counterpart: a relationship targets one field.
      table.ignored.push({ line: at, what: `UNIQUE (${cols.map((c) => c.name).join(", ")})` });
    } else if (kind === "Check") {
      table.ignored.push({ line: at, what: "a CHECK constraint" });
    } else {
      table.ignored.push({ line: at, what: `a ${kind} constraint` });
    }
  }

  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const name of table.primaryKey?.columns ?? []) {
    const col = byName.get(name);
    if (col) col.required = true;
    else
      problem(
        where(table.primaryKey!.line, qualified, name),
        `the primary key names column "${name}", which table ${qualified} does not declare.`,
        "name declared columns in PRIMARY KEY (...).",
      );
  }
  for (const fk of table.foreignKeys) {
    for (const name of fk.columns) {
      if (!byName.has(name))
        problem(where(fk.line, qualified, name), `a foreign key names column "${name}", which table ${qualified} does not declare.`, "name declared columns in FOREIGN KEY (...).");
    }
  }
  return table;
}

/** COMMENT 'x' (Snowflake, Databricks) or OPTIONS(description="x") (BigQuery). */
function tableDescription(node: Json): string | undefined {
  if (typeof node.comment === "string") return node.comment;
  const options = obj(node.table_options);
  for (const option of [...list(options.Plain), ...list(options.Options)].map(obj)) {
    const comment = obj(option.Comment);
    const text = comment.WithEq ?? comment.WithoutEq ?? (typeof option.Comment === "string" ? option.Comment : undefined);
    if (typeof text === "string") return text;
  }
  return optionDescription(options.Options);
}

/** BigQuery's `OPTIONS(description="...")` on a table or a column. */
function optionDescription(options: unknown): string | undefined {
  for (const kv of list(options).map((o) => obj(obj(o).KeyValue))) {
    if (identValue(kv.key).toLowerCase() !== "description") continue;
    const value = obj(obj(obj(kv.value).Value).value);
    const text = value.DoubleQuotedString ?? value.SingleQuotedString;
    if (typeof text === "string") return text;
  }
  return undefined;
}

/** A column by name: as written, else the one column with that name in any case (unquoted names are case-insensitive). */
export function findColumn(table: DdlTable, name: string): DdlColumn | undefined {
  return table.columns.find((c) => c.name === name) ?? unique(table.columns.filter((c) => c.name.toLowerCase() === name.toLowerCase()));
}
export const unique = <T>(xs: T[]) => (xs.length === 1 ? xs[0] : undefined);
