// Brings the database in line with the loaded models: new datasets get their tables,
// grown models get new columns, indexes follow the declared ones, and a change that
// would lose or reinterpret stored data is refused while the dataset holds data.

import { eq } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import { keyAndVersion, type Model } from "../../models/Model";
import { ModelValidationError } from "../../models/ModelProblem";
import { compareModels, stored, type StoredModel } from "../compareModels";
import { describePlan, type DatasetPlan } from "../DatasetPlan";
import { canonicalEncoder, deleteHash, hashBytes } from "../../changes/normalizeChange";
import type { StorageValue } from "../../changes/coerceValue";
import { addColumnSql, createTableSql, createViewSql } from "./ddl";
import { BATCH, DELETED, ROW_HASH, datasetTables } from "./datasetTables";
import { modelRegistry } from "./internalSchema";
import type { SqliteDatabase } from "./openDatabase";
import { list, params, q } from "./sql";

function holdsData(sqlite: SqliteDatabase["sqlite"], model: Model): boolean {
  const { names } = datasetTables(model);
  // The rows table and tombstones table of the earlier layout count too, until they have moved.
  return [names.state, names.history, names.rows, `${model.dataset}__tombstones`].some(
    (t) => tableExists(sqlite, t) && sqlite.prepare(`SELECT 1 FROM ${q(t)} LIMIT 1`).get() !== undefined,
  );
}

