// One key erased on purpose by a data-hygiene purge (R8), as the storage removes and logs it.

import type { StorageValue } from "../changes/coerceValue";

export interface KeyToPurge {
  /** Stored values of the key fields, in the model's primary-key order. */
  values: StorageValue[];
  /** Hex SHA-256 of the key's canonical encoding: what the purge log keeps instead of the key. */
  digest: string;
}

export interface KeyPurged {
  /** What the key held before the purge. */
  state: "row" | "tombstone" | "nothing";
  /** History entries removed. */
  historyEntries: number;
  /** Quarantined rows carrying the key, removed (counted, never logged by content). */
  quarantinedRows: number;
}

/**
 * Digests of the purged keys a stored payload carries (hygiene/payloadKeys.ts): how a dialect
 * finds the quarantined rows and quarantine-log entries of a key without knowing formats.
 * `format` is undefined for log entries, which do not record it.
 */
export type PayloadKeys = (payload: string, format: string | undefined) => ReadonlySet<string>;
