// Turns warehouse DDL (CREATE TABLE as Snowflake, BigQuery and Databricks print it) into native
// model documents: column types to field types, the primary key, the version and timestamp
// columns the caller names, and foreign keys as relationships. Every problem names the file,
// the line, the table and the column; the models then go through the same checks as model
// files (checkModels), and their problems are pointed back at the DDL.

import { VERSION_TYPES } from "../Model";
import { didYouMean, type ModelProblem } from "../ModelProblem";
import { checkReadModels } from "../checkModels";
import { readModelDocument, type ReadModelResult } from "../readModel";
import { parseDdl, type DdlDialect } from "./parseDdl";
import { findColumn, firstLine, readDdlTable, where, type DdlTable } from "./readDdlTable";
import { ddlRelationships } from "./ddlRelationships";
import { ddlNotes } from "./ddlNotes";
import { locateInDdl, nativeFix } from "./locateInDdl";
import { ddlDatasetName, ddlModelName } from "./ddlNames";

/** A native model document, as the files of schema/ hold it. */
export type NativeModel = Record<string, unknown>;

export interface DdlTableOptions {
  version?: string;
  /** The event time: makes the model a time series. An empty string makes the table a record model despite a default. */
  timestamp?: string;
  dataset?: string;
  name?: string;
}

export interface DdlImportOptions extends DdlTableOptions {
  /** Per table, by its name (`ACCOUNTS`) or its name as written (`SALES.PUBLIC.ACCOUNTS`), without regard to case. */
  tables?: Record<string, DdlTableOptions>;
  /** The warehouse whose DDL this is; by default the first of snowflake, bigquery, databricks that reads the file. */
  dialect?: DdlDialect;
}

export interface DdlImportResult {
  models: NativeModel[];
  problems: ModelProblem[];
  /** Where a native type holds less than the column can (wide integers, decimals, zoneless times), one line per kind; constraints not kept. */
  notes: string[];
  /** The dialect the file was read as, once it parsed. */
  dialect?: DdlDialect;
}

const DIALECT_NAME: Record<DdlDialect, string> = { snowflake: "Snowflake", bigquery: "BigQuery", databricks: "Databricks" };
const KEY_EXAMPLE: Record<DdlDialect, string> = { snowflake: "primary key (ID)", bigquery: "PRIMARY KEY (id) NOT ENFORCED", databricks: "CONSTRAINT t_pk PRIMARY KEY (id)" };

/**
 * Imports the CREATE TABLE statements of one DDL file; models only when nothing is wrong.
 * Touches no file (`file` only names the text in problems), so an API can call it as the command line does.
 * @example const { models, problems } = await importDdl(sql, "warehouse.sql", { version: "UPDATED_AT" });
 */
export async function importDdl(sql: string, file: string, options: DdlImportOptions): Promise<DdlImportResult> {
  const parsed = await parseDdl(sql, options.dialect);
  if (!parsed.ok) return { models: [], problems: [parseProblem(file, parsed.errors, options.dialect !== undefined)], notes: [] };
  const { dialect } = parsed;
  const problems: ModelProblem[] = [];
  const tables: DdlTable[] = [];
  for (const statement of parsed.statements) {
    const [kind, node] = Object.entries(statement as Record<string, unknown>)[0] ?? ["", undefined];
    if (kind === "CreateTable") tables.push(readDdlTable(file, node as Record<string, unknown>, problems));
    else if (!["CreateSchema", "CreateDatabase", "Use"].includes(kind)) {
      // Schemas, databases and USE make no rows; anything else would be dropped, so it is named instead.
      problems.push({
        file,
        path: where(firstLine(node) ?? 1),
        message: `${kind.replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase()} is not a CREATE TABLE statement; mirrorql imports tables only.`,
        fix: "remove the statement from the file (a view or an ALTER TABLE is not imported: put keys and constraints inside CREATE TABLE).",
      });
    }
  }
  if (tables.length === 0 && problems.length === 0) {
    problems.push({ file, path: where(1), message: "the file holds no CREATE TABLE statement.", fix: "import the DDL of the tables to mirror." });
  }
  checkTableNames(file, tables, problems);
  const overrides = matchOverrides(file, tables, options.tables ?? {}, problems);
  const notes = ddlNotes(file, tables);

  const built = new Map<DdlTable, NativeModel>();
  const names = new Map(tables.map((t) => [t, overrides.get(t)?.name ?? ddlModelName(t.name)]));
  if (options.version === undefined && tables.some((t) => overrides.get(t)?.version === undefined)) {
    problems.push({
      file,
      path: "options.version",
      message: "no version column was named; every model orders its changes by a version column.",
      fix: "name it with --version COLUMN (an integer, number or timestamp column each table has), or per table with --table T:version=COLUMN.",
    });
  }
  for (const table of tables) {
    const own = Object.entries(overrides.get(table) ?? {}).filter(([, v]) => v !== undefined);
    const json = assemble(file, dialect, table, { ...options, ...Object.fromEntries(own) }, names, tables, problems);
    if (json && !table.refused) built.set(table, json);
  }

  // The native rules, on the models the DDL rules let through; a refused table's name still tells references to it from typos.
  const label = (t: DdlTable) => `${file}#${t.qualified}`;
  const results: ReadModelResult[] = tables.map((t) => {
    const json = built.get(t);
    return json ? readModelDocument(label(t), json) : { problems: [], name: names.get(t)! };
  });
  for (const p of checkReadModels(results).problems) {
    const table = tables.find((t) => label(t) === p.file)!;
    problems.push({ file, path: locateInDdl(table, built.get(table)!, p.path), message: `${p.message} (as the mirrorql model's ${p.path})`, fix: nativeFix(table, p.path, p.fix) });
  }
  if (problems.length > 0) return { models: [], problems: problems.sort((a, b) => lineOf(a) - lineOf(b)), notes, dialect };
  return { models: [...built.values()], problems, notes, dialect };
}

