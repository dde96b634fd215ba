// Checks one model document against the rules that need no other model.
// Rules that span models (relationships, unique names) live in checkModelSet.ts.

import {
  CARDINALITIES,
  FIELD_TYPES,
  VERSION_SOURCES,
  VERSION_SOURCE_TYPES,
  VERSION_TYPES,
  type Behavior,
  type Cardinality,
  type Field,
  type FieldType,
  type Model,
  type VersionSource,
} from "./Model";
import { didYouMean, type ModelProblem } from "./ModelProblem";
import { DATASET_NAME_RULE, isDatasetName } from "./datasetName";
import { parseDurationMs } from "./duration";
import { readIndexes } from "./readIndexes";

/** A relationship as written: names and target field still to be resolved against the other models. */
export interface RelationshipDraft {
  field: string;
  target: string;
  targetField?: string;
  cardinality: Cardinality;
  name?: string;
  inverseName?: string;
  /** JSON path of this relationship in its file. */
  path: string;
}

export interface ModelDraft extends Omit<Model, "relationships"> {
  relationships: RelationshipDraft[];
}

export const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** Column names the mirror uses itself or that carry change control information. */
export const RESERVED_FIELD_NAMES = ["_change_request_type", "_version", "_updatedAt"];
export const RESERVED_PREFIXES = ["_mq_", "__"];

const MODEL_KEYS = [
  "name",
  "dataset",
  "behavior",
  "description",
  "fields",
  "primaryKey",
  "version",
  "versionSource",
  "timestamp",
  "relationships",
  "indexes",
  "tombstoneRetention",
  "$schema",
];
const FIELD_KEYS = ["type", "required", "unique", "description"];
const RELATIONSHIP_KEYS = ["field", "target", "targetField", "cardinality", "name", "inverseName"];
const MANY_TO_MANY = /^[MN]:[MN]$/;
/** The inverse of M:1, written on the wrong model. */
const ONE_TO_MANY = /^[01]:[MN]$/;

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const show = (v: Json) => (v === undefined ? "nothing" : JSON.stringify(v));

/** Appends a property to a JSON path, in bracket notation when the name is not an identifier. */
export const jsonPath = (path: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);

/** SQLite compares names without regard to case, so reserved names are matched the same way. */
export function isReservedName(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_FIELD_NAMES.some((r) => r.toLowerCase() === lower) || RESERVED_PREFIXES.some((p) => lower.startsWith(p));
}

/** Names people bring from SQL or XDM, mapped to the type they most likely mean. */
const TYPE_ALIASES: Record<string, FieldType> = {
  int: "integer",
  long: "integer",
  bigint: "integer",
  int64: "integer",
  smallint: "integer",
  float: "number",
  double: "number",
  decimal: "number",
  numeric: "number",
  real: "number",
  bool: "boolean",
  text: "string",
  varchar: "string",
  "date-time": "datetime",
  timestamp: "datetime",
};

function typeHint(type: string): string {
  const alias = TYPE_ALIASES[type.toLowerCase()];
  return alias ? ` Did you mean "${alias}"?` : didYouMean(type, FIELD_TYPES);
}

export interface ReadModelResult {
  draft?: ModelDraft;
  problems: ModelProblem[];
  /** The name of a refused model, when it has a valid one. */
  name?: string;
}

/** Parses and checks one file's text. Returns a draft only when the file has no problem. */
export function readModel(file: string, text: string): ReadModelResult {
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { problems: [{ file, path: "$", message: `is not valid JSON (${(e as Error).message}).`, fix: "write the model as one JSON object." }] };
  }
  return readModelDocument(file, doc);
}

