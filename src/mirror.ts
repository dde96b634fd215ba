// The mirror as a library: models in, changes merged into the storage, state read back.
// The GraphQL server and the CLI are built on this one object. Everything that reaches
// the storage is asynchronous.

import { createHash } from "node:crypto";
import { MAX_INDEX_ENTRY_BYTES } from "./changes/indexEntryLimit";
import { compileTranslator, type ChangeFormat, type Translator } from "./changes/formats";
import { compileNormalizer } from "./changes/normalizeChange";
import { requireStorableText } from "./changes/storableText";
import { MirrorError } from "./errors";
import { purgeKeys, type PurgeReceipt } from "./hygiene/purgeKeys";
import { applyBatch, payloadOf, type ApplyOptions, type DatasetChanges, type MergeDataset } from "./merge/applyBatch";
import type { Receipt } from "./merge/Receipt";
import { tombstoneCutoff } from "./merge/tombstoneCutoff";
import { loadModels } from "./models/loadModels";
import type { Model } from "./models/Model";
import type { ApiKeyRecord, AuditEntry, AuditSelection, NewApiKey, NewAuditEntry, StoredApiKey } from "./storage/AccessRecords";
import type { LedgerEntry } from "./storage/LedgerEntry";
import type { HistoryEntry, MirroredRow, Row, Tombstone } from "./storage/MirroredRow";
import { MEMORY, openStorage, sqliteConnection, type Durability, type SqliteDatabase } from "./storage/openStorage";
import type { QuarantinedRecord, QuarantineSelection } from "./storage/QuarantinedRecord";
import type { RelationshipIntegrity } from "./storage/RelationshipIntegrity";
import { CursorKey } from "./query/cursor";
import { auditModelChange } from "./auth/modelAudit";
import type { Storage } from "./storage/Storage";
import type { DatasetPlan } from "./storage/DatasetPlan";
import { withDefinedModels } from "./models/definedModels";

export interface MirrorOptions {
  /** Database file, created if missing; `":memory:"` (the default) for a throwaway mirror; or a postgres:// URL. */
  database?: string;
  /** PostgreSQL only: the schema that holds the mirror, created if missing (default `mirrorql`). */
  pgSchema?: string;
  /** SQLite only: what a commit survives, `full` (default: power loss) or `normal` (process kill); see openDatabase.ts. */
  durability?: Durability;
  /** Models to mirror; read from `schemaDir` when absent. */
  models?: Model[];
  /** Folder of model files, default `schema/`. */
  schemaDir?: string;
  /** The clock, for receipts, tombstones and retention. */
  now?: () => Date;
  /**
   * The secret cursors are signed with (16 to 64 bytes); by default the database's own, made when
   * it is created (Storage.secret). Pinned by tests, whose golden results show cursors.
   */
  cursorSecret?: Buffer;
  /**
   * Also serve the datasets whose models were defined through the API (defineModels) and not
   * dropped since, as `_mq_model_revisions` records them (default true); a model given here
   * for the same dataset wins.
   */
  definedModels?: boolean;
}

/**
 * The batch id of a replay given none: readable when it fits, else with the ids as a digest, so
 * that replaying many rows stays within the size of an indexed value (MAX_INDEX_ENTRY_BYTES).
 */
function replayBatchId(dataset: string, ids: readonly number[], now: Date): string {
  const plain = `replay:${dataset}:${ids.join(",")}:${now.toISOString()}`;
  if (Buffer.byteLength(plain, "utf8") <= MAX_INDEX_ENTRY_BYTES) return plain;
  return `replay:${dataset}:${ids.length} rows sha256 ${createHash("sha256").update(ids.join(",")).digest("hex")}:${now.toISOString()}`;
}

/** The name of the cursor key among the database's secrets. */
const CURSOR_SECRET = "cursor";

export class Mirror {
  private current: readonly Model[] = [];
  private datasets = new Map<string, MergeDataset>();

  private constructor(
    readonly storage: Storage,
    /** The database file, ":memory:", or the PostgreSQL URL. */
    readonly path: string,
    models: Model[],
    private readonly now: () => Date,
    /** Signs the cursors this mirror's readers write, and checks those clients send back. */
    readonly cursorKey: CursorKey,
  ) {
    this.use(models);
  }

  /** The models in use: those loaded at open, or adopted since (adoptModels). */
  get models(): readonly Model[] {
    return this.current;
  }

  private use(models: readonly Model[]): void {
    const datasets = new Map<string, MergeDataset>();
    for (const model of models) {
      const translators = new Map<ChangeFormat, Translator>();
      datasets.set(model.dataset, {
        model,
        normalize: compileNormalizer(model),
        translator: (format) => {
          let t = translators.get(format);
          if (!t) translators.set(format, (t = compileTranslator(format, model)));
          return t;
        },
      });
    }
    this.current = models;
    this.datasets = datasets;
  }

