// Data hygiene (docs/merge-rules.md, R8): the history of a key is removed only by an
// explicit purge. A purge erases keys on purpose (a person's data, a legal request):
// their row or tombstone, their whole history, the quarantined rows that carry them, and what
// the quarantine log and stored receipts say of those rows, in one transaction; each key is
// logged by digest with the reason. A change that arrives later for a purged key is a new change.

import { compileKeyReader } from "../changes/readKey";
import { MirrorError } from "../errors";
import { compilePayloadKeys } from "./payloadKeys";
import type { Model } from "../models/Model";
import type { KeyPurged } from "../storage/KeyPurge";
import type { Storage } from "../storage/Storage";

export interface PurgedKey extends KeyPurged {
  /** Hex SHA-256 of the key's canonical encoding; the log keeps this, not the key. */
  keyDigest: string;
}

export interface PurgeReceipt {
  dataset: string;
  reason: string;
  at: string;
  /** In the order the keys were sent. */
  keys: PurgedKey[];
}

/** Checks every key first: one invalid key refuses the whole purge and nothing is removed. */
export async function purgeKeys(storage: Storage, model: Model, keys: readonly unknown[], reason: string, now: Date): Promise<PurgeReceipt> {
  if (reason.trim() === "") throw new MirrorError("BAD_USER_INPUT", "A purge needs a reason, for the record.", { argument: "reason" });
  if (keys.length === 0) throw new MirrorError("BAD_USER_INPUT", "A purge needs at least one key.", { argument: "keys" });
  const read = compileKeyReader(model);
  const toPurge = keys.map((key, index) => {
    const result = read(key);
    if (!result.ok) {
      const { code, message, ...where } = result.problem;
      throw new MirrorError("BAD_USER_INPUT", `keys[${index}]: ${message} Nothing was purged.`, { argument: "keys", index, rejectionCode: code, ...where });
    }
    return { values: result.values, digest: result.digest };
  });
  const at = now.toISOString();
  const purged = await storage.purgeKeys(model.dataset, toPurge, reason, at, compilePayloadKeys(model));
  return { dataset: model.dataset, reason, at, keys: purged.map((key, i) => ({ keyDigest: toPurge[i]!.digest, ...key })) };
}
