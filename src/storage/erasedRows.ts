// Which stored payloads (quarantined rows, quarantine-log entries) a purge erases: those that
// carry one of its keys (PayloadKeys), grouped by the key's digest. Shared by both dialects, so
// that they judge rows alike; each reads and deletes in its own SQL.

import type { PayloadKeys } from "./KeyPurge";

/**
 * The ids of `rows` whose payload carries one of `digests`, by digest (a row carrying two
 * purged keys counts for both). The rows are read before any is changed.
 * @example erasedRows([{ id: 1, format: "native", payload: '{"id":"a"}' }], keysIn, new Set([digestOfA]))
 */
export function erasedRows(
  rows: Iterable<{ id: number | bigint | string; format?: string; payload: string }>,
  keysIn: PayloadKeys,
  digests: ReadonlySet<string>,
): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const { id, format, payload } of [...rows]) {
    for (const digest of keysIn(payload, format)) {
      if (!digests.has(digest)) continue;
      const ids = found.get(digest) ?? [];
      ids.push(Number(id));
      found.set(digest, ids);
    }
  }
  return found;
}

/** Every id in `found`, once. */
export function idsIn(found: ReadonlyMap<string, readonly number[]>): Set<number> {
  return new Set([...found.values()].flat());
}
