// The mirror as a library: models in, changes merged into SQLite, state read back.
// The GraphQL server and the CLI are built on this one object.

import { eq } from "drizzle-orm";
import { compileNormalizer } from "./changes/normalizeChange";
import { MirrorError } from "./errors";
import { applyBatch, type ApplyOptions, type DatasetChanges, type MergeDataset } from "./merge/applyBatch";
import type { Receipt } from "./merge/Receipt";
import { loadModels } from "./models/loadModels";
import type { Model } from "./models/Model";
import { createDatasetStore } from "./storage/sqlite/datasetStore";
import { batchLedger } from "./storage/sqlite/internalSchema";
import { MEMORY, openDatabase, type SqliteDatabase } from "./storage/sqlite/openDatabase";
import { readHistory, readIntegrity, readQuarantine, readRows, readTombstones, type Row } from "./storage/sqlite/readDataset";
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
    models: Model[],
    private readonly now: () => Date,
  ) {
    this.models = models;
    for (const model of models) {
      this.datasets.set(model.dataset, { store: createDatasetStore(database, model), normalize: compileNormalizer(model) });
    }
  }

  /**
   * Opens a mirror: loads and checks the models, creates or upgrades their tables.
   * @example const mirror = Mirror.open({ database: "data/mirror.db", schemaDir: "schema" });
   */
  static open(options: MirrorOptions = {}): Mirror {
    const models = options.models ?? loadModels(options.schemaDir ?? "schema");
    const database = openDatabase(options.database ?? MEMORY);
    const now = options.now ?? (() => new Date());
    try {
      syncDatasets(database, models, now());
      return new Mirror(database, models, now);
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

  rows(dataset: string) {
    return readRows(this.database, this.model(dataset));
  }

  tombstones(dataset: string) {
    return readTombstones(this.database, this.model(dataset));
  }

  history(dataset: string, key?: Row) {
    return readHistory(this.database, this.model(dataset), key);
  }

  quarantine(dataset: string) {
    return readQuarantine(this.database, this.model(dataset));
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
