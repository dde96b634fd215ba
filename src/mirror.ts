// The mirror as a library: models in, changes merged into SQLite, state read back.
// The GraphQL server and the CLI are built on this one object.

import { and, desc, eq, lt } from "drizzle-orm";
import { compileTranslator, type ChangeFormat, type Translator } from "./changes/formats";
import { compileNormalizer } from "./changes/normalizeChange";
import { MirrorError } from "./errors";
import { purgeKeys, type PurgeReceipt } from "./hygiene/purgeKeys";
import { applyBatch, payloadOf, type ApplyOptions, type DatasetChanges, type MergeDataset } from "./merge/applyBatch";
import type { Receipt } from "./merge/Receipt";
import { loadModels } from "./models/loadModels";
import type { Model } from "./models/Model";
import { createDatasetStore } from "./storage/sqlite/datasetStore";
import { batchDatasets, batchLedger, quarantineLog } from "./storage/sqlite/internalSchema";
import { MEMORY, openDatabase, type SqliteDatabase } from "./storage/sqlite/openDatabase";
import type { Row } from "./storage/MirroredRow";
import type { QuarantinedRecord, QuarantineSelection } from "./storage/QuarantinedRecord";
import { readHistory, readIntegrity, readQuarantine, readRows, readTombstones } from "./storage/sqlite/readDataset";
import { syncDatasets } from "./storage/sqlite/syncDatasets";

export interface MirrorOptions {
  /** Database file, created if missing; `":memory:"` (the default) for a throwaway mirror. */
  database?: string;
  /** Models to mirror; read from `schemaDir` when absent. */
  models?: Model[];
  /** Folder of model files, default `schema/`. */
  schemaDir?: string;
  /** The clock, for receipts, tombstones and retention. */
  now?: () => Date;
}

export class Mirror {
  readonly models: readonly Model[];
  private readonly datasets = new Map<string, MergeDataset>();

  private constructor(
    readonly database: SqliteDatabase,
    /** The database file, or ":memory:". */
    readonly path: string,
    models: Model[],
    private readonly now: () => Date,
  ) {
    this.models = models;
    for (const model of models) {
      const translators = new Map<ChangeFormat, Translator>();
      this.datasets.set(model.dataset, {
        store: createDatasetStore(database, model),
        normalize: compileNormalizer(model),
        translator: (format) => {
          let t = translators.get(format);
          if (!t) translators.set(format, (t = compileTranslator(format, model)));
          return t;
        },
      });
    }
  }

  /**
   * Opens a mirror: loads and checks the models, creates or upgrades their tables.
   * @example const mirror = Mirror.open({ database: "data/mirror.db", schemaDir: "schema" });
   */
  static open(options: MirrorOptions = {}): Mirror {
    const models = options.models ?? loadModels(options.schemaDir ?? "schema");
    const path = options.database ?? MEMORY;
    const database = openDatabase(path);
    const now = options.now ?? (() => new Date());
    try {
      syncDatasets(database, models, now());
      return new Mirror(database, path, models, now);
    } catch (e) {
      database.sqlite.close();
      throw e;
    }
  }

  /** The model of a dataset; UNKNOWN_DATASET when none is loaded under that name. */
  model(dataset: string): Model {
    return this.target(dataset).store.model;
  }

  private target(dataset: string): MergeDataset {
    const target = this.datasets.get(dataset);
    if (!target) {
      throw new MirrorError("UNKNOWN_DATASET", `Unknown dataset "${dataset}"; loaded datasets: ${[...this.datasets.keys()].join(", ")}.`, { dataset });
    }
    return target;
  }

  /**
   * Merges change rows into one dataset in one transaction and returns the receipt.
   * @example mirror.applyChanges("contacts", [{ contact_id: "c1", last_modified: "2026-01-01T00:00:00Z" }]);
   */
  applyChanges(dataset: string, rows: readonly unknown[], options: ApplyOptions = {}): Receipt {
    return this.applyBatch([{ dataset, rows }], options);
  }

  /** Merges changes of several datasets (parents with their children) in one transaction. */
  applyBatch(items: readonly DatasetChanges[], options: ApplyOptions = {}): Receipt {
    if (items.length === 0) throw new MirrorError("BAD_USER_INPUT", "A batch needs at least one dataset with its changes.");
    return applyBatch(this.database, (d) => this.target(d), items, options, this.now());
  }

  /** The receipt of an applied batch, if that id is known. */
  batch(id: string): Receipt | undefined {
    const row = this.database.db.select().from(batchLedger).where(eq(batchLedger.id, id)).get();
    return row ? (JSON.parse(row.receipt) as Receipt) : undefined;
  }