  /**
   * Replicas: uses models another process loaded into the shared database (their tables are
   * in place), without a restart; batches and reads from now on follow them. PostgreSQL only.
   */
  adoptModels(models: readonly Model[]): void {
    if (!this.storage.adoptModels)
      throw new MirrorError(
        "BAD_USER_INPUT",
        `Only a mirror on PostgreSQL can adopt models loaded by another process; ${this.path} is a SQLite database, which one process writes.`,
      );
    this.storage.adoptModels(models);
    this.use(models);
  }

  /**
   * Serves another model set from now on: creates or upgrades its tables as `open` does (all or
   * nothing; INCOMPATIBLE_MODEL_CHANGE while stored data forbids a change), then batches and
   * reads follow it. Datasets left out keep their tables (dropDataset removes them).
   */
  async syncModels(models: readonly Model[]): Promise<void> {
    await this.storage.syncModels(models, this.now());
    this.use(models);
  }

  /** What `syncModels(models)` would do to each dataset, applying nothing. */
  async planModels(models: readonly Model[]): Promise<DatasetPlan[]> {
    return this.storage.planModels(models, this.now());
  }

  /** Drops a dataset's tables, whatever they hold, and stops serving it. The caller checks that no model refers to it. */
  async dropDataset(dataset: string): Promise<void> {
    const model = this.model(dataset);
    const remaining = this.models.filter((m) => m !== model);
    await this.storage.dropDataset(model, remaining, this.now());
    this.use(remaining);
  }

  /**
   * Opens a mirror: loads and checks the models, creates or upgrades their tables.
   * @example const mirror = await Mirror.open({ database: "data/mirror.db", schemaDir: "schema" });
   */
  static async open(options: MirrorOptions = {}): Promise<Mirror> {
    const fileModels = options.models ?? loadModels(options.schemaDir ?? "schema");
    const path = options.database ?? MEMORY;
    const now = options.now ?? (() => new Date());
    const storage = await openStorage(path, {
      ...(options.pgSchema !== undefined ? { pgSchema: options.pgSchema } : {}),
      ...(options.durability !== undefined ? { durability: options.durability } : {}),
    });
    let cursorKey: CursorKey;
    let models: Model[];
    try {
      models = options.definedModels === false ? fileModels : await withDefinedModels(storage, fileModels);
      await storage.syncModels(models, now());
      await auditModelChange(storage, models, now());
      cursorKey = new CursorKey(options.cursorSecret ?? (await storage.secret(CURSOR_SECRET)));
    } catch (e) {
      await storage.close();
      throw e;
    }
    return new Mirror(storage, path, models, now, cursorKey);
  }

  /**
   * SQLite only, for now: the connection under the mirror, which the GraphQL read path
   * (SqlReader) and some tests use directly. It goes once reads go through the storage.
   */
  get database(): SqliteDatabase {
    return sqliteConnection(this.storage);
  }

  /** The model of a dataset; UNKNOWN_DATASET when none is loaded under that name. */
  model(dataset: string): Model {
    return this.target(dataset).model;
  }