function tableExists(sqlite: SqliteDatabase["sqlite"], name: string): boolean {
  return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Databases made before the state table kept rows in a table named as the dataset and
 * tombstones in `<dataset>__tombstones`. Both move into the state table (tombstones with
 * the identity of their delete, as the merge computes it), and the old tables are dropped.
 */
function moveToStateTable(sqlite: SqliteDatabase["sqlite"], model: Model): void {
  const { names } = datasetTables(model);
  const tombstones = `${model.dataset}__tombstones`;
  const fields = model.fields.map((f) => f.name);
  const kv = keyAndVersion(model);
  sqlite.exec(`INSERT INTO ${q(names.state)} (${list(fields)}, ${q(DELETED)}, ${q(ROW_HASH)}, ${q(BATCH)})
    SELECT ${list(fields)}, 0, ${q(ROW_HASH)}, ${q(BATCH)} FROM ${q(names.rows)}`);
  const insert = sqlite.prepare(`INSERT INTO ${q(names.state)} (${list(kv)}, ${q(DELETED)}, ${q(ROW_HASH)}, ${q(BATCH)}) VALUES (${params(kv.length + 3)})`);
  const encode = canonicalEncoder(fields);
  const read = sqlite.prepare(`SELECT ${list(kv)}, ${q(BATCH)} FROM ${q(tombstones)}`).raw();
  for (const t of read.all() as StorageValue[][]) {
    const values: StorageValue[] = fields.map((f) => (kv.includes(f) ? t[kv.indexOf(f)]! : null));
    insert.run(...t.slice(0, kv.length), 1, hashBytes(deleteHash(encode(values))), t[kv.length]);
  }
  sqlite.exec(`DROP TABLE ${q(names.rows)}; DROP TABLE ${q(tombstones)}`);
}

/**
 * Drops the indexes mirrorql made on the state table (named `<state>__...`) that the model no
 * longer asks for: a removed declared index, or the index of a removed relationship. Indexes
 * a user made under other names are left alone.
 */
function dropStaleIndexes(sqlite: SqliteDatabase["sqlite"], model: Model): void {
  const { state } = datasetTables(model);
  const table = getTableConfig(state);
  const wanted = new Set(table.indexes.map((ix) => ix.config.name.toLowerCase()));
  const existing = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(table.name) as string[];
  for (const name of existing) {
    if (name.startsWith(`${table.name}__`) && !wanted.has(name.toLowerCase())) sqlite.exec(`DROP INDEX ${q(name)}`);
  }
}

/** What loading `models` would do, dataset by dataset, and the steps that would do it (run in one transaction). */
export function planDatasets({ sqlite, db }: SqliteDatabase, models: readonly Model[], now = new Date()): { plans: DatasetPlan[]; steps: (() => void)[] } {
  const plans: DatasetPlan[] = [];
  const steps: (() => void)[] = [];

  for (const model of models) {
    const tables = datasetTables(model);
    const all = [tables.state, tables.history, tables.quarantine];
    const create = () => [...all.flatMap((table) => createTableSql(table, tables.withoutRowid.has(table))), ...createViewSql(tables.rows)].forEach((s) => sqlite.exec(s));
    const register = () =>
      db
        .insert(modelRegistry)
        .values({ dataset: model.dataset, name: model.name, definition: JSON.stringify(stored(model)), loadedAt: now.toISOString() })
        .onConflictDoUpdate({ target: modelRegistry.dataset, set: { name: model.name, definition: JSON.stringify(stored(model)), loadedAt: now.toISOString() } })
        .run();

    const row = db.select().from(modelRegistry).where(eq(modelRegistry.dataset, model.dataset)).get();
    if (!row) {
      if (tableExists(sqlite, tables.names.rows) || tableExists(sqlite, tables.names.state)) {
        plans.push(
          describePlan(undefined, model, "refused", [
            {
              file: model.file,
              path: "$.dataset",
              message: `table "${model.dataset}" already exists in the database but was not created by mirrorql.`,
              fix: "choose another dataset name or use another database file.",
            },
          ]),
        );
        continue;
      }
      plans.push(describePlan(undefined, model, "create"));
      steps.push(create, register);
      continue;
    }
    // Models stored before indexes existed declare none.
    const prev = { indexes: [], ...JSON.parse(row.definition) } as StoredModel;
    const moves: (() => void)[] = [];
    if (tableExists(sqlite, tables.names.rows)) {
      // An earlier layout, under the model it was made with; then the model's own changes apply as usual.
      const earlier = { ...prev, file: model.file };
      moves.push(() => {
        createTableSql(datasetTables(earlier).state, true).forEach((s) => sqlite.exec(s));
        moveToStateTable(sqlite, earlier);
      });
    }
    const { problems: changes, added } = compareModels(prev, model);
    if (changes.length > 0 && holdsData(sqlite, model)) {
      plans.push(describePlan(prev, model, "refused", changes));
      continue;
    }
    steps.push(...moves);
    if (changes.length > 0) {
      // Nothing stored yet: the tables can simply be made again. The quarantine is kept.
      const { state, history } = tables.names;
      const drop = () => [state, history].forEach((t) => sqlite.exec(`DROP TABLE IF EXISTS ${q(t)}`));
      plans.push(describePlan(prev, model, "rebuild"));
      steps.push(drop, create, register);
      continue;
    }
    // Grown (or unchanged) model: add columns, drop the indexes it no longer declares, then
    // create whatever index is new. Indexes never change what is stored, so any index change is compatible.
    plans.push(describePlan(prev, model, "alter"));
    steps.push(
      () => {
        for (const f of added) sqlite.exec(addColumnSql(tables.state, f));
        dropStaleIndexes(sqlite, model);
      },
      create,
      register,
    );
  }
  return { plans, steps };
}

/** Creates or upgrades the tables of every model in one transaction; refuses all or nothing. */
export function syncDatasets(database: SqliteDatabase, models: Model[], now = new Date()): void {
  const { plans, steps } = planDatasets(database, models, now);
  const problems = plans.flatMap((p) => p.problems);
  if (problems.length > 0) throw new ModelValidationError(problems, "INCOMPATIBLE_MODEL_CHANGE");
  database.sqlite.transaction(() => steps.forEach((step) => step()))();
}

/** Drops a dataset's view and tables and forgets its model, in one transaction. */
export function dropDatasetTables({ sqlite, db }: SqliteDatabase, model: Model): void {
  const { names } = datasetTables(model);
  sqlite.transaction(() => {
    sqlite.exec(`DROP VIEW IF EXISTS ${q(names.rows)}`);
    for (const t of [names.state, names.history, names.quarantine]) sqlite.exec(`DROP TABLE IF EXISTS ${q(t)}`);
    db.delete(modelRegistry).where(eq(modelRegistry.dataset, model.dataset)).run();
  })();
}
