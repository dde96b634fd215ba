// Data hygiene (merge-semantics.md R8): the history of a key is removed only by an
// explicit purge. A purge erases keys on purpose (a person's data, a legal request):
// their row or tombstone and their whole history, in one transaction, and logs each key
// by digest with the reason. A change that arrives later for a purged key is a new change.

import { compileKeyReader } from "../changes/readKey";
import { MirrorError } from "../errors";
import type { Model } from "../models/Model";
import type { DatasetStore } from "../storage/sqlite/datasetStore";
import { purgeLog } from "../storage/sqlite/internalSchema";
import type { SqliteDatabase } from "../storage/sqlite/openDatabase";

export interface PurgedKey {
  /** Hex SHA-256 of the key's canonical encoding; the log keeps this, not the key. */
  keyDigest: string;
  /** What the key held before the purge. */
  state: "row" | "tombstone" | "nothing";
  historyEntries: number;
}

export interface PurgeReceipt {
  dataset: string;
  reason: string;
  at: string;
  /** In the order the keys were sent. */
  keys: PurgedKey[];
}

/** Checks every key first: one invalid key refuses the whole purge and nothing is removed. */
export function purgeKeys(database: SqliteDatabase, model: Model, store: DatasetStore, keys: readonly unknown[], reason: string, now: Date): PurgeReceipt {
  if (reason.trim() === "") throw new MirrorError("BAD_USER_INPUT", "A purge needs a reason, for the record.", { argument: "reason" });
  if (keys.length === 0) throw new MirrorError("BAD_USER_INPUT", "A purge needs at least one key.", { argument: "keys" });
  const read = compileKeyReader(model);
  const values = keys.map((key, index) => {
    const result = read(key);
    if (!result.ok) {
      const { code, message, ...where } = result.problem;
      throw new MirrorError("BAD_USER_INPUT", `keys[${index}]: ${message} Nothing was purged.`, { argument: "keys", index, rejectionCode: code, ...where });
    }
    return result;
  });
  const at = now.toISOString();
  const purged = database.sqlite.transaction(() =>
    values.map(({ values: key, digest }): PurgedKey => {
      const { state, historyEntries } = store.purgeKey(key);
      database.db.insert(purgeLog).values({ dataset: model.dataset, keyDigest: digest, state, historyEntries, reason, at }).run();
      return { keyDigest: digest, state, historyEntries };
    }),
  )();
  return { dataset: model.dataset, reason, at, keys: purged };
}
