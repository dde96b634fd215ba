// Brings the schema in line with the loaded models, as sqlite/syncDatasets.ts does: new
// datasets get their tables, grown models new columns, indexes follow the declared ones,
// and a change that would lose or reinterpret stored data is refused while the dataset holds
// data. One transaction, under the schema's models lock and then the locks of the models'
// datasets (advisoryLocks.ts): processes sharing the database change models one at a time,
// and no batch writes to a dataset between the check that it holds no data and the drop of
// its tables. The models lock comes before any dataset lock in every transaction, so the
// two kinds never wait for each other in a cycle.

import { createHash } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { getTableConfig } from "drizzle-orm/pg-core";
import type pg from "pg";
import type { Model } from "../../models/Model";
import { ModelValidationError, type ModelProblem } from "../../models/ModelProblem";
import { compareModels, stored, type StoredModel } from "../compareModels";
import { describePlan, type DatasetPlan } from "../DatasetPlan";
import { datasetLocks, modelsLock } from "./advisoryLocks";
import { addColumnSql, createTableSql, createViewSql } from "./ddl";
import { datasetTables, historyKeyName, STATE_FILLFACTOR } from "./datasetTables";
import { DELETED, HISTORY_OP, ROW_HASH } from "../datasetLayout";
import { modelRegistry, modelSets } from "./internalSchema";
import type { PostgresDatabase } from "./openDatabase";
import { transaction } from "./transaction";
import { q } from "./sql";

async function tableExists(client: pg.PoolClient, schema: string, name: string): Promise<boolean> {
  const r = await client.query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`, [schema, name]);
  return r.rowCount! > 0;
}

async function holdsData(client: pg.PoolClient, schema: string, model: Model): Promise<boolean> {
  const { names } = datasetTables(model);
  for (const t of [names.state, names.history]) {
    if ((await tableExists(client, schema, t)) && (await client.query(`SELECT 1 FROM ${q(t)} LIMIT 1`)).rowCount! > 0) return true;
  }
  return false;
}

/** Drops the indexes mirrorql made on the state table (`<state>__...`) that the model no longer asks for. */
async function dropStaleIndexes(client: pg.PoolClient, schema: string, model: Model): Promise<void> {
  const table = getTableConfig(datasetTables(model).state);
  const wanted = new Set(table.indexes.map((ix) => ix.config.name));
  const existing = await client.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`, [schema, table.name]);
  for (const { indexname } of existing.rows) {
    if (indexname.startsWith(`${table.name}__`) && !wanted.has(indexname)) await client.query(`DROP INDEX ${q(indexname)}`);
  }
}

/**
 * Brings a history made before it was keyed by (key, hash) to today's layout: it had a `_mq_seq`
 * bigserial primary key and a unique index `<history>__change` on (key, hash). The column goes with
 * its key and sequence (no rewrite of the table), and the index becomes the primary key (one scan
 * that checks that the key's columns hold no null, which they never do). Once per database.
 */
async function upgradeHistory(client: pg.PoolClient, schema: string, model: Model): Promise<void> {
  const { names } = datasetTables(model);
  const legacy = await client.query(
    `SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = '_mq_seq' AND NOT a.attisdropped`,
    [schema, names.history],
  );
  if (legacy.rowCount === 0) return;
  await client.query(`ALTER TABLE ${q(names.history)} DROP COLUMN _mq_seq`);
  const unique = `${names.history}__change`;
  const key = [...model.primaryKey, ROW_HASH].map(q).join(", ");
  await client.query(
    (await tableExists(client, schema, unique))
      ? `ALTER TABLE ${q(names.history)} ADD CONSTRAINT ${q(historyKeyName(model.dataset))} PRIMARY KEY USING INDEX ${q(unique)}`
      : `ALTER TABLE ${q(names.history)} ADD CONSTRAINT ${q(historyKeyName(model.dataset))} PRIMARY KEY (${key})`,
  );
}

/** PostgreSQL cuts identifiers at 63 bytes: a longer table or index name would silently name another. */
const MAX_IDENTIFIER = 63;

