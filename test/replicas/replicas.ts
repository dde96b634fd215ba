// Several mirrors ("replicas") on one PostgreSQL schema, each with a pool of its own, as several
// processes would have. PostgreSQL only: these tests skip with the rest of the PostgreSQL half
// when the global setup found no server (inject("postgresUrl") is null).

import pg from "pg";
import { inject } from "vitest";
import type { Mirror, MirrorOptions } from "../../src/mirror";
import { mirrorOf, type ModelJson } from "../helpers";

export { keyed } from "./models";

/** The PostgreSQL of this run, or null when unreachable. */
export const POSTGRES_URL: string | null = inject("postgresUrl");

/** A fixed clock, so that receipts and history of different mirrors can be compared whole. */
export const FIXED_NOW = () => new Date("2026-03-01T12:00:00.000Z");

type Options = Omit<MirrorOptions, "models" | "database" | "pgSchema">;

let n = 0;
/** A schema name no other test uses. */
export const freshSchema = () => `mq_replicas_${process.pid}_${Date.now().toString(36)}_${n++}`;

export function url(): string {
  if (!POSTGRES_URL) throw new Error("replicas: PostgreSQL tests run only when the global setup reached a server");
  return POSTGRES_URL;
}

/** Runs one statement outside any mirror (its own connection). */
export async function sql(statement: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client(url());
  await client.connect();
  try {
    return (await client.query(statement, params)).rows;
  } finally {
    await client.end();
  }
}

/** The sessions waiting for the advisory lock `key` (a bigint key shows in pg_locks as its high and low 32 bits). */
export async function waitingFor(key: string): Promise<number[]> {
  const k = BigInt(key);
  const [high, low] = [String((k >> 32n) & 0xffffffffn), String(k & 0xffffffffn)];
  const rows = await sql(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid::bigint = $1 AND objid::bigint = $2 AND objsubid = 1`, [high, low]);
  return rows.map((r) => r.pid as number);
}

/** Resolves once `condition` holds, checking every 20 ms; the test's timeout bounds the wait. */
export async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

export const dropSchema = (schema: string) => sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);

export const openReplica = (docs: ModelJson[], schema: string, options: Options = {}): Promise<Mirror> => mirrorOf(docs, { ...options, database: url(), pgSchema: schema });

/**
 * Opens `count` mirrors on one fresh schema, one after another, runs `work` with them, then
 * closes them and drops the schema, whatever `work` did.
 */
export async function withReplicas<T>(count: number, docs: ModelJson[], options: Options, work: (mirrors: Mirror[], schema: string) => Promise<T>): Promise<T> {
  const schema = freshSchema();
  const mirrors: Mirror[] = [];
  try {
    for (let i = 0; i < count; i++) mirrors.push(await openReplica(docs, schema, options));
    return await work(mirrors, schema);
  } finally {
    for (const m of mirrors) await m.close();
    await dropSchema(schema);
  }
}
