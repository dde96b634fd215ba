// The advisory locks that let several processes (replicas) share one PostgreSQL schema: one
// key per schema (creating it and migrating its internal tables), one for its models, and one
// per dataset, which every write transaction touching the dataset takes first.
//
// Why per-dataset locks rather than SERIALIZABLE: a dataset's share of a batch reads the state
// and history as they are before it, judges each change against them, then writes
// (datasetStore.ts), and the receipt counts what each change did against that read. Two batches
// merging into one dataset at once under READ COMMITTED would each judge against a state that
// misses the other, so receipts (and conflicts) would match no serial order. SERIALIZABLE would
// abort one of them, but its predicate locks over large reads fail most concurrent batches of a
// dataset and turn every abort into a replay of the whole batch. A transaction-scoped advisory lock per
// dataset makes batches of one dataset wait for each other (in the order they take the lock,
// which is also their ledger order) while batches of other datasets run in parallel; taken
// right after BEGIN, READ COMMITTED's next statement then sees every batch committed before.
// Locks are taken in ascending key order, so two batches over the same datasets never wait
// for each other in a cycle.

import { createHash } from "node:crypto";

/** A 64-bit advisory lock key (PostgreSQL's bigint), as decimal text for a query parameter. */
export type LockKey = string;

function keyOf(...parts: string[]): LockKey {
  // The first 8 bytes of SHA-256, signed: stable across processes and PostgreSQL versions (hashtext is neither promised).
  return createHash("sha256").update(parts.join("\u0000")).digest().readBigInt64BE(0).toString();
}

/** The lock held while a schema is created and its internal tables migrated. */
export const schemaLock = (schema: string): LockKey => keyOf("mirrorql", "schema", schema);

/** The lock held while models are synchronised (tables created, altered or dropped). */
export const modelsLock = (schema: string): LockKey => keyOf("mirrorql", "models", schema);

/** The lock a transaction takes before it writes to a dataset's tables. */
export const datasetLock = (schema: string, dataset: string): LockKey => keyOf("mirrorql", "dataset", schema, dataset);

/**
 * The locks of a transaction that writes to `datasets`, distinct and in ascending numeric
 * order: every transaction takes them in this one order, which rules out deadlocks between them.
 */
export function datasetLocks(schema: string, datasets: Iterable<string>): LockKey[] {
  const keys = [...new Set([...datasets].map((d) => datasetLock(schema, d)))];
  return keys.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}
