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
