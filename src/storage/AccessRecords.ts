// What the storage keeps for access control: API keys (only a hash of each secret), the audit
// log, and the mirror's own secrets. None of it depends on the models. Times are ISO 8601 UTC
// text as Date#toISOString writes it, so that the storage compares them as text.

/** A key's own limits; a limit left out is the server's. */
export interface KeyLimits {
  readsPerSecond?: number;
  writesPerSecond?: number;
  maxNodes?: number;
}

/** An API key as listed: everything but its secret's hash. */
export interface ApiKeyRecord {
  /** The public part of the key text, `mq_<id>_<secret>`. */
  id: string;
  /** Unique among all keys, revoked ones included: a name is never reused. */
  name: string;
  /** Scope strings, each checked by parseScope (src/auth/scopes.ts) when the key was created. */
  scopes: string[];
  limits: KeyLimits | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** An API key as stored, to check a presented secret against. */
export interface StoredApiKey extends ApiKeyRecord {
  /** SHA-256 of the secret part (hashSecret in src/auth/apiKeys.ts). */
  secretHash: Buffer;
}

export interface NewApiKey {
  id: string;
  name: string;
  secretHash: Buffer;
  scopes: string[];
  limits?: KeyLimits;
  createdAt: string;
  expiresAt?: string;
}

export interface NewAuditEntry {
  at: string;
  /** Who acted: "cli", or a key as "key:<id>". */
  principal: string;
  /** What was done, as "<subject>.<verb>": "key.create", "key.revoke". */
  action: string;
  /** What the action touched, as a JSON object. */
  target: Record<string, unknown>;
}

export interface AuditEntry extends NewAuditEntry {
  /** The entry's place in the log; pass it as `before` to read the page after. */
  seq: number;
}

export interface AuditSelection {
  limit: number;
  /** Only entries older than this seq. */
  before?: number;
  action?: string;
}