  /** The name of a loaded dataset, checked before the storage is asked (UNKNOWN_DATASET otherwise). */
  private known(dataset: string): string {
    return this.target(dataset).model.dataset;
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
   * @example await mirror.applyChanges("contacts", [{ contact_id: "c1", last_modified: "2026-01-01T00:00:00Z" }]);
   */
  async applyChanges(dataset: string, rows: readonly unknown[], options: ApplyOptions = {}): Promise<Receipt> {
    return this.applyBatch([{ dataset, rows }], options);
  }

  /** Merges changes of several datasets (parents with their children) in one transaction. */
  async applyBatch(items: readonly DatasetChanges[], options: ApplyOptions = {}): Promise<Receipt> {
    if (items.length === 0) throw new MirrorError("BAD_USER_INPUT", "A batch needs at least one dataset with its changes.");
    return applyBatch(this.storage, (d) => this.target(d), items, options, this.now());
  }

  /** The receipt of an applied batch, if that id is known. */
  async batch(id: string): Promise<Receipt | undefined> {
    requireStorableText("id", id);
    return this.storage.batch(id);
  }

  /** Receipts of applied batches, newest first, optionally of one dataset; `before` is a ledger seq for paging. */
  async batches(options: { dataset?: string; before?: number; limit: number }): Promise<LedgerEntry[]> {
    if (options.dataset !== undefined) this.model(options.dataset);
    return this.storage.batches(options);
  }

  async rows(dataset: string): Promise<MirroredRow[]> {
    return this.storage.rows(this.known(dataset));
  }

  async tombstones(dataset: string): Promise<Tombstone[]> {
    return this.storage.tombstones(this.known(dataset));
  }

  async history(dataset: string, key?: Row): Promise<HistoryEntry[]> {
    return this.storage.history(this.known(dataset), key);
  }

  async quarantine(dataset: string, select?: QuarantineSelection): Promise<QuarantinedRecord[]> {
    return this.storage.quarantine(this.known(dataset), select);
  }

  private async quarantined(dataset: string, ids: readonly number[]): Promise<QuarantinedRecord[]> {
    if (ids.length === 0) throw new MirrorError("BAD_USER_INPUT", "Name at least one quarantined row by its id.", { argument: "ids" });
    const entries = await this.quarantine(dataset, { ids });
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
  async replayQuarantine(dataset: string, ids: readonly number[], options: { batchId?: string } = {}): Promise<Receipt> {
    const entries = await this.quarantined(dataset, ids);
    const formats = [...new Set(entries.map((e) => e.format as ChangeFormat))];
    return this.applyBatch(
      formats.map((format) => {
        const of = entries.filter((e) => e.format === format);
        return { dataset, format, rows: of.map((e) => e.payload), replayOf: of.map((e) => ({ id: e.id, code: e.code })) };
      }),
      { batchId: options.batchId ?? replayBatchId(dataset, ids, this.now()) },
    );
  }

  /** Removes quarantined rows on purpose; each removal is recorded with its payload and the reason. */
  async discardQuarantine(dataset: string, ids: readonly number[], reason: string): Promise<QuarantinedRecord[]> {
    if (reason.trim() === "") throw new MirrorError("BAD_USER_INPUT", "Discarding quarantined rows needs a reason, for the record.", { argument: "reason" });
    requireStorableText("reason", reason);
    const entries = await this.quarantined(dataset, ids);
    const released = entries.map((e) => ({ id: e.id, payload: payloadOf(e.payload), code: e.code }));
    await this.storage.discardQuarantine(dataset, released, reason, this.now().toISOString());
    return entries;
  }

  /**
   * Erases keys on purpose (data hygiene, R8): each key's row or tombstone and its whole
   * history, logged in `_mq_purges` by digest with the reason. Keys are objects of the
   * primary-key fields; one invalid key refuses the purge and nothing is removed.
   * @example await mirror.purgeKeys("contacts", [{ contact_id: "c1" }], "erasure request #4711")
   */
  async purgeKeys(dataset: string, keys: readonly unknown[], reason: string): Promise<PurgeReceipt> {
    requireStorableText("reason", reason);
    return purgeKeys(this.storage, this.model(dataset), keys, reason, this.now());
  }

  async integrity(limit = 20): Promise<RelationshipIntegrity[]> {
    return this.storage.integrity(limit);
  }

  /** Removes tombstones past their model's retention (R7); also done at the start of each batch. */
  async purgeExpiredTombstones(): Promise<number> {
    const now = this.now();
    const cutoffs = this.models.flatMap((model) => {
      const cutoff = tombstoneCutoff(model, now);
      return cutoff === undefined ? [] : [{ dataset: model.dataset, cutoff }];
    });
    return this.storage.purgeTombstones(cutoffs);
  }

  // Access control's records (keys, audit log, secrets): the storage's, whatever the models.
  // Times default to the mirror's clock.

  /** Stores a new API key (only its secret's hash); a name used before is refused (BAD_USER_INPUT). */
  async createApiKey(key: NewApiKey): Promise<void> {
    return this.storage.createApiKey(key);
  }

  async apiKey(id: string): Promise<StoredApiKey | undefined> {
    return this.storage.apiKey(id);
  }

  async apiKeys(): Promise<ApiKeyRecord[]> {
    return this.storage.apiKeys();
  }

  async revokeApiKey(idOrName: string, at = this.now().toISOString()): Promise<ApiKeyRecord | undefined> {
    return this.storage.revokeApiKey(idOrName, at);
  }

  async activeApiKeys(at = this.now().toISOString()): Promise<number> {
    return this.storage.activeApiKeys(at);
  }

  async appendAudit(entry: Omit<NewAuditEntry, "at"> & { at?: string }): Promise<void> {
    return this.storage.appendAudit({ ...entry, at: entry.at ?? this.now().toISOString() });
  }

  async auditLog(select: AuditSelection): Promise<AuditEntry[]> {
    return this.storage.auditLog(select);
  }

  async close(): Promise<void> {
    await this.storage.close();
  }
}
