// The read-backs both dialects share once rows are fetched: a history row's canonical
// encoding decoded, a row's version, and the version timeline (R8) from ordered history rows.

import type { Model } from "../models/Model";
import { HISTORY_OP, HISTORY_ROW, ROW_HASH } from "./datasetLayout";
import type { HistoryEntry, Row, Value } from "./MirroredRow";

/** Decodes a canonical row encoding (history) back into field values. */
export function decodeCanonical(model: Model, text: string): Row {
  const json = JSON.parse(text) as Record<string, unknown>;
  const row: Row = {};
  for (const f of model.fields) {
    const v = json[f.name];
    row[f.name] = v === undefined ? null : f.type === "integer" ? BigInt(v as string) : f.type === "boolean" ? v === 1 : (v as Value);
  }
  return row;
}

export const versionOf = (model: Model, row: Row): Value | Value[] => (model.version.length === 1 ? row[model.version[0]!]! : model.version.map((v) => row[v]!));

/**
 * History rows (ordered by key, then version, a delete after an upsert of equal version, then
 * hash) as the timeline: each entry valid until the next version of its key. `keyAndVersion`
 * reads a raw row's key and version fields as values.
 */
export function historyTimeline(model: Model, raw: readonly Record<string, unknown>[], keyAndVersion: (raw: Record<string, unknown>) => Row): HistoryEntry[] {
  const entries = raw.map((r): HistoryEntry => {
    const values = keyAndVersion(r);
    const version = versionOf(model, values);
    return {
      key: Object.fromEntries(model.primaryKey.map((k) => [k, values[k]!])),
      version,
      op: r[HISTORY_OP] === "u" ? "upsert" : "delete",
      row: r[HISTORY_ROW] === null ? null : decodeCanonical(model, r[HISTORY_ROW] as string),
      hash: r[HISTORY_OP] === "u" ? (r[ROW_HASH] as Buffer).toString("hex") : "",
      batchId: r._batch_id as string,
      receivedAt: r._batch_time as string,
      validFrom: version,
      validTo: null,
    };
  });
  for (let i = 0; i + 1 < entries.length; i++) {
    const [a, b] = [entries[i]!, entries[i + 1]!];
    if (model.primaryKey.every((k) => a.key[k] === b.key[k])) a.validTo = b.version;
  }
  return entries;
}
