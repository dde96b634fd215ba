// The API-key rows both dialects store, read back as records, and the refusal of a taken name.

import { MirrorError } from "../errors";
import type { ApiKeyRecord, KeyLimits, StoredApiKey } from "./AccessRecords";

/** A row of `_mq_api_keys` as Drizzle reads it on either dialect. */
export interface ApiKeyRow {
  id: string;
  name: string;
  secretHash: Buffer;
  scopes: string;
  limits: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function storedApiKey(row: ApiKeyRow): StoredApiKey {
  return { ...apiKeyRecord(row), secretHash: Buffer.from(row.secretHash) };
}

/** The record of a row, without its secret's hash. */
export function apiKeyRecord(row: Omit<ApiKeyRow, "secretHash">): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as string[],
    limits: row.limits === null ? null : (JSON.parse(row.limits) as KeyLimits),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

/** Names are never reused, so that an audit entry or `keys revoke NAME` always means one key. */
export function nameTaken(name: string): MirrorError {
  return new MirrorError(
    "BAD_USER_INPUT",
    `An API key named ${JSON.stringify(name)} exists already (revoked or not): key names are never reused, so that the audit log and revoking by name always mean one key. Fix: choose another name.`,
    { argument: "name", name },
  );
}