/** Checks one parsed model document (`file` names it in problems). Returns a draft only when it has no problem. */
export function readModelDocument(file: string, doc: Json): ReadModelResult {
  const problems: ModelProblem[] = [];
  const problem = (path: string, message: string, fix: string) => problems.push({ file, path, message, fix });

  if (!isObject(doc)) {
    problem("$", `must be a JSON object, received ${show(doc)}.`, "write the model as one JSON object.");
    return { problems };
  }

  for (const key of Object.keys(doc)) {
    if (!MODEL_KEYS.includes(key)) {
      problem(jsonPath("$", key), `unknown model property "${key}".${didYouMean(key, MODEL_KEYS)}`, `use only ${MODEL_KEYS.join(", ")}.`);
    }
  }

  const name = doc.name;
  if (typeof name !== "string" || !GRAPHQL_NAME.test(name) || !/^[A-Z]/.test(name) || name.startsWith("__")) {
    problem("$.name", `must be a GraphQL type name in PascalCase, received ${show(name)}.`, 'name the model like "Contact".');
  }
  const dataset = doc.dataset;
  if (!isDatasetName(dataset)) {
    problem("$.dataset", `must be ${DATASET_NAME_RULE}, received ${show(dataset)}.`, 'name the dataset like "contacts".');
  }

  const behavior = doc.behavior ?? "record";
  if (behavior !== "record" && behavior !== "time-series") {
    problem("$.behavior", `must be "record" or "time-series", received ${show(behavior)}.`, 'use "record" for entities or "time-series" for events.');
  }

  const fields = readFields(doc.fields, problem);
  const fieldNames = fields.map((f) => f.name);
  const byName = new Map(fields.map((f) => [f.name, f]));

  const fieldList = (path: string, value: Json, what: string): string[] => {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === "string")) {
      problem(path, `must name the ${what} field(s): a field name or a non-empty array of them, received ${show(value)}.`, `set "${path.slice(2)}" to field names of this model.`);
      return [];
    }
    const seen = new Set<string>();
    list.forEach((f: string, i) => {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      if (seen.has(f)) problem(at, `names field "${f}" twice.`, `list each ${what} field once.`);
      seen.add(f);
      if (fields.length > 0 && !byName.has(f)) {
        problem(at, `names field "${f}", which the model does not declare.${didYouMean(f, fieldNames)}`, `declare "${f}" under "fields" or name a declared field.`);
      }
    });
    return list as string[];
  };

  const primaryKey = fieldList("$.primaryKey", doc.primaryKey, "primary key");
  primaryKey.forEach((f, i) => {
    const field = byName.get(f);
    if (field && !field.required) {
      problem(`$.primaryKey[${i}]`, `key field "${f}" is not required.`, `set "required": true on field "${f}": every key field must be present.`);
    }
  });

  const version = fieldList("$.version", doc.version, "version");
  const versionSource = readVersionSource(doc.versionSource, problem);
  if (versionSource && version.length > 1) {
    problem(
      "$.version",
      `with "versionSource": "${versionSource}" the version must be exactly one field, which the ${versionSource} order fills; received ${show(doc.version)}.`,
      `name one field in "version", or remove "versionSource" to order changes by the row's own version fields.`,
    );
  }
  version.forEach((f, i) => {
    const field = byName.get(f);
    if (!field) return;
    const at = Array.isArray(doc.version) ? `$.version[${i}]` : "$.version";
    if (versionSource) {
      const allowed = VERSION_SOURCE_TYPES[versionSource];
      if (!allowed.includes(field.type)) {
        problem(
          at,
          `version field "${f}" has type "${field.type}", but versionSource "${versionSource}" fills it with ${VERSION_SOURCE_FILLS[versionSource]}.`,
          `make "${f}" ${allowed.map((t) => `"${t}"`).join(" or ")}.`,
        );
      }
      if (primaryKey.includes(f)) {
        problem(
          at,
          `version field "${f}" is part of the primary key, but versionSource "${versionSource}" overwrites it with the native order of each change.`,
          `use a version field of its own, outside the primary key.`,
        );
      }
    } else if (!VERSION_TYPES.includes(field.type)) {
      const fix =
        field.type === "string"
          ? `make "${f}" one of ${VERSION_TYPES.join(", ")}, or choose another version field; a string version is allowed only with "versionSource" (${VERSION_SOURCES.join(", ")}), whose native order mirrorql encodes to sort as text.`
          : `make "${f}" one of ${VERSION_TYPES.join(", ")}, or choose another version field.`;
      problem(at, `version field "${f}" has type "${field.type}", which cannot order changes.`, fix);
    }
    if (!field.required) {
      problem(at, `version field "${f}" is not required.`, `set "required": true on field "${f}": every change must carry its version.`);
    }
  });

  let timestamp: string | undefined;
  if (behavior === "time-series") {
    if (typeof doc.timestamp !== "string") {
      problem(
        "$.timestamp",
        `a time-series model must name its timestamp field, received ${show(doc.timestamp)}.`,
        'add "timestamp": "<a required datetime field that is part of the primary key>".',
      );
    } else {
      timestamp = doc.timestamp;
      const field = byName.get(timestamp);
      if (!field) {
        problem("$.timestamp", `names field "${timestamp}", which the model does not declare.${didYouMean(timestamp, fieldNames)}`, "name a declared datetime field.");
      } else {
        if (field.type !== "datetime" || !field.required) {
          problem(
            "$.timestamp",
            `timestamp field "${timestamp}" must be a required datetime, it is ${field.required ? "a required" : "an optional"} ${field.type}.`,
            `declare "${timestamp}" as { "type": "datetime", "required": true }.`,
          );
        }
        if (primaryKey.length > 0 && !primaryKey.includes(timestamp)) {
          problem(
            "$.primaryKey",
            `the primary key of a time-series model must include its timestamp "${timestamp}", received ${show(doc.primaryKey)}.`,
            `add "${timestamp}" to "primaryKey".`,
          );
        }
      }
    }
  } else if (doc.timestamp !== undefined) {
    problem("$.timestamp", `only time-series models have a timestamp; this model's behavior is "${String(behavior)}".`, 'remove "timestamp", or set "behavior": "time-series".');
  }

  let tombstoneRetentionMs: number | undefined;
  if (doc.tombstoneRetention !== undefined) {
    tombstoneRetentionMs = typeof doc.tombstoneRetention === "string" ? parseDurationMs(doc.tombstoneRetention) : undefined;
    if (tombstoneRetentionMs === undefined) {
      problem(
        "$.tombstoneRetention",
        `must be an ISO-8601 duration in weeks, days, hours, minutes or seconds, received ${show(doc.tombstoneRetention)}.`,
        'write it like "P7D" or "PT12H", or remove it to keep tombstones forever.',
      );
    }
  }

  const relationships = readRelationships(doc.relationships, byName, fieldNames, problem);
  const indexes = readIndexes(doc.indexes, fieldNames, primaryKey, problem);

  // The name of a refused model still lets other models' references to it be told apart from typos.
  if (problems.length > 0) return { problems, ...(typeof name === "string" && GRAPHQL_NAME.test(name) ? { name } : {}) };
  return {
    problems,
    draft: {
      name: name as string,
      dataset: dataset as string,
      behavior: behavior as Behavior,
      ...(typeof doc.description === "string" ? { description: doc.description } : {}),
      fields,
      primaryKey,
      version,
      ...(versionSource ? { versionSource } : {}),
      ...(timestamp ? { timestamp } : {}),
      relationships,
      indexes,
      ...(tombstoneRetentionMs !== undefined ? { tombstoneRetention: doc.tombstoneRetention as string, tombstoneRetentionMs } : {}),
      file,
    },
  };
}

