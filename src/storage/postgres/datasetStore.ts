// Where one dataset's changes land on PostgreSQL. A dataset's share of a batch comes in at most
// four parts (merge/applyBatch.ts), each merged by one set-based statement whatever its size
// (mergeStatements.ts), sent while Node normalizes the next part: it appends the changes the
// history does not hold, makes each key's greatest new change its state, and says what each change
// met (its key's state and history before the statement). What each change did is then decided in
// Node in batch order (judgeChanges.ts): the counts of the receipt are those SQLite's
// change-by-change merge gives for the same changes in the same order (sqlite/datasetStore.ts).

import type pg from "pg";
import type { Change } from "../../changes/normalizeChange";
import type { StorageValue } from "../../changes/coerceValue";
import type { FieldType, Model } from "../../models/Model";
import { BATCH, DELETED, tableNames } from "../datasetLayout";
import { changeJudge } from "./judgeChanges";
import { mergeStatements } from "./mergeStatements";
import { equalsParams, q } from "./sql";
import type { QuarantineEntry, QuarantineProblem } from "../QuarantinedRecord";
import type { PayloadKeys } from "../KeyPurge";
import { erasedRows, idsIn } from "../erasedRows";

export interface MergeCounts {
  upserted: number;
  deleted: number;
  stale: number;
  unchanged: number;
  conflicts: number;
}

/** A stored value as the text of a parameter, cast to its column type in SQL. */
export function paramOf(type: FieldType, v: StorageValue | boolean): string | number | null {
  if (v === null) return null;
  if (type === "boolean") return v === 1 || v === true || v === 1n ? "t" : "f";
  return typeof v === "string" ? v : String(v);
}

/** What a statement of the dataset store runs on: a connection inside the batch's transaction. */
type Client = Pick<pg.PoolClient, "query">;

export interface DatasetStore {
  readonly model: Model;
  /** Records the changes in the history and makes each key's winner its state; counts what each change did (R4-R8). */
  merge(client: Client, changes: Iterable<readonly Change[]>, batch: number): Promise<MergeCounts>;
  quarantine(client: Client, entries: readonly QuarantineEntry[]): Promise<number[]>;
  requarantine(client: Client, id: number, problem: QuarantineProblem): Promise<void>;
  release(client: Client, id: number): Promise<void>;
  purgeTombstones(client: Client, cutoff: string): Promise<number>;
  purgeKey(client: Client, key: StorageValue[]): Promise<{ state: "row" | "tombstone" | "nothing"; historyEntries: number }>;
  /** Removes the quarantined rows whose payload carries one of the purged keys; their ids by key digest. */
  purgeQuarantine(client: Client, keysIn: PayloadKeys, digests: ReadonlySet<string>): Promise<Map<string, number[]>>;
}

