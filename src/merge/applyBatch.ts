// The merge core: applies a batch of changes, over one or several datasets, in one
// transaction, and returns its receipt (docs/merge-rules.md, R1-R9). Here every row is
// translated, normalized and checked; the storage writes the batch and counts what each
// change did.

import { randomUUID } from "node:crypto";
import type { ChangeFormat, Translator } from "../changes/formats";
import type { Change, Normalizer } from "../changes/normalizeChange";
import type { Model } from "../models/Model";
import type { DatasetOutcome, DatasetWrite } from "../storage/BatchWrite";
import type { QuarantineProblem } from "../storage/QuarantinedRecord";
import type { Storage } from "../storage/Storage";
import { emptyDatasetReceipt, type DatasetReceipt, type InvalidRow, type Receipt } from "./Receipt";
import { tombstoneCutoff } from "./tombstoneCutoff";
import { deepJsonText, MAX_ROW_DEPTH, nestedDeeperThan } from "../changes/rowDepth";
import type { RowProblem } from "../changes/RejectionCode";
import { requireStorableText } from "../changes/storableText";
import { MAX_INDEX_ENTRY_BYTES } from "../changes/indexEntryLimit";
import { MirrorError } from "../errors";

export interface DatasetChanges {
  dataset: string;
  rows: readonly unknown[];
  /** The shape the rows are written in; native by default. */
  format?: ChangeFormat;
  /** Replaying quarantined rows: the quarantine entry of each row, in order. */
  replayOf?: readonly { id: number; code: string }[];
  /**
   * Rows too deep to hand to another thread (set by setAsideTooDeep): their place in `rows`
   * holds null, their JSON text is here, and they are quarantined as NESTED_TOO_DEEP.
   */
  tooDeep?: readonly { index: number; payload: string }[];
}

/**
 * The items with every row nested deeper than MAX_ROW_DEPTH replaced by null and kept as text
 * in `tooDeep`, so that the batch can cross to the writer thread (a structured clone of such a
 * row overflows the stack) and the row is still quarantined exactly as sent.
 */
export function setAsideTooDeep(items: readonly DatasetChanges[]): DatasetChanges[] {
  return items.map((item) => {
    const deep = item.rows.flatMap((row, index) => (nestedDeeperThan(row, MAX_ROW_DEPTH) ? [{ index, payload: deepJsonText(row) }] : []));
    if (deep.length === 0) return item;
    const rows = [...item.rows];
    for (const { index } of deep) rows[index] = null;
    return { ...item, rows, tooDeep: [...(item.tooDeep ?? []), ...deep] };
  });
}

export interface ApplyOptions {
  /** Idempotency key: a batch id applied before returns its first receipt (R9). Generated when absent. */
  batchId?: string;
  /** Any invalid row rejects the whole batch and nothing is written. */
  atomic?: boolean;
}

export interface MergeDataset {
  model: Model;
  normalize: Normalizer;
  translator(format: ChangeFormat): Translator;
}

interface Prepared {
  item: DatasetChanges;
  format: ChangeFormat;
  model: Model;
  /** The valid changes in parts, normalized as they are read (see prepare). */
  changes: Iterable<readonly Change[]>;
  /** Normalizes the rows not read yet: afterwards `invalid` and `ignored` are complete. */
  readAll(): void;
  invalid: InvalidRow[];
  readonly ignored: number;
}

/**
 * A dataset's rows are normalized a part at a time, as the storage reads them, so that a storage
 * with its database in another process writes one part while the next is being normalized. The
 * first part is a tenth of the rows, so that the database starts early; the rest is cut into three.
 * No part is under MIN_PART_ROWS rows: a small batch is one part.
 */
export function partEnds(rows: number): number[] {
  const MIN_PART_ROWS = 1_000;
  if (rows < 2 * MIN_PART_ROWS) return [rows];
  const first = Math.max(MIN_PART_ROWS, Math.ceil(rows / 10));
  const rest = Math.max(1, Math.min(3, Math.floor((rows - first) / MIN_PART_ROWS)));
  const size = Math.ceil((rows - first) / rest);
  const ends = [first];
  while (ends.at(-1)! < rows) ends.push(Math.min(rows, ends.at(-1)! + size));
  return ends;
}