function tooLong(model: Model): ModelProblem[] {
  const tables = datasetTables(model);
  const names = [...Object.values(tables.names), ...[tables.state, tables.history, tables.quarantine].flatMap((t) => getTableConfig(t).indexes.map((ix) => ix.config.name!))];
  return names
    .filter((name) => Buffer.byteLength(name, "utf8") > MAX_IDENTIFIER)
    .map((name) => ({
      file: model.file,
      path: "$.dataset",
      message: `makes the PostgreSQL name "${name}" (${Buffer.byteLength(name, "utf8")} bytes), longer than PostgreSQL's limit of ${MAX_IDENTIFIER}.`,
      fix: "choose a shorter dataset name (or shorter names for the fields of its indexes and relationships).",
    }));
}

/**
 * Lists a dataset made by a release before `_mq_states_cover_history` there once its history is
 * found to hold nothing above its keys' states (and nothing of keys without one): one scan of the
 * history against the state, at the first open that finds it so. A model with a tombstone
 * retention is not scanned: its next purge would take it off again.
 */
async function coverHistory(client: pg.PoolClient, model: Model): Promise<void> {
  if (model.tombstoneRetentionMs !== undefined) return;
  const listed = await client.query(`SELECT 1 FROM _mq_states_cover_history WHERE dataset = $1`, [model.dataset]);
  if (listed.rowCount !== 0) return;
  const { names } = datasetTables(model);
  const order = (alias: string, deleted: string) => `(${[...model.version.map((v) => `${alias}.${q(v)}`), deleted, `${alias}.${q(ROW_HASH)}`].join(", ")})`;
  await client.query(
    `INSERT INTO _mq_states_cover_history (dataset)
     SELECT $1 WHERE NOT EXISTS (
       SELECT FROM ${q(names.history)} AS h LEFT JOIN ${q(names.state)} AS s ON ${model.primaryKey.map((k) => `s.${q(k)} = h.${q(k)}`).join(" AND ")}
       WHERE s.${q(DELETED)} IS NULL OR ${order("h", `h.${q(HISTORY_OP)} = 'd'`)} > ${order("s", `s.${q(DELETED)}`)})`,
    [model.dataset],
  );
}

/** What loading `models` would do, dataset by dataset, and the steps that would do it, inside the caller's transaction. */
async function planWith(client: pg.PoolClient, schema: string, models: readonly Model[], now: Date): Promise<{ plans: DatasetPlan[]; steps: (() => Promise<void>)[] }> {
  const db = drizzle(client);
  const plans: DatasetPlan[] = [];
  const steps: (() => Promise<void>)[] = [];
  const run = async (statements: string[]) => {
    for (const s of statements) await client.query(s);
  };

  for (const model of models) {
    const long = tooLong(model);
    if (long.length > 0) {
      plans.push(describePlan(undefined, model, "refused", long));
      continue;
    }
    const tables = datasetTables(model);
    const create = () => run([...[tables.state, tables.history, tables.quarantine].flatMap((t) => createTableSql(t)), ...createViewSql(tables.rows)]);
    const definition = JSON.stringify(stored(model));
    const loadedAt = now.toISOString();
    // Tables made now hold nothing: their states cover their (empty) history. Their state pages keep room for HOT updates.
    const made = async () => {
      await client.query(`ALTER TABLE ${q(tables.names.state)} SET (fillfactor = ${STATE_FILLFACTOR})`);
      await client.query(`INSERT INTO _mq_states_cover_history (dataset) VALUES ($1) ON CONFLICT DO NOTHING`, [model.dataset]);
    };
    const register = async () => {
      await db
        .insert(modelRegistry)
        .values({ dataset: model.dataset, name: model.name, definition, loadedAt })
        .onConflictDoUpdate({ target: modelRegistry.dataset, set: { name: model.name, definition, loadedAt } });
    };

    const [row] = await db.select().from(modelRegistry).where(eq(modelRegistry.dataset, model.dataset));
    if (!row) {
      if ((await tableExists(client, schema, tables.names.rows)) || (await tableExists(client, schema, tables.names.state))) {
        plans.push(
          describePlan(undefined, model, "refused", [
            {
              file: model.file,
              path: "$.dataset",
              message: `table "${model.dataset}" already exists in schema "${schema}" but was not created by mirrorql.`,
              fix: "choose another dataset name or another schema (pgSchema, --pg-schema).",
            },
          ]),
        );
        continue;
      }
      plans.push(describePlan(undefined, model, "create"));
      steps.push(create, made, register);
      continue;
    }
    const prev = { indexes: [], ...JSON.parse(row.definition) } as StoredModel;
    const { problems: changes, added } = compareModels(prev, model);
    if (changes.length > 0 && (await holdsData(client, schema, model))) {
      plans.push(describePlan(prev, model, "refused", changes));
      continue;
    }
    if (changes.length > 0) {
      // Nothing stored yet: the tables are made again (the view depends on the state). The quarantine is kept.
      const { rows, state, history } = tables.names;
      plans.push(describePlan(prev, model, "rebuild"));
      steps.push(() => run([`DROP VIEW IF EXISTS ${q(rows)}`, `DROP TABLE IF EXISTS ${q(state)}`, `DROP TABLE IF EXISTS ${q(history)}`]), create, made, register);
      continue;
    }
    plans.push(describePlan(prev, model, "alter"));
    steps.push(
      async () => {
        for (const f of added) await client.query(addColumnSql(tables.state, f));
        await dropStaleIndexes(client, schema, model);
        await upgradeHistory(client, schema, model);
        await coverHistory(client, model);
      },
      create,
      register,
    );
  }
  return { plans, steps };
}

