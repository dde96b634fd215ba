// The checked, resolved form of a model: what the rest of mirrorql reads.
// Files are written in the native form (see README "Models"); loadModels turns
// them into these objects only when every rule holds.

import { VERSION_SOURCE_FORMATS } from "../changes/formats/registry";

export const FIELD_TYPES = ["string", "integer", "number", "boolean", "date", "datetime"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const VERSION_TYPES: readonly FieldType[] = ["integer", "number", "datetime"];

/**
 * Change formats whose native order can be a model's version (docs/change-formats.md): the
 * translator of that format writes the native value into the model's one version field.
 * Snowflake streams carry no per-row order, so they are not among them. From the one list of
 * formats, changes/formats/registry.ts.
 */
export const VERSION_SOURCES = VERSION_SOURCE_FORMATS;
export type VersionSource = (typeof VERSION_SOURCE_FORMATS)[number];

/**
 * The version field types each version source can fill. Debezium's type also picks the
 * native order: integer = Postgres `source.lsn`, string = MySQL `source.file`/`pos`/`row`
 * (a sortable text encoding), datetime = `source.ts_ms` (the last resort, chosen explicitly).
 * A string version is allowed only here, where its text encoding is made to sort.
 */
export const VERSION_SOURCE_TYPES: Record<VersionSource, readonly FieldType[]> = {
  debezium: ["integer", "string", "datetime"],
  "delta-cdf": ["integer"],
  "bigquery-cdc": ["string"],
};

export const CARDINALITIES = ["M:1", "1:1", "M:0", "1:0"] as const;
export type Cardinality = (typeof CARDINALITIES)[number];

export type Behavior = "record" | "time-series";

export interface Field {
  name: string;
  type: FieldType;
  required: boolean;
  /** Declared as a candidate key that relationships may target (not enforced at ingestion). */
  unique: boolean;
  description?: string;
}

export interface Relationship {
  /** Field on this model holding the reference. */
  field: string;
  /** Name of the target model. */
  target: string;
  /** Field of the target that the reference points at (its primary key by default). */
  targetField: string;
  cardinality: Cardinality;
  /** Field on this type that resolves the referenced row. */
  name: string;
  /** Field on the target that resolves the referring rows: a list for M:*, one row for 1:*. */
  inverseName: string;
}

export interface Model {
  name: string;
  dataset: string;
  behavior: Behavior;
  description?: string;
  /** Fields in declaration order. */
  fields: Field[];
  primaryKey: string[];
  /** Version fields, compared as a tuple in this order. */
  version: string[];
  /**
   * When set, the one version field holds that change format's native order, filled by the
   * format's translator (src/changes/formats) rather than read from the row.
   */
  versionSource?: VersionSource;
  /** time-series only: the event time, part of the primary key. */
  timestamp?: string;
  relationships: Relationship[];
  /** Declared indexes, each an ordered list of fields (empty when none are declared). */
  indexes: string[][];
  /** ISO-8601 duration after which tombstones are removed; absent means forever. */
  tombstoneRetention?: string;
  /** tombstoneRetention in milliseconds. */
  tombstoneRetentionMs?: number;
  /** The file the model was read from. */
  file: string;
}

export function fieldOf(model: Model, name: string): Field {
  const field = model.fields.find((f) => f.name === name);
  if (!field) throw new Error(`invariant: model ${model.name} has no field ${name}`);
  return field;
}

/** The key fields, then the version fields that are not part of the key: what a tombstone or a history entry holds. */
export function keyAndVersion(model: Model): string[] {
  return [...new Set([...model.primaryKey, ...model.version])];
}

/** Many-to-one and many-to-zero relationships list their referring rows on the inverse side. */
export function isToMany(cardinality: Cardinality): boolean {
  return cardinality.startsWith("M");
}
