// Tombstone retention (R7): a tombstone left by a batch received before the cutoff is removed.

import type { Model } from "../models/Model";

/** The ISO time before which `model`'s tombstones expire at `now`; undefined when it keeps them forever. */
export function tombstoneCutoff(model: Model, now: Date): string | undefined {
  const ms = model.tombstoneRetentionMs;
  return ms === undefined ? undefined : new Date(now.getTime() - ms).toISOString();
}
