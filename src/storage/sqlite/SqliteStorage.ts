// The SQLite dialect of the storage boundary (../Storage.ts). better-sqlite3 is synchronous:
// each method does its work, a whole transaction included, before it returns its promise.

import type { Receipt } from "../../merge/Receipt";
import type { Model } from "../../models/Model";
import type { ApiKeyRecord, AuditEntry, AuditSelection, NewApiKey, NewAuditEntry, StoredApiKey } from "../AccessRecords";
import type { BatchWrite, BatchWritten } from "../BatchWrite";
import * as access from "./accessRecords";
import type { KeyPurged, KeyToPurge, PayloadKeys } from "../KeyPurge";
import { idsIn } from "../erasedRows";
import { log } from "../../server/log";
import type { LedgerEntry, LedgerSelection } from "../LedgerEntry";
import type { HistoryEntry, MirroredRow, Row, Tombstone } from "../MirroredRow";
import type { QuarantinedRecord, QuarantineRelease, QuarantineSelection } from "../QuarantinedRecord";
import type { RelationshipIntegrity } from "../RelationshipIntegrity";
import type { Storage } from "../Storage";
import { createDatasetStore, type DatasetStore } from "./datasetStore";
import { purgeLog, quarantineLog } from "./internalSchema";
import { redactQuarantineLog, redactReceipts } from "./redactErased";
import { findReceipt, listReceipts } from "./ledger";
import { knownMigrations, openDatabase, type Durability, type SqliteDatabase } from "./openDatabase";
import { readHistory, readIntegrity, readQuarantine, readRows, readTombstones } from "./readDataset";
import { appliedMigrations, databaseBytes, quarantineCounts } from "./storageStats";
import { dropDatasetTables, planDatasets, syncDatasets } from "./syncDatasets";
import { appendModelRevision, readModelRevisions } from "./modelRevisions";
import type { DatasetPlan } from "../DatasetPlan";
import type { ModelRevision, ModelRevisionSelection, NewModelRevision } from "../ModelRevision";
import { writeBatch } from "./writeBatch";

export class SqliteStorage implements Storage {
  private readonly stores = new Map<string, DatasetStore>();
  private models: readonly Model[] = [];

  private constructor(
    /** The connection; outside this folder only for the read path's SqlReader and tests, until reads go through Storage. */
    readonly database: SqliteDatabase,
  ) {}

  /** Opens (creating if missing) a database file, or an in-memory database for `":memory:"`. */
  static open(path: string, durability?: Durability): SqliteStorage {
    return new SqliteStorage(openDatabase(path, durability));
  }

  async syncModels(models: readonly Model[], now: Date): Promise<void> {
    syncDatasets(this.database, [...models], now);
    this.models = models;
    for (const model of models) this.stores.set(model.dataset, createDatasetStore(this.database, model));
  }

  async planModels(models: readonly Model[], now: Date): Promise<DatasetPlan[]> {
    return planDatasets(this.database, models, now).plans;
  }

  async dropDataset(model: Model, remaining: readonly Model[]): Promise<void> {
    dropDatasetTables(this.database, model);
    this.stores.delete(model.dataset);
    this.models = remaining;
  }

  async appendModelRevision(revision: NewModelRevision): Promise<void> {
    appendModelRevision(this.database, revision);
  }

  async modelRevisions(select: ModelRevisionSelection): Promise<ModelRevision[]> {
    return readModelRevisions(this.database, select);
  }

  async applyBatch(batch: BatchWrite): Promise<BatchWritten> {
    return writeBatch(this.database, (dataset) => this.store(dataset), batch);
  }

  async batch(id: string): Promise<Receipt | undefined> {
    return findReceipt(this.database, id);
  }

  async batches(select: LedgerSelection): Promise<LedgerEntry[]> {
    return listReceipts(this.database, select);
  }

  async purgeTombstones(cutoffs: readonly { dataset: string; cutoff: string }[]): Promise<number> {
    return this.database.sqlite.transaction(() => cutoffs.reduce((removed, { dataset, cutoff }) => removed + this.store(dataset).purgeTombstones(cutoff), 0))();
  }

