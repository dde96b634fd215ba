// `mirrorql import ddl`: CREATE TABLE statements as Snowflake, BigQuery and Databricks print
// them, to native model files. Exit codes: 0 written, 1 a file cannot be read or written,
// 2 bad input (every problem listed, nothing written).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { DdlTableOptions } from "../models/ddl/importDdl";
import { DDL_DIALECTS, type DdlDialect } from "../models/ddl/parseDdl";
import { InputError, report, writeAll } from "./modelFiles";

const HELP = `mirrorql import ddl: warehouse CREATE TABLE statements to model files.

Usage:
  mirrorql import ddl FILE.sql --version COLUMN [--timestamp COLUMN] [--table T:KEY=VALUE,...] [--dialect D] --out DIR [--force]

Options:
  --version COLUMN    The column that orders each table's changes (integer, number or timestamp; NOT NULL)
  --timestamp COLUMN  Makes each table a time series with this event time (a timestamp in the primary key)
  --table T:KEY=VALUE,...
                      Per table (by name, or as written with its schema): version=C, timestamp=C
                      (timestamp= with no column: a record model), dataset=D, name=N. Repeatable.
  --dialect D         snowflake, bigquery or databricks (default: the first that reads the file)
  --out DIR           Where to write one model file per table (created if missing)
  --force             Overwrite files that exist

Exit codes: 0 written, 1 a file cannot be read or written, 2 a problem in the input (each listed).
`;

const TABLE_KEYS = ["version", "timestamp", "dataset", "name"] as const;

/** `mirrorql import ddl ...`; returns the exit code. */
export async function ddlCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        version: { type: "string" },
        timestamp: { type: "string" },
        table: { type: "string", multiple: true },
        dialect: { type: "string" },
        out: { type: "string" },
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    if (positionals.length !== 1) throw new InputError("Name one DDL file: mirrorql import ddl FILE.sql --version COLUMN --out DIR.");
    if (!values.out) throw new InputError("Name the folder to write with --out DIR.");
    const dialect = values.dialect;
    if (dialect !== undefined && !(DDL_DIALECTS as readonly string[]).includes(dialect)) throw new InputError(`--dialect "${dialect}" is not one of ${DDL_DIALECTS.join(", ")}.`);
    const tables = Object.fromEntries((values.table ?? []).map(readTableOption));
    const file = positionals[0]!;
    const sql = readFileSync(file, "utf8");
    const { importDdl } = await import("../models/ddl/importDdl");
    const result = await importDdl(sql, file, {
      ...(values.version !== undefined ? { version: values.version } : {}),
      ...(values.timestamp !== undefined ? { timestamp: values.timestamp } : {}),
      ...(dialect !== undefined ? { dialect: dialect as DdlDialect } : {}),
      tables,
    });
    if (result.problems.length > 0) return report(result.problems);
    const out = values.out;
    const files = result.models.map((m) => ({ file: join(out, `${String(m.name)}.json`), text: `${JSON.stringify(m, null, 2)}\n` }));
    writeAll(out, files, values.force === true);
    for (const f of files) process.stdout.write(`wrote ${f.file}\n`);
    for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
    process.stdout.write(`${files.length} model${files.length === 1 ? "" : "s"} imported from ${result.dialect} DDL; check them with: mirrorql check --schema ${out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`mirrorql import ddl: ${e.message}\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("E")) {
      process.stderr.write(`mirrorql import ddl: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}

/** "ORDERS:version=ROW_VERSION,timestamp=PLACED_AT" → ["ORDERS", { version, timestamp }]. */
function readTableOption(text: string): [string, DdlTableOptions] {
  const colon = text.lastIndexOf(":");
  const usage = `--table "${text}" is not T:KEY=VALUE,... (keys: ${TABLE_KEYS.join(", ")}), e.g. --table orders:version=row_version,timestamp=placed_at.`;
  if (colon <= 0) throw new InputError(usage);
  const options: DdlTableOptions = {};
  for (const pair of text.slice(colon + 1).split(",")) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq).trim();
    if (eq < 0 || !(TABLE_KEYS as readonly string[]).includes(key)) throw new InputError(usage);
    options[key as (typeof TABLE_KEYS)[number]] = pair.slice(eq + 1).trim();
  }
  return [text.slice(0, colon), options];
}