type Report = (path: string, message: string, fix: string) => void;

/** What each version source writes into the version field, for messages. */
const VERSION_SOURCE_FILLS: Record<VersionSource, string> = {
  debezium: "the Postgres LSN (integer), the MySQL binlog position (string) or source.ts_ms (datetime)",
  "delta-cdf": "_commit_version, an integer",
  "bigquery-cdc": "a text encoding of _CHANGE_SEQUENCE_NUMBER, a string",
};

/** The optional `versionSource`: which change format's native order fills the version field. */
function readVersionSource(value: Json, problem: Report): VersionSource | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (VERSION_SOURCES as readonly string[]).includes(value)) return value as VersionSource;
  if (value === "snowflake-stream") {
    problem(
      "$.versionSource",
      'Snowflake streams carry no per-row order (they are net deltas per table version), so "snowflake-stream" cannot be a version source.',
      'remove "versionSource": the model\'s own version field orders Snowflake changes.',
    );
  } else if (value === "native") {
    problem("$.versionSource", 'the native form has no order of its own besides the model\'s version fields, so "native" cannot be a version source.', 'remove "versionSource".');
  } else {
    const hint = typeof value === "string" ? didYouMean(value, VERSION_SOURCES) : "";
    problem(
      "$.versionSource",
      `must be one of ${VERSION_SOURCES.map((s) => `"${s}"`).join(", ")}, received ${show(value)}.${hint}`,
      'name the change format whose native order fills the version field, or remove "versionSource" to use the row\'s own version.',
    );
  }
  return undefined;
}