/** Problems are listed in the order of the file; those about the options come first. */
function lineOf(p: ModelProblem): number {
  return Number(/^line (\d+)/.exec(p.path)?.[1] ?? 0);
}

function parseProblem(file: string, errors: { dialect: DdlDialect; message: string; line: number; column: number }[], chosen: boolean): ModelProblem {
  // The dialect that read furthest is most likely the file's own.
  const best = [...errors].sort((a, b) => b.line - a.line || b.column - a.column)[0]!;
  const others = errors.filter((e) => e !== best).map((e) => `as ${DIALECT_NAME[e.dialect]} DDL it stops at line ${e.line}`);
  return {
    file,
    path: `line ${best.line}, column ${best.column}`,
    message: `cannot be read as ${DIALECT_NAME[best.dialect]} DDL: ${best.message}${others.length > 0 ? ` (${others.join("; ")})` : ""}.`,
    fix: `${chosen ? "" : "name the warehouse with --dialect snowflake|bigquery|databricks, and "}remove or rewrite the construct there: mirrorql reads CREATE TABLE statements with column types, NOT NULL, PRIMARY KEY, FOREIGN KEY ... REFERENCES, comments and storage clauses.`,
  };
}

/** Two tables with the same name (in different schemas) would make the same model; the first keeps it. */
function checkTableNames(file: string, tables: DdlTable[], problems: ModelProblem[]): void {
  const seen = new Map<string, DdlTable>();
  for (const t of tables) {
    const first = seen.get(t.qualified.toLowerCase());
    if (first) {
      problems.push({
        file,
        path: where(t.line, t.qualified),
        message: `table ${t.qualified} is created again (first at line ${first.line}).`,
        fix: "keep one CREATE TABLE per table.",
      });
      t.refused = true;
    } else seen.set(t.qualified.toLowerCase(), t);
  }
}

/** Each override names one table, by its name or its qualified name, without regard to case. */
function matchOverrides(file: string, tables: DdlTable[], given: Record<string, DdlTableOptions>, problems: ModelProblem[]) {
  const matched = new Map<DdlTable, DdlTableOptions>();
  for (const [key, value] of Object.entries(given)) {
    const k = key.toLowerCase();
    const hits = tables.filter((t) => t.qualified.toLowerCase() === k || t.name.toLowerCase() === k);
    if (hits.length === 1) matched.set(hits[0]!, { ...matched.get(hits[0]!), ...value });
    else if (hits.length === 0) {
      problems.push({
        file,
        path: `options.tables["${key}"]`,
        message: `the options for table "${key}" name no table of the file.${didYouMean(
          key,
          tables.map((t) => t.name),
        )}`,
        fix: `name one of: ${tables.map((t) => t.name).join(", ")}.`,
      });
    } else {
      problems.push({
        file,
        path: `options.tables["${key}"]`,
        message: `the options for table "${key}" match ${hits.length} tables (${hits.map((t) => t.qualified).join(", ")}).`,
        fix: "name the table as written, with its schema.",
      });
    }
  }
  return matched;
}

