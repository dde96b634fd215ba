// One server per SQLite file: SQLite lets one process write at a time, and a second server
// on the same file would answer "database is locked" for its batches. A server takes
// `<file>.serve.lock` (created exclusively, holding its pid) and a second one is refused at
// start, naming the first. A lock left by a process that no longer runs (kill -9) is taken over.

import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { MirrorError } from "../errors";

interface Holder {
  pid: number;
  host: string;
  since: string;
  /** When the process started, in clock ticks since boot (Linux), telling a reused pid from the holder. */
  started?: string;
}

/** Field 22 of /proc/<pid>/stat (start time), or undefined where there is no /proc. */
function startedAt(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Whether `holder` is a process still running here (another host's lock is always taken as live). */
function running(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  // The pid may have been reused by another process since the holder died.
  return holder.started === undefined || startedAt(holder.pid) === holder.started;
}

/**
 * Takes the serve lock of the SQLite file `database`; throws when another live server holds it.
 * @example const lock = lockDatabaseFile("data/mirror.db"); ...; lock.release();
 */
export function lockDatabaseFile(database: string): { release(): void } {
  const path = `${database}.serve.lock`;
  const started = startedAt(process.pid);
  const mine: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), ...(started ? { started } : {}) };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder: Holder | undefined;
      try {
        holder = JSON.parse(readFileSync(path, "utf8")) as Holder;
      } catch {
        // Being written by a server starting this instant, or garbage: treat as held once, then as stale.
        if (attempt === 0) continue;
      }
      if (holder && running(holder)) {
        throw new MirrorError(
          "BAD_USER_INPUT",
          `${database} is already served by process ${holder.pid} on ${holder.host} since ${holder.since} (lock file ${path}). SQLite takes one writing server per file: stop that server, or serve several processes from PostgreSQL (--db postgres://...).`,
          { argument: "db" },
        );
      }
      unlinkSync(path);
      continue;
    }
    writeSync(fd, JSON.stringify(mine));
    closeSync(fd);
    return {
      release() {
        try {
          if ((JSON.parse(readFileSync(path, "utf8")) as Holder).pid === process.pid) unlinkSync(path);
        } catch {
          // Already gone.
        }
      },
    };
  }
  throw new MirrorError("BAD_USER_INPUT", `Could not take the lock ${path}: another server keeps starting on ${database}; try again.`, { argument: "db" });
}
