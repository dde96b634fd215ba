// The mirror's own tables, fixed at build time: drizzle-kit generates their
// migrations into drizzle/sqlite/ (`npm run db:generate`), applied when a database opens.

import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Which model each dataset's tables were created for, to check later loads against. */
export const modelRegistry = sqliteTable("_mq_models", {
  dataset: text("dataset").primaryKey(),
  name: text("name").notNull(),
  /** The resolved model as JSON. */
  definition: text("definition").notNull(),
  loadedAt: text("loaded_at").notNull(),
});

/**
 * Every applied batch and its receipt (R9): a batch id seen again returns this receipt.
 * Dataset rows, tombstones and history refer to a batch by `seq`, which also gives
 * them their time, so that the hot tables stay narrow.
 */
export const batchLedger = sqliteTable(
  "_mq_batches",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull().unique(),
    receivedAt: text("received_at").notNull(),
    receipt: text("receipt").notNull(),
  },
  (t) => [index("_mq_batches_by_received_at").on(t.receivedAt)],
);

/** Which datasets a batch touched, to list a dataset's batches newest first. */
export const batchDatasets = sqliteTable(
  "_mq_batch_datasets",
  {
    dataset: text("dataset").notNull(),
    batchSeq: integer("batch_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.dataset, t.batchSeq] }), index("_mq_batch_datasets_by_batch").on(t.batchSeq)],
);

/** Quarantined rows taken out on purpose: replayed into the mirror, or discarded with a reason. */
export const quarantineLog = sqliteTable(
  "_mq_quarantine_log",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    dataset: text("dataset").notNull(),
    quarantineId: integer("quarantine_id").notNull(),
    action: text("action", { enum: ["replayed", "discarded"] }).notNull(),
    /** The batch a replayed row went into. */
    batchId: text("batch_id"),
    /** Why a row was discarded. */
    reason: text("reason"),
    /** The row as it was quarantined, kept for the record. */
    payload: text("payload").notNull(),
    code: text("code").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("_mq_quarantine_log_by_dataset").on(t.dataset, t.quarantineId)],
);

/**
 * Keys removed on purpose by a data-hygiene purge (R8): their row or tombstone and their
 * whole history. The key itself is not kept, only its digest, so that the log does not
 * hold what was erased; an auditor who knows a key can compute its digest to find it.
 */
export const purgeLog = sqliteTable(
  "_mq_purges",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    dataset: text("dataset").notNull(),
    /** Hex SHA-256 of the key's canonical encoding (see purgeKeys in mirror.ts). */
    keyDigest: text("key_digest").notNull(),
    /** What the key held: "row", "tombstone" or "nothing". */
    state: text("state", { enum: ["row", "tombstone", "nothing"] }).notNull(),
    historyEntries: integer("history_entries").notNull(),
    /** Quarantined rows of the key removed with it: a count, never their content. */
    quarantinedRows: integer("quarantined_rows").notNull().default(0),
    reason: text("reason").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("_mq_purges_by_key").on(t.dataset, t.keyDigest)],
);

/**
 * API keys (access control): only a SHA-256 of each key's secret is kept. A name is unique
 * among all keys, revoked ones included, and never reused: audit entries and `keys revoke NAME`
 * then always mean one key. Times are ISO text (Date#toISOString), which compares as time.
 */
export const apiKeys = sqliteTable("_mq_api_keys", {
  /** The public part of the key text (mq_<id>_<secret>). */
  id: text("id").primaryKey(),
  name: text("name").notNull().unique("_mq_api_keys_name_unique"),
  secretHash: blob("secret_hash", { mode: "buffer" }).notNull(),
  /** JSON array of scope strings ("read", "write:contacts", ...). */
  scopes: text("scopes").notNull(),
  /** JSON object of the key's own limits, or null for the server's. */
  limits: text("limits"),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at"),
  lastUsedAt: text("last_used_at"),
  revokedAt: text("revoked_at"),
});

/** Who did what to access control (and later to data), newest last; read newest first, by action. */
export const auditLog = sqliteTable(
  "_mq_audit_log",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    principal: text("principal").notNull(),
    action: text("action").notNull(),
    /** JSON object naming what the action touched. */
    target: text("target").notNull(),
  },
  (t) => [index("_mq_audit_log_by_action").on(t.action, t.seq)],
);

/** Random values the mirror made for itself (e.g. signing keys), each created once and kept. */
export const secrets = sqliteTable("_mq_secrets", {
  name: text("name").primaryKey(),
  value: blob("value", { mode: "buffer" }).notNull(),
});

/**
 * Models defined or datasets dropped through the API (defineModels, dropDataset), one revision
 * each, never rewritten: a dataset whose latest revision is a definition is served again after a
 * restart even when no model file declares it.
 */
export const modelRevisions = sqliteTable(
  "_mq_model_revisions",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    dataset: text("dataset").notNull(),
    /** The native model document (JSON); null for a drop. */
    definition: text("definition"),
    action: text("action", { enum: ["define", "drop"] }).notNull(),
    at: text("at").notNull(),
    principal: text("principal").notNull(),
  },
  (t) => [index("_mq_model_revisions_by_dataset").on(t.dataset, t.seq)],
);
