// The benchmark's model and its change stream, generated deterministically
// (seeded) before anything is timed.

import { parseModels } from "../src/models/loadModels";
import type { Model } from "../src/models/Model";
import { seededRandom } from "./lib";

export const DATASET = "contacts";

/** A contact as a CRM or warehouse would send it: 7 fields, a datetime version. */
export const CONTACT_MODEL_JSON = {
  name: "Contact",
  dataset: DATASET,
  fields: {
    contact_id: { type: "string", required: true },
    account_id: { type: "string", required: true },
    email: { type: "string" },
    score: { type: "integer" },
    balance: { type: "number" },
    active: { type: "boolean", required: true },
    last_modified: { type: "datetime", required: true },
  },
  primaryKey: ["contact_id"],
  version: "last_modified",
};

export function contactModel(): Model {
  const [model] = parseModels([{ file: "bench/contact.json", text: JSON.stringify(CONTACT_MODEL_JSON) }]);
  return model!;
}

export interface UpsertRow {
  contact_id: string;
  account_id: string;
  email: string;
  score: number;
  balance: number;
  active: boolean;
  /** ISO-8601 UTC with milliseconds, as `Date.toISOString()` writes it. */
  last_modified: string;
  _change_request_type?: undefined;
}

export interface DeleteRow {
  contact_id: string;
  last_modified: string;
  _change_request_type: "d";
}

export type ChangeRow = UpsertRow | DeleteRow;

export interface WorkloadSpec {
  changes: number;
  keys: number;
  batchSize: number;
  deleteRate: number;
  outOfOrderRate: number;
  seed: number;
}

export interface WorkloadStats {
  changes: number;
  keys: number;
  /** Distinct keys that received at least one change. */
  keysTouched: number;
  upserts: number;
  deletes: number;
  /** Changes whose version is lower than that of an earlier-sent change of the same key. */
  outOfOrder: number;
  batches: number;
  generateMs: number;
}

export interface Workload {
  rows: ChangeRow[];
  batches: ChangeRow[][];
  stats: WorkloadStats;
}

/**
 * In-order changes pick a key uniformly and take the next tick of a global clock
 * (2 s apart, so always the newest version of their key). With probability
 * `outOfOrderRate` a change instead revisits an already-sent key with a version
 * 1-1999 ms (an odd number) below the newest sent for that key. Independently,
 * a change is a delete (key and version only) with probability `deleteRate`.
 */
export function generateWorkload(spec: WorkloadSpec): Workload {
  const t0 = performance.now();
  const rand = seededRandom(spec.seed);
  const keyIds = Array.from({ length: spec.keys }, (_, k) => `c${String(k).padStart(7, "0")}`);
  const accounts = Array.from({ length: Math.max(1, Math.ceil(spec.keys / 20)) }, (_, a) => `a${String(a).padStart(6, "0")}`);
  const newest = new Float64Array(spec.keys); // 0 = never sent
  const seen = new Int32Array(spec.keys);
  let seenCount = 0;
  const base = Date.UTC(2026, 0, 1);
  const rows: ChangeRow[] = new Array(spec.changes);
  let deletes = 0;
  let outOfOrder = 0;

  for (let i = 0; i < spec.changes; i++) {
    let k: number;
    let ms: number;
    if (seenCount > 0 && rand() < spec.outOfOrderRate) {
      k = seen[Math.floor(rand() * seenCount)]!;
      ms = newest[k]! - (1 + 2 * Math.floor(rand() * 1000));
      outOfOrder++;
    } else {
      k = Math.floor(rand() * spec.keys);
      ms = base + i * 2000;
      if (newest[k] === 0) seen[seenCount++] = k;
      newest[k] = ms;
    }
    const contact_id = keyIds[k]!;
    const last_modified = new Date(ms).toISOString();
    if (rand() < spec.deleteRate) {
      rows[i] = { contact_id, last_modified, _change_request_type: "d" };
      deletes++;
    } else {
      rows[i] = {
        contact_id,
        account_id: accounts[k % accounts.length]!,
        email: `user${k}.${i % 97}@example.com`,
        score: Math.floor(rand() * 1000),
        balance: Math.round(rand() * 1_000_000) / 100,
        active: rand() < 0.85,
        last_modified,
      };
    }
  }

  const batches: ChangeRow[][] = [];
  for (let i = 0; i < rows.length; i += spec.batchSize) batches.push(rows.slice(i, i + spec.batchSize));
  return {
    rows,
    batches,
    stats: {
      changes: spec.changes,
      keys: spec.keys,
      keysTouched: seenCount,
      upserts: spec.changes - deletes,
      deletes,
      outOfOrder,
      batches: batches.length,
      generateMs: Math.round(performance.now() - t0),
    },
  };
}