export function payloadOf(row: unknown): string {
  if (nestedDeeperThan(row, MAX_ROW_DEPTH)) return deepJsonText(row);
  let bigints = false;
  const text = JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? ((bigints = true), v.toString()) : v)) ?? "null";
  // A bigint is a JSON integer sent beyond 2^53 (server/parseBody.ts): kept as the number sent,
  // digits unquoted, as deepJsonText writes it (JSON.stringify can only quote it).
  return bigints ? deepJsonText(row) : text;
}

/** The text kept for row `index` of `item`: what was sent. */
function sentPayload(item: DatasetChanges, index: number): string {
  return item.tooDeep?.find((d) => d.index === index)?.payload ?? payloadOf(item.rows[index]);
}

const tooDeepProblem = (): RowProblem => ({
  code: "NESTED_TOO_DEEP",
  expected: `objects and arrays nested at most ${MAX_ROW_DEPTH} levels deep`,
  received: `deeper nesting`,
  message: `The row nests objects or arrays more than ${MAX_ROW_DEPTH} levels deep; no change format needs that many. Send the field values flat.`,
});

/** Translates and checks the rows as their parts are read; touches no table. */
function prepare(item: DatasetChanges, target: MergeDataset): Prepared {
  const format = item.format ?? "native";
  const translate = target.translator(format);
  const setAside = new Set(item.tooDeep?.map((d) => d.index));
  const invalid: InvalidRow[] = [];
  let ignored = 0;
  const check = (raw: unknown, index: number, changes: Change[]) => {
    if (setAside.has(index) || nestedDeeperThan(raw, MAX_ROW_DEPTH)) {
      const problem = tooDeepProblem();
      invalid.push({ index, ...problem, problems: [problem] });
      return;
    }
    const translated = translate(raw);
    if (translated.kind === "ignored") {
      ignored++;
      return;
    }
    if (translated.kind === "invalid") {
      invalid.push({ index, ...translated.problem, problems: [translated.problem] });
      return;
    }
    const result = target.normalize(translated.row);
    if (result.ok) changes.push(result.change);
    else invalid.push({ index, ...result.problems[0]!, problems: result.problems });
  };

  // Parts are kept once made: read again (a transaction run again) they are the same.
  const { rows } = item;
  const ends = partEnds(rows.length);
  const parts: Change[][] = [];
  const more = () => parts.length < ends.length;
  const makePart = () => {
    const changes: Change[] = [];
    for (let index = parts.length === 0 ? 0 : ends[parts.length - 1]!; index < ends[parts.length]!; index++) check(rows[index], index, changes);
    parts.push(changes);
  };
  return {
    item,
    format,
    model: target.model,
    changes: {
      *[Symbol.iterator]() {
        for (let k = 0; k < parts.length || more(); k++) {
          if (k === parts.length) makePart();
          yield parts[k]!;
        }
      },
    },
    readAll() {
      while (more()) makePart();
    },
    invalid,
    get ignored() {
      return ignored;
    },
  };
}

/** A batch id is stored and indexed (the ledger, the quarantine): storable text within one index entry. */
function checkBatchId(batchId: string): void {
  requireStorableText("batchId", batchId);
  const bytes = Buffer.byteLength(batchId, "utf8");
  if (bytes > MAX_INDEX_ENTRY_BYTES) {
    const expected = `at most ${MAX_INDEX_ENTRY_BYTES} bytes (UTF-8)`;
    throw new MirrorError("BAD_USER_INPUT", `Argument "batchId" must be ${expected}, as any indexed value, received ${bytes} bytes; use a shorter id (a digest of a long one).`, {
      argument: "batchId",
      expected,
      received: `${bytes} bytes`,
    });
  }
}