function readFields(value: Json, problem: Report): Field[] {
  if (!isObject(value) || Object.keys(value).length === 0) {
    problem("$.fields", `must be an object of one or more fields, received ${show(value)}.`, 'declare fields like "fields": { "id": { "type": "string", "required": true } }.');
    return [];
  }
  const fields: Field[] = [];
  // SQLite column names ignore case, so "Email" and "email" would be one column.
  const byLowerName = new Map<string, string>();
  for (const [name, def] of Object.entries(value)) {
    const path = jsonPath("$.fields", name);
    if (!GRAPHQL_NAME.test(name)) {
      problem(
        path,
        `field name "${name}" is not a valid GraphQL name (letters, digits and _, not starting with a digit).`,
        "rename the column in the source or choose a valid name.",
      );
    } else if (isReservedName(name)) {
      problem(
        path,
        `field name "${name}" is reserved by mirrorql.`,
        `rename it: ${RESERVED_FIELD_NAMES.join(", ")} and names starting with ${RESERVED_PREFIXES.join(" or ")} are reserved (in any case).`,
      );
    }
    const sameName = byLowerName.get(name.toLowerCase());
    if (sameName !== undefined) {
      problem(path, `field name "${name}" differs from field "${sameName}" only in case; the mirror's tables cannot hold both.`, `rename one of "${sameName}" and "${name}".`);
    } else byLowerName.set(name.toLowerCase(), name);
    if (!isObject(def)) {
      problem(path, `must be an object like { "type": "string" }, received ${show(def)}.`, 'describe the field as { "type": ..., "required": ... }.');
      continue;
    }
    for (const key of Object.keys(def)) {
      if (!FIELD_KEYS.includes(key)) problem(jsonPath(path, key), `unknown field property "${key}".${didYouMean(key, FIELD_KEYS)}`, `use only ${FIELD_KEYS.join(", ")}.`);
    }
    const type = def.type;
    if (typeof type !== "string" || !(FIELD_TYPES as readonly string[]).includes(type)) {
      const hint = typeof type === "string" ? typeHint(type) : "";
      problem(`${path}.type`, `unknown field type ${show(type)}.${hint}`, `use one of ${FIELD_TYPES.join(", ")}. Nested objects and arrays are not supported.`);
      continue;
    }
    for (const flag of ["required", "unique"] as const) {
      if (def[flag] !== undefined && typeof def[flag] !== "boolean") {
        problem(`${path}.${flag}`, `must be true or false, received ${show(def[flag])}.`, `write "${flag}": true or remove it.`);
      }
    }
    fields.push({
      name,
      type: type as FieldType,
      required: def.required === true,
      unique: def.unique === true,
      ...(typeof def.description === "string" ? { description: def.description } : {}),
    });
  }
  return fields;
}

