// Reads the model sets that syncModels records (`_mq_model_sets`): the latest generation, a
// one-row index lookup cheap enough to poll, and the models of a generation as the database
// keeps them, which a replica serves when another process loaded them.

import type { Model } from "../../models/Model";
import type { StoredModel } from "../compareModels";
import type { PostgresDatabase } from "./openDatabase";

export interface ModelSet {
  generation: number;
  models: Model[];
}

/** The latest generation loaded by any process (0 before any). */
export async function latestGeneration({ pool }: PostgresDatabase): Promise<number> {
  const r = await pool.query<{ generation: string | null }>(`SELECT max(generation)::text AS generation FROM _mq_model_sets`);
  return Number(r.rows[0]?.generation ?? 0);
}

/**
 * The latest model set with its models as stored, in load order; their `file` names the
 * registry they were read from. Undefined before any set was loaded. One statement, so that
 * the set and its models are read from one snapshot (syncModels writes both in one transaction).
 */
export async function latestModelSet({ pool, schema }: PostgresDatabase): Promise<ModelSet | undefined> {
  const r = await pool.query<{ generation: string; datasets: string; dataset: string | null; definition: string | null }>(
    `SELECT s.generation::text AS generation, s.datasets, m.dataset, m.definition
     FROM (SELECT generation, datasets FROM _mq_model_sets ORDER BY generation DESC LIMIT 1) AS s
     LEFT JOIN _mq_models AS m ON m.dataset IN (SELECT jsonb_array_elements_text(s.datasets::jsonb))`,
  );
  if (r.rows.length === 0) return undefined;
  const generation = Number(r.rows[0]!.generation);
  const definitions = new Map(r.rows.map((row) => [row.dataset, row.definition]));
  const models = (JSON.parse(r.rows[0]!.datasets) as string[]).map((dataset): Model => {
    const definition = definitions.get(dataset);
    if (!definition) throw new Error(`invariant: model set ${generation} names dataset "${dataset}", which has no model in ${schema}._mq_models`);
    const stored = JSON.parse(definition) as Partial<StoredModel>;
    // Models registered before indexes were declared have none.
    return { ...(stored as StoredModel), indexes: stored.indexes ?? [], file: `${schema}._mq_models (${dataset})` };
  });
  return { generation, models };
}
