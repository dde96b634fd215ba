// The PostgreSQL dialect of the storage boundary (../Storage.ts), through node-postgres and
// Drizzle's node-postgres driver on a pool. A batch is one transaction on one connection; its
// changes are written set-based, a few statements per dataset whatever the batch's size.
// Several processes (replicas) may share one schema: every write first takes the advisory
// locks of the datasets it touches (advisoryLocks.ts), so writes to one dataset are serial
// across processes, and deadlocks or serialization failures are retried (transaction.ts).

import type { Receipt } from "../../merge/Receipt";
import type { Model } from "../../models/Model";
import type { ApiKeyRecord, AuditEntry, AuditSelection, NewApiKey, NewAuditEntry, StoredApiKey } from "../AccessRecords";
import type { BatchWrite, BatchWritten } from "../BatchWrite";
import * as access from "./accessRecords";
import type { KeyPurged, KeyToPurge, PayloadKeys } from "../KeyPurge";
import { idsIn } from "../erasedRows";
import type { LedgerEntry, LedgerSelection } from "../LedgerEntry";
import type { HistoryEntry, MirroredRow, Row, Tombstone } from "../MirroredRow";
import type { QuarantinedRecord, QuarantineRelease, QuarantineSelection } from "../QuarantinedRecord";
import type { RelationshipIntegrity } from "../RelationshipIntegrity";
import type { ModelWatch, Storage } from "../Storage";
import { watchModels } from "./watchModels";
import { datasetLocks } from "./advisoryLocks";
import { createDatasetStore, type DatasetStore } from "./datasetStore";
import { findReceipt, listReceipts } from "./ledger";
import { latestGeneration, latestModelSet, type ModelSet } from "./modelSets";
import { knownMigrations, openDatabase, type PostgresDatabase } from "./openDatabase";
import { redactQuarantineLog, redactReceipts } from "./redactErased";
import { vacuumErased } from "./vacuumErased";
import { readHistory, readIntegrity, readQuarantine, readRows, readTombstones } from "./readDataset";
import { appliedMigrations, databaseBytes, quarantineCounts } from "./storageStats";
import { dropDatasetTables, planDatasets, syncDatasets } from "./syncDatasets";
import { appendModelRevision, readModelRevisions } from "./modelRevisions";
import type { DatasetPlan } from "../DatasetPlan";
import type { ModelRevision, ModelRevisionSelection, NewModelRevision } from "../ModelRevision";
import { transaction } from "./transaction";
import { writeBatch } from "./writeBatch";

export class PostgresStorage implements Storage {
  private readonly stores = new Map<string, DatasetStore>();
  private models: readonly Model[] = [];
  private closed = false;
  /** The generation of the model set this process loaded (modelSets.ts). */
  private loaded = 0;
  /**
   * Writes of this process run one after another, in the order called, as on SQLite's one
   * writer. Other processes' writes are ordered by the dataset locks each write takes.
   */
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(readonly database: PostgresDatabase) {}

  /** Connects to `url`, creating the schema and the internal tables if missing. */
  static async open(url: string, schema?: string): Promise<PostgresStorage> {
    return new PostgresStorage(await openDatabase(url, schema));
  }

  async syncModels(models: readonly Model[], now: Date): Promise<void> {
    this.loaded = await syncDatasets(this.database, models, now);
    this.use(models);
  }

  async planModels(models: readonly Model[], now: Date): Promise<DatasetPlan[]> {
    return planDatasets(this.database, models, now);
  }

  async dropDataset(model: Model, remaining: readonly Model[], now: Date): Promise<void> {
    this.loaded = await this.write(() => dropDatasetTables(this.database, model, remaining, now));
    this.stores.delete(model.dataset);
    this.use(remaining);
  }

  async appendModelRevision(revision: NewModelRevision): Promise<void> {
    return appendModelRevision(this.database, revision);
  }

  async modelRevisions(select: ModelRevisionSelection): Promise<ModelRevision[]> {
    return readModelRevisions(this.database, select);
  }

  /** The generation of the model set this process loaded (syncModels). */
  get generation(): number {
    return this.loaded;
  }