/** The table's own rules (key, version, timestamp, references), then its native model (undefined when a rule fails). */
function assemble(
  file: string,
  dialect: DdlDialect,
  table: DdlTable,
  opts: DdlTableOptions,
  names: Map<DdlTable, string>,
  tables: DdlTable[],
  problems: ModelProblem[],
): NativeModel | undefined {
  const t = table.qualified;
  const problem = (at: string, message: string, fix: string) => {
    problems.push({ file, path: at, message, fix });
    table.refused = true;
  };
  for (const c of table.columns) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name)) {
      problem(
        where(c.line, t, c.name),
        `column "${c.name}" is not a GraphQL name (letters, digits and _, not starting with a digit); a field keeps the name the changes carry.`,
        `rename the column in the warehouse (or in the view your stream reads), and in the DDL you import.`,
      );
    }
  }
  if (!table.primaryKey) {
    problem(
      where(table.line, t),
      `table ${t} has no primary key; a mirror keeps one row per key.`,
      `add the columns that identify a row to the CREATE TABLE statement, e.g. ${KEY_EXAMPLE[dialect]}.`,
    );
  }
  const key = table.primaryKey?.columns ?? [];
  const role = (what: "version" | "timestamp", name: string | undefined) => {
    if (name === undefined || name === "") return undefined;
    const col = findColumn(table, name);
    if (!col) {
      problem(
        where(table.line, t),
        `table ${t} has no ${what} column "${name}".${didYouMean(
          name,
          table.columns.map((c) => c.name),
        )}`,
        `name one of its columns with --table ${table.name}:${what}=COLUMN, or add the column to the table.`,
      );
      return undefined;
    }
    if ("problem" in col.type) return undefined;
    return col;
  };
  const version = role("version", opts.version);
  if (version && "type" in version.type) {
    if (!VERSION_TYPES.includes(version.type.type)) {
      problem(
        where(version.line, t, version.name),
        `version column "${version.name}" is ${version.type.text} (a ${version.type.type}), which cannot order changes: a version is an integer, a number or a timestamp.`,
        `name another column with --table ${table.name}:version=COLUMN.`,
      );
    } else if (!version.required) {
      problem(
        where(version.line, t, version.name),
        `version column "${version.name}" may be NULL; every change, a delete too, must carry its version.`,
        `declare it NOT NULL in the warehouse and in the DDL you import, or name another column with --table ${table.name}:version=COLUMN.`,
      );
    }
  }
  const timestamp = role("timestamp", opts.timestamp);
  if (timestamp && "type" in timestamp.type) {
    if (timestamp.type.type !== "datetime") {
      problem(
        where(timestamp.line, t, timestamp.name),
        `timestamp column "${timestamp.name}" is ${timestamp.type.text}, not a timestamp.`,
        `name a TIMESTAMP column with --table ${table.name}:timestamp=COLUMN, or leave the table a record model with --table ${table.name}:timestamp=.`,
      );
    } else if (table.primaryKey && !key.includes(timestamp.name)) {
      problem(
        where(table.primaryKey.line, t, timestamp.name),
        `the primary key of time series ${t} must include its timestamp column "${timestamp.name}": each row is one event at one time, received (${key.join(", ")}).`,
        `add ${timestamp.name} to the table's PRIMARY KEY in the DDL (mirrorql does not widen a key on its own: that would change which changes replace which).`,
      );
    }
  }
  const relationships = ddlRelationships(table, names, tables, problem);
  if (table.refused || !version) return undefined;

  const onlyTarget = new Map<string, number>();
  for (const r of relationships) onlyTarget.set(r.target, (onlyTarget.get(r.target) ?? 0) + 1);
  const dataset = opts.dataset ?? ddlDatasetName(table.name);
  return {
    name: names.get(table)!,
    dataset,
    behavior: timestamp ? "time-series" : "record",
    ...(table.description !== undefined ? { description: table.description } : {}),
    fields: Object.fromEntries(
      table.columns.map((c) => [
        c.name,
        {
          type: "type" in c.type ? c.type.type : "string",
          ...(c.required ? { required: true } : {}),
          ...(c.unique ? { unique: true } : {}),
          ...(c.description !== undefined ? { description: c.description } : {}),
        },
      ]),
    ),
    primaryKey: key,
    version: version.name,
    ...(timestamp ? { timestamp: timestamp.name } : {}),
    ...(relationships.length > 0
      ? {
          relationships: relationships.map((r) => ({
            ...r,
            // Two references to one target would both default to the dataset's name on it.
            ...((onlyTarget.get(r.target) ?? 0) > 1 ? { inverseName: `${lowerCamel(dataset)}By${upperCamel(r.field.replace(/(_id|Id|ID)$/, ""))}` } : {}),
          })),
        }
      : {}),
  };
}

const upperCamel = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join("");
const lowerCamel = (s: string) => {
  const u = upperCamel(s);
  return u.charAt(0).toLowerCase() + u.slice(1);
};
