// `mirrorql backup OUT`: a consistent copy of a SQLite mirror, taken while a server may be
// writing it (SQLite's online backup API; see docs/operations.md, "Backups"). PostgreSQL is
// backed up with pg_dump, which this command names instead. Exit codes: 0 done, 1 the database
// cannot be read or the copy not written, 2 bad input.

import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isPostgresUrl, MEMORY, withoutPassword } from "../storage/openStorage";
import { backupDatabase, BackupError } from "../storage/sqlite/backupDatabase";

const HELP = `mirrorql backup: a consistent copy of a SQLite mirror, safe while a server writes it.

Usage:
  mirrorql backup [--db FILE] [--force] OUT

  The copy is one committed state of the database: it holds whole batches only, and opens
  as a mirror of its own (serve --db OUT). Restore by stopping the server and putting the
  copy in place of the database file (remove the old file's -wal and -shm files with it).

Options:
  --db FILE     The SQLite database to copy; default: the DATABASE_URL environment variable,
                else data/mirror.db (as serve)
  --force       Replace OUT if it exists (the copy is written beside it, then renamed over it)

PostgreSQL: back up the mirror's schema with pg_dump instead, e.g.
  pg_dump --schema mirrorql --format custom --file mirror.dump "$DATABASE_URL"
`;

/** Input the user can fix: one line, exit code 2. */
class UsageError extends Error {}

/**
 * Runs `mirrorql backup ...` with the arguments after `backup`; resolves with the exit code.
 * @example process.exitCode = await backupCommand(["--db", "data/mirror.db", "/backups/mirror.db"]);
 */
export async function backupCommand(argv: string[]): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { db: { type: "string" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      });
    } catch (e) {
      throw new UsageError(`${(e as Error).message} (see mirrorql backup --help)`);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError(
        `Name one file to write the backup to: mirrorql backup [--db FILE] OUT${positionals.length > 1 ? `, received ${positionals.map((p) => JSON.stringify(p)).join(" ")}` : ""}.`,
      );
    const out = positionals[0]!;
    const database = values.db ?? (process.env.DATABASE_URL || "data/mirror.db");
    if (isPostgresUrl(database)) {
      throw new UsageError(
        `mirrorql backup copies a SQLite file; ${withoutPassword(database)} is a PostgreSQL database. Back it up with pg_dump: pg_dump --schema mirrorql --format custom --file mirror.dump "$DATABASE_URL" (the schema of --pg-schema; see docs/operations.md).`,
      );
    }
    if (database === MEMORY)
      throw new UsageError("An in-memory database (:memory:) lives in its process only and cannot be backed up from another; name a database file with --db.");
    if (!existsSync(database)) throw new UsageError(`There is no SQLite database at ${database}: check --db (or DATABASE_URL).`);
    if (existsSync(out)) {
      if (realpathSync(out) === realpathSync(database)) throw new UsageError(`The backup cannot be written over the database it copies (${database}); name another file.`);
      if (!values.force) throw new UsageError(`${out} exists already; name a new file, or add --force to replace it.`);
    }
    // A -wal file beside OUT belongs to a database in use there; a new file under that name
    // would be read together with it.
    for (const suffix of ["-wal", "-shm"]) {
      if (existsSync(out + suffix))
        throw new UsageError(
          `${out + suffix} exists: ${out} looks like a database in use (or left by a process that stopped). Name another file, or remove ${out}, ${out}-wal and ${out}-shm once nothing uses them.`,
        );
    }
    const started = Date.now();
    const result = await backupDatabase(database, resolve(out));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const newest = result.newestBatch ? `; the newest batch in it is ${JSON.stringify(result.newestBatch.id)}, received ${result.newestBatch.receivedAt}` : "";
    process.stdout.write(`Backed up ${database} to ${out}: ${result.bytes} bytes, ${result.batches} batches in ${seconds} s${newest}.\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`mirrorql backup: ${e.message}\n`);
      return 2;
    }
    if (e instanceof BackupError) {
      process.stderr.write(`mirrorql backup: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
