// /readyz: whether this server can serve now. Four checks, each "ok" or "failing": the database
// answers a statement (reading drizzle's migrations table, within 2 s), the migrations this
// release has are recorded there as applied ("unknown" when the database does not answer), the
// writer is alive (the SQLite writer thread running; not closed), and models are loaded.

import type { Model } from "../models/Model";
import type { Storage } from "../storage/Storage";
import type { Writer } from "../writer/Writer";
import { log } from "./log";

export const CHECKS = ["database", "migrations", "writer", "models"] as const;
export type CheckName = (typeof CHECKS)[number];
export type CheckState = "ok" | "failing" | "unknown";

export type Readiness = { status: "ready"; checks: Record<CheckName, "ok"> } | { status: "not ready"; checks: Record<CheckName, CheckState>; failing: CheckName[] };

/** How long the database may take to answer before it counts as failing. */
export const DATABASE_CHECK_MS = 2_000;

export interface ReadinessSources {
  storage: Pick<Storage, "migrations">;
  writer: Pick<Writer, "alive">;
  models(): readonly Model[];
}

function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A readiness check of one server: logs when the answer changes (not at every probe), with the
 * database's error when it is the cause.
 * @example const ready = readinessCheck({ storage, writer, models: () => mirror.models }); const { status } = await ready();
 */
export function readinessCheck(sources: ReadinessSources): () => Promise<Readiness> {
  let last: string | undefined;
  return async () => {
    let database: CheckState = "ok";
    let migrations: CheckState = "unknown";
    let cause: string | undefined;
    try {
      const { applied, known } = await withinTime(sources.storage.migrations(), DATABASE_CHECK_MS);
      migrations = applied >= known ? "ok" : "failing";
      if (migrations === "failing") cause = `${applied} of ${known} migrations applied`;
    } catch (e) {
      database = "failing";
      cause = (e as Error).message;
    }
    const checks: Record<CheckName, CheckState> = {
      database,
      migrations,
      writer: sources.writer.alive() ? "ok" : "failing",
      models: sources.models().length > 0 ? "ok" : "failing",
    };
    const failing = CHECKS.filter((c) => checks[c] !== "ok");
    const readiness: Readiness = failing.length === 0 ? { status: "ready", checks: checks as Record<CheckName, "ok"> } : { status: "not ready", checks, failing };
    const summary = failing.join(",");
    if (summary !== last) {
      if (failing.length > 0) log("warn", "not_ready", { failing, ...(cause ? { cause } : {}) });
      else if (last !== undefined) log("info", "ready");
      last = summary;
    }
    return readiness;
  };
}
