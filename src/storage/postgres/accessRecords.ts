// API keys, the audit log and the mirror's secrets on PostgreSQL (../AccessRecords.ts): one
// statement each on the pool, outside the dataset locks, since no batch touches these rows.
// Times and ids compare and sort in the "C" collation, byte order, as SQLite's BINARY does.

import { randomBytes } from "node:crypto";
import { and, count, desc, eq, getTableColumns, isNull, lt, or, sql, type SQLWrapper } from "drizzle-orm";
import type { ApiKeyRecord, AuditEntry, AuditSelection, NewApiKey, NewAuditEntry, StoredApiKey } from "../AccessRecords";
import { apiKeyRecord, nameTaken, storedApiKey } from "../apiKeyRows";
import { apiKeys, auditLog, secrets } from "./internalSchema";
import type { PostgresDatabase } from "./openDatabase";

/** Every column but the secret's hash, which only apiKey() reads. */
const { secretHash: _hash, ...listed } = getTableColumns(apiKeys);

const bytes = (column: SQLWrapper) => sql`${column} COLLATE "C"`;

export async function createApiKey({ db }: PostgresDatabase, key: NewApiKey): Promise<void> {
  const inserted = await db
    .insert(apiKeys)
    .values({
      id: key.id,
      name: key.name,
      secretHash: key.secretHash,
      scopes: JSON.stringify(key.scopes),
      limits: key.limits === undefined ? null : JSON.stringify(key.limits),
      createdAt: key.createdAt,
      expiresAt: key.expiresAt ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: apiKeys.id });
  if (inserted.length > 0) return;
  const [taken] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.name, key.name));
  if (taken) throw nameTaken(key.name);
  throw new Error(`invariant: API key id ${key.id} is taken; ids are drawn at random and should never repeat`);
}

export async function findApiKey({ db }: PostgresDatabase, id: string): Promise<StoredApiKey | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row && storedApiKey(row);
}

export async function listApiKeys({ db }: PostgresDatabase): Promise<ApiKeyRecord[]> {
  const rows = await db.select(listed).from(apiKeys).orderBy(bytes(apiKeys.createdAt), bytes(apiKeys.id));
  return rows.map(apiKeyRecord);
}

/** By id first: a key's id wins over another key's name that happens to be spelled the same. */
export async function revokeApiKey({ db }: PostgresDatabase, idOrName: string, at: string): Promise<ApiKeyRecord | undefined> {
  const revoke = async (match: typeof apiKeys.id | typeof apiKeys.name) =>
    (
      await db
        .update(apiKeys)
        .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${at})` })
        .where(eq(match, idOrName))
        .returning(listed)
    )[0];
  const row = (await revoke(apiKeys.id)) ?? (await revoke(apiKeys.name));
  return row && apiKeyRecord(row);
}

export async function touchApiKey({ db }: PostgresDatabase, id: string, at: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), sql`${bytes(apiKeys.lastUsedAt)} < ${at}`)));
}

export async function activeApiKeys({ db }: PostgresDatabase, at: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(apiKeys)
    .where(and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), sql`${bytes(apiKeys.expiresAt)} > ${at}`)));
  return Number(row?.n ?? 0);
}

export async function appendAudit({ db }: PostgresDatabase, entry: NewAuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, target: JSON.stringify(entry.target) });
}

export async function readAuditLog({ db }: PostgresDatabase, select: AuditSelection): Promise<AuditEntry[]> {
  const where = and(select.before !== undefined ? lt(auditLog.seq, select.before) : undefined, select.action !== undefined ? eq(auditLog.action, select.action) : undefined);
  const rows = await db.select().from(auditLog).where(where).orderBy(desc(auditLog.seq)).limit(select.limit);
  return rows.map((r) => ({ ...r, seq: Number(r.seq), target: JSON.parse(r.target) as Record<string, unknown> }));
}

/**
 * Insert-if-missing, then read: processes asking at once each try to insert, one wins, and all
 * read its value (the loser's insert waits for the winner's commit, then does nothing).
 */
export async function secret({ db }: PostgresDatabase, name: string): Promise<Buffer> {
  await db
    .insert(secrets)
    .values({ name, value: randomBytes(32) })
    .onConflictDoNothing();
  const [row] = await db.select({ value: secrets.value }).from(secrets).where(eq(secrets.name, name));
  if (!row) throw new Error(`invariant: secret ${JSON.stringify(name)} is missing right after it was inserted`);
  return Buffer.from(row.value);
}