  async purgeKeys(dataset: string, keys: readonly KeyToPurge[], reason: string, at: string, keysIn: PayloadKeys): Promise<KeyPurged[]> {
    const store = this.store(dataset);
    const purged = this.database.sqlite.transaction(() => {
      const digests = new Set(keys.map((k) => k.digest));
      const quarantined = store.purgeQuarantine(keysIn, digests);
      const logged = redactQuarantineLog(this.database, dataset, keysIn, digests);
      redactReceipts(this.database, dataset, new Set([...idsIn(quarantined), ...logged]));
      return keys.map(({ values, digest }): KeyPurged => {
        const { state, historyEntries } = store.purgeKey(values);
        const quarantinedRows = quarantined.get(digest)?.length ?? 0;
        this.database.db.insert(purgeLog).values({ dataset, keyDigest: digest, state, historyEntries, quarantinedRows, reason, at }).run();
        return { state, historyEntries, quarantinedRows };
      });
    })();
    // secure_delete zeroed the erased bytes in the pages; the WAL still holds the pages as they
    // were before, until a checkpoint copies the new ones back and the log is truncated.
    const [result] = this.database.sqlite.pragma("wal_checkpoint(TRUNCATE)") as { busy: bigint | number }[];
    if (result !== undefined && Number(result.busy) !== 0) {
      log("warn", "purge_checkpoint_busy", { dataset, message: "A reader held the WAL: erased bytes stay in it until the next checkpoint." });
    }
    return purged;
  }

  async quarantine(dataset: string, select?: QuarantineSelection): Promise<QuarantinedRecord[]> {
    return readQuarantine(this.database, this.model(dataset), select);
  }

  async discardQuarantine(dataset: string, entries: readonly QuarantineRelease[], reason: string, at: string): Promise<void> {
    const store = this.store(dataset);
    this.database.sqlite.transaction(() => {
      for (const { id, payload, code } of entries) {
        store.release(id);
        this.database.db.insert(quarantineLog).values({ dataset, quarantineId: id, action: "discarded", reason, payload, code, at }).run();
      }
    })();
  }

  async rows(dataset: string): Promise<MirroredRow[]> {
    return readRows(this.database, this.model(dataset));
  }

  async tombstones(dataset: string): Promise<Tombstone[]> {
    return readTombstones(this.database, this.model(dataset));
  }

  async history(dataset: string, key?: Row): Promise<HistoryEntry[]> {
    return readHistory(this.database, this.model(dataset), key);
  }

  async integrity(limit: number): Promise<RelationshipIntegrity[]> {
    return readIntegrity(this.database, this.models, limit);
  }

  async createApiKey(key: NewApiKey): Promise<void> {
    return access.createApiKey(this.database, key);
  }

  async apiKey(id: string): Promise<StoredApiKey | undefined> {
    return access.findApiKey(this.database, id);
  }

  async apiKeys(): Promise<ApiKeyRecord[]> {
    return access.listApiKeys(this.database);
  }

  async revokeApiKey(idOrName: string, at: string): Promise<ApiKeyRecord | undefined> {
    return access.revokeApiKey(this.database, idOrName, at);
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    return access.touchApiKey(this.database, id, at);
  }

  async activeApiKeys(at: string): Promise<number> {
    return access.activeApiKeys(this.database, at);
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    return access.appendAudit(this.database, entry);
  }

  async auditLog(select: AuditSelection): Promise<AuditEntry[]> {
    return access.readAuditLog(this.database, select);
  }

  async secret(name: string): Promise<Buffer> {
    return access.secret(this.database, name);
  }

  async quarantineCounts(): Promise<Record<string, number>> {
    return quarantineCounts(this.database, this.models);
  }

  async databaseBytes(): Promise<number> {
    return databaseBytes(this.database);
  }

  async migrations(): Promise<{ applied: number; known: number }> {
    return { applied: appliedMigrations(this.database), known: knownMigrations() };
  }

  async close(): Promise<void> {
    if (this.database.sqlite.open) this.database.sqlite.close();
  }

  private store(dataset: string): DatasetStore {
    const store = this.stores.get(dataset);
    if (!store) throw new Error(`invariant: storage has no dataset "${dataset}"; the mirror checks names before it calls the storage`);
    return store;
  }

  private model(dataset: string): Model {
    return this.store(dataset).model;
  }
}
