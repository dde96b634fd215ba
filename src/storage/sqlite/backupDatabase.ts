// A consistent copy of a SQLite mirror taken through SQLite's online backup API, safe while a
// server writes the same file: the copy is one committed state of the database, so it holds
// whole batches only (each batch is one transaction, docs/merge-rules.md R9).

import Database from "better-sqlite3";
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface BackupResult {
  /** Pages copied (the database's size in pages at the snapshot). */
  pages: number;
  /** Size of the copy in bytes. */
  bytes: number;
  /** Batches in the copy's ledger, and the newest of them (its id and when it was received). */
  batches: number;
  newestBatch: { id: string; receivedAt: string } | null;
}

/** The database could not be read or the copy not written: the message says which file and why. */
export class BackupError extends Error {}

/** SQLite's pages per backup step: all remaining pages at once, so that one read snapshot is copied and no write restarts it. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the mirror at `source` to `destination` (which must not exist: the caller decides
 * about overwriting) through a file beside it, renamed into place once complete, so that a
 * failed or interrupted backup never leaves a partial file at `destination`.
 * @example const { batches } = await backupDatabase("data/mirror.db", "/backups/mirror-2026-03-01.db");
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
  let sqlite: Database.Database;
  try {
    // Read-write, but nothing is written: a read-only connection cannot always open a WAL
    // database whose -shm file is missing (no server running).
    sqlite = new Database(source, { fileMustExist: true });
    sqlite.pragma("busy_timeout = 5000");
  } catch (e) {
    throw new BackupError(`Cannot open the SQLite database ${source}: ${(e as Error).message}.`);
  }
  const partial = join(dirname(destination), `.${basename(destination)}.partial-${process.pid}`);
  try {
    if (!isMirror(sqlite)) throw new BackupError(`${source} is not a mirrorql database (it has no batch ledger, _mq_batches); check --db.`);
    // The first step (better-sqlite3 always copies 0 pages first) only starts the backup; the
    // second copies every page inside one read transaction. In WAL mode that snapshot does not
    // block the server's writer, and a write between the two steps makes SQLite start the copy
    // again from the beginning, still in one step: the copy is always one committed state.
    const progress = await sqlite.backup(partial, { progress: () => ALL_PAGES });
    const copy = new Database(partial, { fileMustExist: true });
    let ledger: { batches: number; newestBatch: BackupResult["newestBatch"] };
    try {
      ledger = readLedger(copy);
    } finally {
      copy.close();
    }
    renameSync(partial, destination);
    return { pages: progress.totalPages, bytes: statSync(destination).size, ...ledger };
  } catch (e) {
    for (const file of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) if (existsSync(file)) rmSync(file, { force: true });
    if (e instanceof BackupError) throw e;
    throw new BackupError(`Cannot back up ${source} to ${destination}: ${(e as Error).message}.`);
  } finally {
    sqlite.close();
  }
}

function isMirror(sqlite: Database.Database): boolean {
  return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_mq_batches'").get() !== undefined;
}

function readLedger(copy: Database.Database): { batches: number; newestBatch: BackupResult["newestBatch"] } {
  const { n } = copy.prepare("SELECT count(*) AS n FROM _mq_batches").get() as { n: number };
  const newest = copy.prepare("SELECT id, received_at AS receivedAt FROM _mq_batches ORDER BY seq DESC LIMIT 1").get() as { id: string; receivedAt: string } | undefined;
  return { batches: n, newestBatch: newest ?? null };
}