  /** Receipts of applied batches, newest first, optionally of one dataset; `before` is a ledger seq for paging. */
  batches(options: { dataset?: string; before?: number; limit: number }): { seq: number; receipt: Receipt }[] {
    const { db } = this.database;
    if (options.dataset !== undefined) this.model(options.dataset);
    const older = options.before !== undefined ? lt(batchLedger.seq, options.before) : undefined;
    const query = options.dataset !== undefined
      ? db.select({ seq: batchLedger.seq, receipt: batchLedger.receipt }).from(batchDatasets)
          .innerJoin(batchLedger, eq(batchLedger.seq, batchDatasets.batchSeq))
          .where(and(eq(batchDatasets.dataset, options.dataset), older))
      : db.select({ seq: batchLedger.seq, receipt: batchLedger.receipt }).from(batchLedger).where(older);
    return query.orderBy(desc(batchLedger.seq)).limit(options.limit).all()
      .map((r) => ({ seq: Number(r.seq), receipt: JSON.parse(r.receipt) as Receipt }));
  }

  rows(dataset: string) {
    return readRows(this.database, this.model(dataset));
  }

  tombstones(dataset: string) {
    return readTombstones(this.database, this.model(dataset));
  }

  history(dataset: string, key?: Row) {
    return readHistory(this.database, this.model(dataset), key);
  }

  quarantine(dataset: string, select?: QuarantineSelection) {
    return readQuarantine(this.database, this.model(dataset), select);
  }

  private quarantined(dataset: string, ids: readonly number[]): QuarantinedRecord[] {
    if (ids.length === 0) throw new MirrorError("BAD_USER_INPUT", "Name at least one quarantined row by its id.", { argument: "ids" });
    const entries = readQuarantine(this.database, this.model(dataset), { ids });
    const missing = ids.filter((id) => !entries.some((e) => e.id === id));
    if (missing.length > 0) {
      throw new MirrorError("NOT_FOUND", `No quarantined row of ${dataset} has id ${missing.join(", ")}; list them with the quarantine query.`, { dataset, ids: missing });
    }
    return ids.map((id) => entries.find((e) => e.id === id)!);
  }

  /**
   * Runs quarantined rows through the merge again, as a new batch, after the source was
   * fixed or the model grew. Rows that pass leave the quarantine (recorded in `_mq_quarantine_log`);
   * rows still invalid stay, with their new problems, and are listed in the receipt.
   */
  replayQuarantine(dataset: string, ids: readonly number[], options: { batchId?: string } = {}): Receipt {
    const entries = this.quarantined(dataset, ids);
    const formats = [...new Set(entries.map((e) => e.format as ChangeFormat))];
    return this.applyBatch(
      formats.map((format) => {
        const of = entries.filter((e) => e.format === format);
        return { dataset, format, rows: of.map((e) => e.payload), replayOf: of.map((e) => ({ id: e.id, code: e.code })) };
      }),
      { batchId: options.batchId ?? `replay:${dataset}:${ids.join(",")}:${this.now().toISOString()}` },
    );
  }

  /** Removes quarantined rows on purpose; each removal is recorded with its payload and the reason. */
  discardQuarantine(dataset: string, ids: readonly number[], reason: string): QuarantinedRecord[] {
    if (reason.trim() === "") throw new MirrorError("BAD_USER_INPUT", "Discarding quarantined rows needs a reason, for the record.", { argument: "reason" });
    const entries = this.quarantined(dataset, ids);
    const { store } = this.target(dataset);
    const at = this.now().toISOString();
    this.database.sqlite.transaction(() => {
      for (const e of entries) {
        store.release(e.id);
        this.database.db.insert(quarantineLog).values({ dataset, quarantineId: e.id, action: "discarded", reason, payload: payloadOf(e.payload), code: e.code, at }).run();
      }
    })();
    return entries;
  }

  /**
   * Erases keys on purpose (data hygiene, R8): each key's row or tombstone and its whole
   * history, logged in `_mq_purges` by digest with the reason. Keys are objects of the
   * primary-key fields; one invalid key refuses the purge and nothing is removed.
   * @example mirror.purgeKeys("contacts", [{ contact_id: "c1" }], "erasure request #4711")
   */
  purgeKeys(dataset: string, keys: readonly unknown[], reason: string): PurgeReceipt {
    const { store } = this.target(dataset);
    return purgeKeys(this.database, store.model, store, keys, reason, this.now());
  }

  integrity(limit?: number) {
    return readIntegrity(this.database, this.models, limit);
  }

  /** Removes tombstones past their model's retention (R7); also done at the start of each batch. */
  purgeExpiredTombstones(): number {
    const now = this.now().getTime();
    let removed = 0;
    this.database.sqlite.transaction(() => {
      for (const { store } of this.datasets.values()) {
        const ms = store.model.tombstoneRetentionMs;
        if (ms !== undefined) removed += store.purgeTombstones(new Date(now - ms).toISOString());
      }
    })();
    return removed;
  }

  close(): void {
    if (this.database.sqlite.open) this.database.sqlite.close();
  }
}