  /** The latest model set any process loaded, when newer than `than`. One indexed read while nothing changed. */
  async newerModels(than: number): Promise<ModelSet | undefined> {
    if ((await latestGeneration(this.database)) <= than) return undefined;
    const set = await latestModelSet(this.database);
    return set && set.generation > than ? set : undefined;
  }

  /**
   * Uses models another process loaded, whose tables are in place: no DDL and no new model
   * set, so that a replica never records models older than the latest as new.
   */
  adoptModels(models: readonly Model[]): void {
    this.use(models);
  }

  watchModels(adopt: (models: readonly Model[]) => Promise<void> | void, intervalMs: number): ModelWatch {
    return watchModels(this, ({ models }) => adopt(models), intervalMs);
  }

  private use(models: readonly Model[]): void {
    this.models = models;
    for (const model of models) this.stores.set(model.dataset, createDatasetStore(model));
  }

  async applyBatch(batch: BatchWrite): Promise<BatchWritten> {
    return this.write(() => writeBatch(this.locking(batch.datasets.map((d) => d.dataset)), (dataset) => this.store(dataset), batch));
  }

  async batch(id: string): Promise<Receipt | undefined> {
    return findReceipt(this.database, id);
  }

  async batches(select: LedgerSelection): Promise<LedgerEntry[]> {
    return listReceipts(this.database, select);
  }

  async purgeTombstones(cutoffs: readonly { dataset: string; cutoff: string }[]): Promise<number> {
    return this.write(() =>
      transaction(this.locking(cutoffs.map((c) => c.dataset)), async (client) => {
        let removed = 0;
        for (const { dataset, cutoff } of cutoffs) removed += await this.store(dataset).purgeTombstones(client, cutoff);
        return removed;
      }),
    );
  }

  async purgeKeys(dataset: string, keys: readonly KeyToPurge[], reason: string, at: string, keysIn: PayloadKeys): Promise<KeyPurged[]> {
    const store = this.store(dataset);
    return this.write(async () => {
      const purged = await transaction(this.locking([dataset]), async (client) => {
        const digests = new Set(keys.map((k) => k.digest));
        const quarantined = await store.purgeQuarantine(client, keysIn, digests);
        const logged = await redactQuarantineLog(client, dataset, keysIn, digests);
        await redactReceipts(client, dataset, new Set([...idsIn(quarantined), ...logged]));
        const result: KeyPurged[] = [];
        for (const { values, digest } of keys) {
          const { state, historyEntries } = await store.purgeKey(client, values);
          const quarantinedRows = quarantined.get(digest)?.length ?? 0;
          await client.query(`INSERT INTO _mq_purges (dataset, key_digest, state, history_entries, quarantined_rows, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
            dataset,
            digest,
            state,
            historyEntries,
            quarantinedRows,
            reason,
            at,
          ]);
          result.push({ state, historyEntries, quarantinedRows });
        }
        return result;
      });
      await vacuumErased(this.database, dataset);
      return purged;
    });
  }

  async quarantine(dataset: string, select?: QuarantineSelection): Promise<QuarantinedRecord[]> {
    return readQuarantine(this.database, this.model(dataset), select);
  }

  async discardQuarantine(dataset: string, entries: readonly QuarantineRelease[], reason: string, at: string): Promise<void> {
    const store = this.store(dataset);
    await this.write(() =>
      transaction(this.locking([dataset]), async (client) => {
        for (const { id, payload, code } of entries) {
          await store.release(client, id);
          await client.query(`INSERT INTO _mq_quarantine_log (dataset, quarantine_id, action, reason, payload, code, at) VALUES ($1, $2, 'discarded', $3, $4, $5, $6)`, [
            dataset,
            id,
            reason,
            payload,
            code,
            at,
          ]);
        }
      }),
    );
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
    return { applied: await appliedMigrations(this.database), known: knownMigrations() };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.database.pool.end();
  }

  /** Runs a write after the writes before it, whether they succeeded or not. */
  private write<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writes.then(work, work);
    this.writes = result.catch(() => undefined);
    return result;
  }

  /** The database handle for a write to `datasets`: its transactions take their locks first. */
  private locking(datasets: readonly string[]): PostgresDatabase {
    return { ...this.database, locks: datasetLocks(this.database.schema, datasets) };
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
