// Making and revoking API keys, for the command line (mirrorql keys) and the admin mutations
// alike: the key text is returned once and only its secret's hash is stored; each change is
// recorded in the audit log with who made it.

import { MirrorError } from "../errors";
import type { ApiKeyRecord, KeyLimits } from "../storage/AccessRecords";
import type { Storage } from "../storage/Storage";
import { generateApiKey, hashSecret } from "./apiKeys";
import { parseScope } from "./scopes";

const MAX_NAME_LENGTH = 100;

/** A key's name: for people to tell keys apart, so printable, trimmed and short. */
export function checkKeyName(name: string, argument: string): string {
  if (name.trim() !== name || name === "" || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new MirrorError("BAD_USER_INPUT", `${argument} must be 1 to ${MAX_NAME_LENGTH} printable characters without surrounding spaces, received ${JSON.stringify(name)}.`, {
      argument: argument.replace(/^--/, ""),
      expected: `1 to ${MAX_NAME_LENGTH} printable characters`,
      received: name,
    });
  }
  return name;
}

export interface KeyRequest {
  name: string;
  /** Scope strings (parseScope); at least one. */
  scopes: readonly string[];
  /** ISO time, after `at`. */
  expiresAt?: string;
  limits?: KeyLimits;
}

export interface CreatedKey {
  record: ApiKeyRecord;
  /** The key to send as "Authorization: Bearer <text>": shown this once, never stored. */
  text: string;
}

/** Stores a new key for `by` (the audit log's principal); BAD_USER_INPUT for a bad or taken name, a bad scope, a past expiry. */
export async function createKey(storage: Storage, request: KeyRequest, by: string, at: Date): Promise<CreatedKey> {
  checkKeyName(request.name, "name");
  if (request.scopes.length === 0)
    throw new MirrorError("BAD_USER_INPUT", "A key needs at least one scope: read, write or admin, or one of them for a dataset (read:contacts).", {
      argument: "scopes",
      expected: "at least one scope",
      received: [],
    });
  request.scopes.forEach(parseScope);
  if (request.expiresAt !== undefined && !(Date.parse(request.expiresAt) > at.getTime())) {
    throw new MirrorError("BAD_USER_INPUT", `A key's expiry must be in the future, received ${request.expiresAt} (it is ${at.toISOString()} now).`, {
      argument: "expiresAt",
      received: request.expiresAt,
    });
  }
  const scopes = [...new Set(request.scopes)];
  const key = generateApiKey();
  const createdAt = at.toISOString();
  const expiresAt = request.expiresAt === undefined ? undefined : new Date(request.expiresAt).toISOString();
  await storage.createApiKey({
    id: key.id,
    name: request.name,
    secretHash: hashSecret(key.secret),
    scopes,
    createdAt,
    ...(request.limits ? { limits: request.limits } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  });
  await storage.appendAudit({ at: createdAt, principal: by, action: "key.create", target: { id: key.id, name: request.name, scopes } });
  const record: ApiKeyRecord = {
    id: key.id,
    name: request.name,
    scopes,
    limits: request.limits ?? null,
    createdAt,
    expiresAt: expiresAt ?? null,
    lastUsedAt: null,
    revokedAt: null,
  };
  return { record, text: key.text };
}

/**
 * Revokes the key of that id, or else of that name, for `by`; undefined when there is none.
 * `already` when it was revoked before (its first revocation time stays, and nothing is audited).
 */
export async function revokeKey(storage: Storage, idOrName: string, by: string, at: Date): Promise<{ key: ApiKeyRecord; already: boolean } | undefined> {
  const revokedAt = at.toISOString();
  const key = await storage.revokeApiKey(idOrName, revokedAt);
  if (!key) return undefined;
  const already = key.revokedAt !== revokedAt;
  if (!already) await storage.appendAudit({ at: revokedAt, principal: by, action: "key.revoke", target: { id: key.id, name: key.name } });
  return { key, already };
}
