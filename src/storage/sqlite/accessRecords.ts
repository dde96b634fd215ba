// API keys, the audit log and the mirror's secrets on SQLite (../AccessRecords.ts). Small rows
// written on the calling thread; busy_timeout waits out the writer thread's transactions.

import { randomBytes } from "node:crypto";
import { and, count, desc, eq, getTableColumns, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { ApiKeyRecord, AuditEntry, AuditSelection, NewApiKey, NewAuditEntry, StoredApiKey } from "../AccessRecords";
import { apiKeyRecord, nameTaken, storedApiKey } from "../apiKeyRows";
import { apiKeys, auditLog, secrets } from "./internalSchema";
import type { SqliteDatabase } from "./openDatabase";

/** Every column but the secret's hash, which only apiKey() reads. */
const { secretHash: _hash, ...listed } = getTableColumns(apiKeys);

export function createApiKey({ db }: SqliteDatabase, key: NewApiKey): void {
  const { changes } = db
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
    .run();
  if (changes > 0) return;
  if (db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.name, key.name)).get()) throw nameTaken(key.name);
  throw new Error(`invariant: API key id ${key.id} is taken; ids are drawn at random and should never repeat`);
}

export function findApiKey({ db }: SqliteDatabase, id: string): StoredApiKey | undefined {
  const row = db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
  return row && storedApiKey(row);
}

export function listApiKeys({ db }: SqliteDatabase): ApiKeyRecord[] {
  return db.select(listed).from(apiKeys).orderBy(apiKeys.createdAt, apiKeys.id).all().map(apiKeyRecord);
}

/** By id first: a key's id wins over another key's name that happens to be spelled the same. */
export function revokeApiKey({ db }: SqliteDatabase, idOrName: string, at: string): ApiKeyRecord | undefined {
  const revoke = (match: typeof apiKeys.id | typeof apiKeys.name) =>
    db
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${at})` })
      .where(eq(match, idOrName))
      .returning(listed)
      .get();
  const row = revoke(apiKeys.id) ?? revoke(apiKeys.name);
  return row && apiKeyRecord(row);
}

export function touchApiKey({ db }: SqliteDatabase, id: string, at: string): void {
  db.update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, at))))
    .run();
}

export function activeApiKeys({ db }: SqliteDatabase, at: string): number {
  const row = db
    .select({ n: count() })
    .from(apiKeys)
    .where(and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, at))))
    .get();
  return Number(row?.n ?? 0);
}

export function appendAudit({ db }: SqliteDatabase, entry: NewAuditEntry): void {
  db.insert(auditLog)
    .values({ ...entry, target: JSON.stringify(entry.target) })
    .run();
}

export function readAuditLog({ db }: SqliteDatabase, select: AuditSelection): AuditEntry[] {
  const where = and(select.before !== undefined ? lt(auditLog.seq, select.before) : undefined, select.action !== undefined ? eq(auditLog.action, select.action) : undefined);
  return db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(select.limit)
    .all()
    .map((r) => ({ ...r, seq: Number(r.seq), target: JSON.parse(r.target) as Record<string, unknown> }));
}

/** Insert-if-missing, then read: whoever inserted first, every caller reads the one stored value. */
export function secret({ db }: SqliteDatabase, name: string): Buffer {
  db.insert(secrets)
    .values({ name, value: randomBytes(32) })
    .onConflictDoNothing()
    .run();
  const row = db.select({ value: secrets.value }).from(secrets).where(eq(secrets.name, name)).get();
  if (!row) throw new Error(`invariant: secret ${JSON.stringify(name)} is missing right after it was inserted`);
  return Buffer.from(row.value);
}