/** The locks a model change takes: the schema's models lock, then those of the datasets. */
const modelLocks = (schema: string, datasets: readonly string[]) => [modelsLock(schema), ...datasetLocks(schema, datasets)];

/** What loading `models` would do, dataset by dataset, applying nothing (read under the same locks as syncDatasets). */
export async function planDatasets(database: PostgresDatabase, models: readonly Model[], now: Date): Promise<DatasetPlan[]> {
  return transaction(
    {
      ...database,
      locks: modelLocks(
        database.schema,
        models.map((m) => m.dataset),
      ),
    },
    async (client) => (await planWith(client, database.schema, models, now)).plans,
  );
}

/** Records the model set now loaded; returns its generation (a new one when it differs from the latest, see watchModels.ts). */
async function recordModelSet(client: pg.PoolClient, models: readonly Model[], now: Date): Promise<number> {
  const db = drizzle(client);
  const digest = createHash("sha256")
    .update(JSON.stringify(models.map(stored)))
    .digest("hex");
  const [latest] = await db.select().from(modelSets).orderBy(desc(modelSets.generation)).limit(1);
  if (latest?.digest === digest) return latest.generation;
  const [added] = await db
    .insert(modelSets)
    .values({ datasets: JSON.stringify(models.map((m) => m.dataset)), digest, loadedAt: now.toISOString() })
    .returning();
  return added!.generation;
}

/**
 * Creates or upgrades the tables of every model in one transaction; refuses all or nothing.
 * Returns the generation of the model set now loaded (a new one when the set differs from the
 * last one loaded by any process; see watchModels.ts).
 */
export async function syncDatasets(database: PostgresDatabase, models: readonly Model[], now: Date): Promise<number> {
  const { schema } = database;
  return transaction(
    {
      ...database,
      locks: modelLocks(
        schema,
        models.map((m) => m.dataset),
      ),
    },
    async (client) => {
      const { plans, steps } = await planWith(client, schema, models, now);
      const problems = plans.flatMap((p) => p.problems);
      if (problems.length > 0) throw new ModelValidationError(problems, "INCOMPATIBLE_MODEL_CHANGE");
      for (const step of steps) await step();
      return recordModelSet(client, models, now);
    },
  );
}

/**
 * Drops a dataset's view and tables and forgets its model, then records the remaining set as a
 * new generation so that replicas stop serving it; one transaction under the models lock and
 * the dataset's lock (no batch writes to it meanwhile).
 */
export async function dropDatasetTables(database: PostgresDatabase, model: Model, remaining: readonly Model[], now: Date): Promise<number> {
  return transaction({ ...database, locks: modelLocks(database.schema, [model.dataset]) }, async (client) => {
    const { names } = datasetTables(model);
    await client.query(`DROP VIEW IF EXISTS ${q(names.rows)}`);
    for (const t of [names.state, names.history, names.quarantine]) await client.query(`DROP TABLE IF EXISTS ${q(t)}`);
    await drizzle(client).delete(modelRegistry).where(eq(modelRegistry.dataset, model.dataset));
    await client.query(`DELETE FROM _mq_states_cover_history WHERE dataset = $1`, [model.dataset]);
    return recordModelSet(client, remaining, now);
  });
}
