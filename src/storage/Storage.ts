// The storage boundary: everything the mirror keeps, behind one asynchronous interface.
// Each dialect implements it in its own folder (sqlite/ today); nothing above this folder
// names a driver, a table or a statement. Methods that take a dataset accept only the
// datasets of the models given to `syncModels` (the mirror checks names first).

import type { Receipt } from "../merge/Receipt";
import type { Model } from "../models/Model";
import type { ApiKeyRecord, AuditEntry, AuditSelection, NewApiKey, NewAuditEntry, StoredApiKey } from "./AccessRecords";
import type { BatchWrite, BatchWritten } from "./BatchWrite";
import type { DatasetPlan } from "./DatasetPlan";
import type { ModelRevision, ModelRevisionSelection, NewModelRevision } from "./ModelRevision";
import type { KeyPurged, KeyToPurge, PayloadKeys } from "./KeyPurge";
import type { LedgerEntry, LedgerSelection } from "./LedgerEntry";
import type { HistoryEntry, MirroredRow, Row, Tombstone } from "./MirroredRow";
import type { QuarantinedRecord, QuarantineRelease, QuarantineSelection } from "./QuarantinedRecord";
import type { RelationshipIntegrity } from "./RelationshipIntegrity";

/** How often a replica looks for models loaded elsewhere, by default: changes are served within about this delay. */
export const DEFAULT_MODEL_POLL_MS = 5_000;

export interface ModelWatch {
  /** Stops watching; resolves once a check or adoption under way has finished. */
  stop(): Promise<void>;
}

export interface Storage {
  /**
   * Creates or upgrades the tables of every model and records the models, all or nothing.
   * A change that would lose or reinterpret stored data is refused (ModelValidationError,
   * INCOMPATIBLE_MODEL_CHANGE) while the dataset holds data. Called once, before any method
   * that takes or reads datasets; the access records (keys, audit log, secrets) need no models.
   */
  syncModels(models: readonly Model[], now: Date): Promise<void>;
  /**
   * What `syncModels(models)` would do to each dataset, applying nothing: created, altered,
   * rebuilt (empty), unchanged, or refused with the problems syncModels would throw.
   */
  planModels(models: readonly Model[], now: Date): Promise<DatasetPlan[]>;
  /**
   * Drops a dataset's view and tables and forgets its model, whatever they hold; `remaining` is
   * the model set served from now on (PostgreSQL records it as a new generation for replicas).
   */
  dropDataset(model: Model, remaining: readonly Model[], now: Date): Promise<void>;
  /** Records a model defined or a dataset dropped through the API. */
  appendModelRevision(revision: NewModelRevision): Promise<void>;
  /** Revisions, newest first. */
  modelRevisions(select: ModelRevisionSelection): Promise<ModelRevision[]>;
  /**
   * Replicas sharing one database (PostgreSQL): uses models another process has synced, whose
   * tables are in place, without DDL. Absent where one process owns the database (SQLite).
   */
  adoptModels?(models: readonly Model[]): void;
  /**
   * Replicas: calls `adopt` with the models whenever another process has synced newer ones,
   * checking every `intervalMs`. Absent where one process owns the database (SQLite).
   */
  watchModels?(adopt: (models: readonly Model[]) => Promise<void> | void, intervalMs: number): ModelWatch;

  /** Writes one batch in one transaction: ledger entry, state, history, quarantine (R4-R9). */
  applyBatch(batch: BatchWrite): Promise<BatchWritten>;
  /** The receipt of an applied batch, if that id is in the ledger. */
  batch(id: string): Promise<Receipt | undefined>;
  /** Ledger entries, newest first. */
  batches(select: LedgerSelection): Promise<LedgerEntry[]>;

  /** Removes tombstones left by batches received before each dataset's cutoff (ISO time, R7), in one transaction; returns how many. */
  purgeTombstones(cutoffs: readonly { dataset: string; cutoff: string }[]): Promise<number>;
  /**
   * Erases keys, in one transaction (R8): their rows or tombstones and whole history, the
   * dataset's quarantined rows whose payload carries one (`keysIn`), the payloads of its
   * quarantine-log entries that do (redacted), and what receipts say of those rows (redacted);
   * each key logged by digest with the reason. Then frees the erased bytes (SQLite: zeroed by
   * secure_delete, the WAL checkpointed and truncated; PostgreSQL: VACUUM after the commit).
   */
  purgeKeys(dataset: string, keys: readonly KeyToPurge[], reason: string, at: string, keysIn: PayloadKeys): Promise<KeyPurged[]>;

  /** Quarantined rows in the order they arrived. */
  quarantine(dataset: string, select?: QuarantineSelection): Promise<QuarantinedRecord[]>;
  /** Takes quarantined rows out on purpose, each logged with its payload and the reason, in one transaction. */
  discardQuarantine(dataset: string, entries: readonly QuarantineRelease[], reason: string, at: string): Promise<void>;

  /** The current rows, by primary key. */
  rows(dataset: string): Promise<MirroredRow[]>;
  /** The tombstones, by primary key. */
  tombstones(dataset: string): Promise<Tombstone[]>;
  /** The version timeline of every key, or of one key (R8). */
  history(dataset: string, key?: Row): Promise<HistoryEntry[]>;
  /** Dangling references of every relationship, with up to `limit` examples each (R11). */
  integrity(limit: number): Promise<RelationshipIntegrity[]>;

  /** Stores a new API key; a name any key has had already is refused (BAD_USER_INPUT, argument "name"). */
  createApiKey(key: NewApiKey): Promise<void>;
  /** One key with its secret's hash, revoked or expired ones included. */
  apiKey(id: string): Promise<StoredApiKey | undefined>;
  /** Every key, revoked and expired ones included, by creation time then id. */
  apiKeys(): Promise<ApiKeyRecord[]>;
  /**
   * Revokes the key of that id, or else of that name; undefined when there is none. A key
   * revoked already keeps its first revocation time.
   */
  revokeApiKey(idOrName: string, at: string): Promise<ApiKeyRecord | undefined>;
  /** Records that a key was used at `at` (kept when a later use was recorded first). */
  touchApiKey(id: string, at: string): Promise<void>;
  /** How many keys are neither revoked nor expired at `at`. */
  activeApiKeys(at: string): Promise<number>;
  appendAudit(entry: NewAuditEntry): Promise<void>;
  /** Audit entries, newest first. */
  auditLog(select: AuditSelection): Promise<AuditEntry[]>;
  /**
   * The mirror's secret of that name: 32 random bytes made the first time any process asks,
   * the same value ever after, also when several processes ask at once.
   */
  secret(name: string): Promise<Buffer>;

  /** Rows in each dataset's quarantine (the server's metrics), in one statement. */
  quarantineCounts(): Promise<Record<string, number>>;
  /**
   * Bytes the mirror takes (the server's metrics): SQLite the database file's pages, PostgreSQL
   * the tables of its schema with their indexes and TOAST.
   */
  databaseBytes(): Promise<number>;
  /**
   * Migrations of the internal tables recorded as applied in the database, and how many this
   * release has (the server's readiness): one statement, so it also shows that the database answers.
   */
  migrations(): Promise<{ applied: number; known: number }>;

  close(): Promise<void>;
}