export function createDatasetStore(model: Model): DatasetStore {
  const t = tableNames(model.dataset);
  const fields = model.fields.map((f) => f.name);
  const types = model.fields.map((f) => f.type);
  const pk = model.primaryKey;
  const statements = mergeStatements(model);
  const judge = changeJudge(model);

  const quarantineSql = `INSERT INTO ${q(t.quarantine)} (batch_id, row_index, code, field, message, problems, format, payload, received_at)
    SELECT u.batch_id, u.row_index::bigint, u.code, u.field, u.message, u.problems, u.format, u.payload, u.received_at
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY
      AS u(batch_id, row_index, code, field, message, problems, format, payload, received_at, ord)
    ORDER BY u.ord RETURNING id`;

  return {
    model,
    async merge(client, parts, batch) {
      const walk = judge.start();
      // A change the batch brought before (same key and hash: the hash covers the key) is not sent:
      // it changes nothing (R4.4).
      const inBatch = new Set<string>();
      /** One part's statement, sent; `sent[i]`: the place of change i among those sent, or -1. */
      const send = (changes: readonly Change[]) => {
        const columns: StorageValue[][] = fields.map(() => []);
        let ops = "";
        const hashes: string[] = [];
        const rows: string[] = [];
        const sent = new Int32Array(changes.length);
        for (let c = 0; c < changes.length; c++) {
          const change = changes[c]!;
          if (inBatch.has(change.hash)) {
            sent[c] = -1;
            continue;
          }
          inBatch.add(change.hash);
          sent[c] = hashes.length;
          for (let i = 0; i < fields.length; i++) columns[i]!.push(change.values[i]!);
          ops += change.op === "upsert" ? "u" : "d";
          hashes.push(change.hash);
          rows.push(change.canonical ?? "");
        }
        // As mergeStatements.ts reads them: a string field as JSON, any other joined by commas (a bigint
        // as its digits, a boolean as 1 or 0, null as nothing).
        const params = [...columns.map((c, i) => (types[i] === "string" ? JSON.stringify(c) : c.join(","))), ops, hashes.join(","), rows.join("\u001e"), batch, model.dataset];
        const met = client.query<{ met: string }>(statements.merge, params);
        // Awaited after the part before it: should that one fail, this one's failure is not left unhandled.
        met.catch(() => undefined);
        return { changes, sent, met };
      };
      const judgePart = async ({ changes, sent, met }: ReturnType<typeof send>) => {
        const said = (await met).rows[0]!.met;
        // The history took a change it did not hold, the first time the batch brought it.
        const accepted: boolean[] = [];
        let flags = "";
        for (let c = 0; c < changes.length; c++) {
          const k = sent[c]!;
          accepted.push(k >= 0 && said[3 * k + 1] === "0");
          flags += k >= 0 ? said[3 * k]! : "n";
        }
        for (const c of walk.add(changes, accepted, flags)) if (said[3 * sent[c]! + 2] === "1") walk.judgement.conflicts++;
      };
      // Each part's statement is sent before the next part is read: reading it (normalizing its rows)
      // takes Node's time while PostgreSQL runs the statement. A part sees the writes of those before it.
      let running: ReturnType<typeof send> | undefined;
      for (const part of parts) {
        if (part.length === 0) continue;
        const next = send(part);
        if (running) await judgePart(running);
        running = next;
      }
      if (running) await judgePart(running);
      const { upserted, deleted, stale, unchanged, conflicts } = walk.judgement;
      return { upserted, deleted, stale, unchanged, conflicts };
    },
    async quarantine(client, entries) {
      if (entries.length === 0) return [];
      const col = <K extends keyof QuarantineEntry>(k: K) => entries.map((e) => (e[k] === null ? null : String(e[k])));
      const r = await client.query<{ id: bigint }>(quarantineSql, [
        col("batchId"),
        col("rowIndex"),
        col("code"),
        col("field"),
        col("message"),
        col("problems"),
        col("format"),
        col("payload"),
        col("receivedAt"),
      ]);
      return r.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
    },
    async requarantine(client, id, e) {
      await client.query(`UPDATE ${q(t.quarantine)} SET batch_id = $1, code = $2, field = $3, message = $4, problems = $5, received_at = $6 WHERE id = $7`, [
        e.batchId,
        e.code,
        e.field,
        e.message,
        e.problems,
        e.receivedAt,
        id,
      ]);
    },
    async release(client, id) {
      await client.query(`DELETE FROM ${q(t.quarantine)} WHERE id = $1`, [id]);
    },
    async purgeTombstones(client, cutoff) {
      const r = await client.query(`DELETE FROM ${q(t.state)} WHERE ${q(DELETED)} AND ${q(BATCH)} IN (SELECT seq FROM _mq_batches WHERE received_at COLLATE "C" < $1)`, [cutoff]);
      const purged = r.rowCount ?? 0;
      // The purged keys keep their history: it may now hold changes above a key's state, or have no state.
      if (purged > 0) await client.query(`DELETE FROM _mq_states_cover_history WHERE dataset = $1`, [model.dataset]);
      return purged;
    },
    async purgeKey(client, key) {
      const params = pk.map((k, i) => paramOf(model.fields.find((f) => f.name === k)!.type, key[i]!));
      const removed = await client.query<{ deleted: boolean }>(`DELETE FROM ${q(t.state)} WHERE ${equalsParams(pk)} RETURNING ${q(DELETED)} AS deleted`, params);
      const state = removed.rows.length === 0 ? "nothing" : removed.rows[0]!.deleted ? "tombstone" : "row";
      const history = await client.query(`DELETE FROM ${q(t.history)} WHERE ${equalsParams(pk)}`, params);
      return { state, historyEntries: history.rowCount ?? 0 };
    },
    async purgeQuarantine(client, keysIn, digests) {
      const rows = await client.query<{ id: string; format: string; payload: string }>(`SELECT id, format, payload FROM ${q(t.quarantine)} ORDER BY id`);
      const found = erasedRows(rows.rows, keysIn, digests);
      const ids = [...idsIn(found)];
      if (ids.length > 0) await client.query(`DELETE FROM ${q(t.quarantine)} WHERE id = ANY($1::bigint[])`, [ids]);
      return found;
    },
  };
}