function readRelationships(value: Json, byName: Map<string, Field>, fieldNames: string[], problem: Report): RelationshipDraft[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problem("$.relationships", `must be an array, received ${show(value)}.`, "list relationship descriptors in an array.");
    return [];
  }
  const drafts: RelationshipDraft[] = [];
  value.forEach((rel, i) => {
    const path = `$.relationships[${i}]`;
    if (!isObject(rel)) {
      problem(path, `must be an object, received ${show(rel)}.`, 'write { "field": ..., "target": ..., "cardinality": "M:1" }.');
      return;
    }
    for (const key of Object.keys(rel)) {
      if (!RELATIONSHIP_KEYS.includes(key))
        problem(jsonPath(path, key), `unknown relationship property "${key}".${didYouMean(key, RELATIONSHIP_KEYS)}`, `use only ${RELATIONSHIP_KEYS.join(", ")}.`);
    }
    const { field, target, targetField, cardinality, name, inverseName } = rel;
    let ok = true;
    if (typeof field !== "string" || !byName.has(field)) {
      const hint = typeof field === "string" ? didYouMean(field, fieldNames) : "";
      problem(`${path}.field`, `must name a root-level field of this model, received ${show(field)}.${hint}`, "name the field that holds the reference.");
      ok = false;
    }
    if (typeof target !== "string") {
      problem(`${path}.target`, `must name the target model, received ${show(target)}.`, 'set "target" to a model name such as "Account".');
      ok = false;
    }
    if (targetField !== undefined && typeof targetField !== "string") {
      problem(`${path}.targetField`, `must be a field name, received ${show(targetField)}.`, "name a unique field of the target, or remove it to use the target's primary key.");
      ok = false;
    }
    if (typeof cardinality !== "string" || !(CARDINALITIES as readonly string[]).includes(cardinality)) {
      const written = typeof cardinality === "string" ? cardinality.toUpperCase() : "";
      if (MANY_TO_MANY.test(written)) {
        problem(
          `${path}.cardinality`,
          `many-to-many relationships are not supported, received ${show(cardinality)}.`,
          "model the link as its own dataset with two M:1 relationships.",
        );
      } else if (ONE_TO_MANY.test(written)) {
        problem(
          `${path}.cardinality`,
          `one-to-many is declared from the other side, received ${show(cardinality)}: a relationship belongs to the model that holds the reference.`,
          'declare "M:1" on the other model\'s reference field; its inverseName lists the rows here.',
        );
      } else {
        problem(
          `${path}.cardinality`,
          `must be one of ${CARDINALITIES.join(", ")}, received ${show(cardinality)}.`,
          '"M:1" for many-to-one, "1:1" for one-to-one; "M:0"/"1:0" when the reference may dangle.',
        );
      }
      ok = false;
    }
    for (const [key, v] of [
      ["name", name],
      ["inverseName", inverseName],
    ] as const) {
      if (v !== undefined && (typeof v !== "string" || !GRAPHQL_NAME.test(v) || v.startsWith("__"))) {
        problem(`${path}.${key}`, `must be a valid GraphQL field name, received ${show(v)}.`, `choose a name like "account", or remove "${key}" for the default.`);
        ok = false;
      } else if (typeof v === "string" && isReservedName(v)) {
        problem(`${path}.${key}`, `relationship name "${v}" is reserved by mirrorql.`, `choose a name like "account", or remove "${key}" for the default.`);
        ok = false;
      }
    }
    if (!ok) return;
    drafts.push({
      field: field as string,
      target: target as string,
      ...(targetField !== undefined ? { targetField: targetField as string } : {}),
      cardinality: cardinality as Cardinality,
      ...(name !== undefined ? { name: name as string } : {}),
      ...(inverseName !== undefined ? { inverseName: inverseName as string } : {}),
      path,
    });
  });
  return drafts;
}