/** Applies the changes; `resolve` maps a dataset name to its model and compiled rules (throwing for unknown ones). */
export async function applyBatch(
  storage: Storage,
  resolve: (dataset: string) => MergeDataset,
  items: readonly DatasetChanges[],
  options: ApplyOptions,
  now: Date,
): Promise<Receipt> {
  // Checked here, not only by the GraphQL mutation, so that every caller gets the same refusal.
  if (options.batchId !== undefined) checkBatchId(options.batchId);
  const batchId = options.batchId ?? randomUUID();
  const atomic = options.atomic ?? false;
  const receivedAt = now.toISOString();
  const prepared = items.map((item) => prepare(item, resolve(item.dataset)));
  const receiptOf = (status: Receipt["status"], datasets: DatasetReceipt[]): Receipt => ({ batchId, status, atomic, replayed: false, receivedAt, datasets });

  if (atomic) for (const p of prepared) p.readAll();
  if (atomic && prepared.some((p) => p.invalid.length > 0)) {
    // Nothing is written; a batch id applied before still gives back its first receipt.
    const first = await storage.batch(batchId);
    if (first) return { ...first, replayed: true };
    return receiptOf(
      "rejected",
      prepared.map((p) => ({ ...emptyDatasetReceipt(p.item.dataset, p.format, p.item.rows.length), ignored: p.ignored, rejected: p.invalid })),
    );
  }

  const written = await storage.applyBatch({
    batchId,
    receivedAt,
    datasets: prepared.map((p) => datasetWrite(p, now, batchId, receivedAt)),
    receipt: (outcomes) => {
      for (const p of prepared) p.readAll();
      return receiptOf(
        "applied",
        prepared.map((p, i) => datasetReceipt(p, outcomes[i]!)),
      );
    },
  });
  switch (written.kind) {
    case "applied":
      return written.receipt;
    case "seen-before":
      return { ...written.first, replayed: true };
  }
}

/**
 * What the storage writes for one dataset. Invalid rows of a fresh batch go into the quarantine,
 * so that nothing is lost (R9); replayed rows leave it (recorded) unless they are still invalid,
 * and those keep their entry with the new problems.
 */
function datasetWrite(p: Prepared, now: Date, batchId: string, receivedAt: string): DatasetWrite {
  const { item, format, model, changes } = p;
  const cutoff = tombstoneCutoff(model, now);
  const problemOf = (row: InvalidRow): QuarantineProblem => ({
    batchId,
    code: row.code,
    field: row.field ?? null,
    message: row.message,
    problems: JSON.stringify(row.problems),
    receivedAt,
  });
  return {
    dataset: item.dataset,
    ...(cutoff !== undefined ? { tombstoneCutoff: cutoff } : {}),
    changes,
    quarantineWrites() {
      p.readAll();
      const entries = item.replayOf;
      if (!entries) {
        const quarantine = p.invalid.map((row) => ({ ...problemOf(row), rowIndex: row.index, format, payload: sentPayload(item, row.index) }));
        return { quarantine, released: [], requarantined: [] };
      }
      const stillInvalid = new Map(p.invalid.map((row) => [row.index, row]));
      return {
        quarantine: [],
        requarantined: p.invalid.map((row) => ({ id: entries[row.index]!.id, problem: problemOf(row) })),
        released: entries.flatMap(({ id, code }, index) => (stillInvalid.has(index) ? [] : [{ id, code, payload: sentPayload(item, index) }])),
      };
    },
  };
}

function datasetReceipt({ item, format, invalid, ignored }: Prepared, outcome: DatasetOutcome): DatasetReceipt {
  const { upserted, deleted, stale, unchanged, conflicts, quarantineIds } = outcome;
  const quarantined = item.replayOf
    ? invalid.map((row) => ({ ...row, quarantineId: item.replayOf![row.index]!.id }))
    : invalid.map((row, i) => ({ ...row, quarantineId: quarantineIds[i]! }));
  return { ...emptyDatasetReceipt(item.dataset, format, item.rows.length), upserted, deleted, stale, unchanged, conflicts, ignored, quarantined };
}
