// The mirror's own tables on PostgreSQL, fixed at build time: drizzle-kit generates their
// migrations into drizzle/postgres/ (`npm run db:generate`), applied when the storage opens,
// inside the mirror's schema. The same tables as sqlite/internalSchema.ts.

import { bigint, bigserial, customType, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** Which model each dataset's tables were created for, to check later loads against. */
export const modelRegistry = pgTable("_mq_models", {
  dataset: text("dataset").primaryKey(),
  name: text("name").notNull(),
  /** The resolved model as JSON. */
  definition: text("definition").notNull(),
  loadedAt: text("loaded_at").notNull(),
});

/**
 * Every applied batch and its receipt (R9). The batch id is unique: a batch is applied once,
 * also when several processes write to one database.
 */
export const batchLedger = pgTable(
  "_mq_batches",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: text("id").notNull().unique("_mq_batches_id_unique"),
    receivedAt: text("received_at").notNull(),
    receipt: text("receipt").notNull(),
  },
  (t) => [index("_mq_batches_by_received_at").on(t.receivedAt)],
);

/** Which datasets a batch touched, to list a dataset's batches newest first. */
export const batchDatasets = pgTable(
  "_mq_batch_datasets",
  {
    dataset: text("dataset").notNull(),
    batchSeq: bigint("batch_seq", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.dataset, t.batchSeq] }), index("_mq_batch_datasets_by_batch").on(t.batchSeq)],
);

/** Quarantined rows taken out on purpose: replayed into the mirror, or discarded with a reason. */
export const quarantineLog = pgTable(
  "_mq_quarantine_log",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    dataset: text("dataset").notNull(),
    quarantineId: bigint("quarantine_id", { mode: "number" }).notNull(),
    action: text("action", { enum: ["replayed", "discarded"] }).notNull(),
    batchId: text("batch_id"),
    reason: text("reason"),
    /** The row as it was quarantined, its text kept exactly. */
    payload: text("payload").notNull(),
    code: text("code").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("_mq_quarantine_log_by_dataset").on(t.dataset, t.quarantineId)],
);

/** Keys removed on purpose by a data-hygiene purge (R8), logged by digest (see sqlite/internalSchema.ts). */
export const purgeLog = pgTable(
  "_mq_purges",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    dataset: text("dataset").notNull(),
    keyDigest: text("key_digest").notNull(),
    state: text("state", { enum: ["row", "tombstone", "nothing"] }).notNull(),
    historyEntries: bigint("history_entries", { mode: "number" }).notNull(),
    quarantinedRows: bigint("quarantined_rows", { mode: "number" }).notNull().default(0),
    reason: text("reason").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("_mq_purges_by_key").on(t.dataset, t.keyDigest)],
);

/**
 * Each distinct set of models loaded by syncModels, newest last. Replicas poll the latest
 * generation to notice that another process loaded other models (watchModels.ts).
 */
export const modelSets = pgTable("_mq_model_sets", {
  generation: bigserial("generation", { mode: "number" }).primaryKey(),
  /** The loaded datasets, in load order, as a JSON array; their models are in `_mq_models`. */
  datasets: text("datasets").notNull(),
  /** SHA-256 of the loaded models as stored, to tell another set from a reload of the same. */
  digest: text("digest").notNull(),
  loadedAt: text("loaded_at").notNull(),
});

/** API keys (access control), only a SHA-256 of each secret kept; names never reused (see sqlite/internalSchema.ts). */
export const apiKeys = pgTable("_mq_api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique("_mq_api_keys_name_unique"),
  secretHash: bytea("secret_hash").notNull(),
  scopes: text("scopes").notNull(),
  limits: text("limits"),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at"),
  lastUsedAt: text("last_used_at"),
  revokedAt: text("revoked_at"),
});

/** Who did what to access control, newest last; read newest first, by action. */
export const auditLog = pgTable(
  "_mq_audit_log",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: text("at").notNull(),
    principal: text("principal").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
  },
  (t) => [index("_mq_audit_log_by_action").on(t.action, t.seq)],
);

/** Random values the mirror made for itself, each created once and kept. */
export const secrets = pgTable("_mq_secrets", {
  name: text("name").primaryKey(),
  value: bytea("value").notNull(),
});

/** Models defined or datasets dropped through the API, one revision each (see sqlite/internalSchema.ts). */
export const modelRevisions = pgTable(
  "_mq_model_revisions",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    dataset: text("dataset").notNull(),
    definition: text("definition"),
    action: text("action").notNull(),
    at: text("at").notNull(),
    principal: text("principal").notNull(),
  },
  (t) => [index("_mq_model_revisions_by_dataset").on(t.dataset, t.seq)],
);

/**
 * The datasets whose every key's state is the greatest change of its history, and whose keys
 * without a state have no history: true of a dataset from the moment its tables are made until a
 * tombstone purge (R7) takes states away and leaves their history. For these the merge looks up
 * the history only for the changes that do not beat their key's state (mergeStatements.ts).
 * PostgreSQL only: SQLite's merge looks every change up.
 */
export const statesCoverHistory = pgTable("_mq_states_cover_history", {
  dataset: text("dataset").primaryKey(),
});
