// Reads Adobe's descriptors (Descriptors API): primary key, version, timestamp and
// relationships, each pointing at a schema by `$id` and at root-level fields by JSON Pointer.
// Also reads the simplified shape of the overview pages, which names the type in
// `xdm:descriptor` and may name the schema by its title or leave it out when there is one.

import { CARDINALITIES, type Cardinality } from "../Model";
import { didYouMean, type ModelProblem } from "../ModelProblem";
import { pointer, pointerTokens } from "./jsonPointer";
import type { AdobeSchema } from "./readAdobeSchema";

export type DescriptorKind = "primaryKey" | "version" | "timestamp" | "relationship";

export interface Descriptor {
  kind: DescriptorKind;
  file: string;
  /** JSON Pointer of the descriptor in its file. */
  at: string;
  schema: AdobeSchema;
  /** The root-level fields `xdm:sourceProperty` names, in order. */
  fields: string[];
  /** Relationships only. */
  destination?: AdobeSchema;
  destinationField?: string;
  /** Informational in Adobe (not enforced at ingestion), as in mirrorql: a right side 0 means the reference may dangle. */
  cardinality?: Cardinality;
  name?: string;
  inverseName?: string;
}

const TYPES: Record<string, DescriptorKind> = {
  "xdm:descriptorPrimaryKey": "primaryKey",
  "xdm:descriptorVersion": "version",
  "xdm:descriptorTimestamp": "timestamp",
  "xdm:descriptorRelationship": "relationship",
  "xdm:descriptorOneToOne": "relationship",
  "xdm:descriptorManyToOne": "relationship",
};
const COMMON_KEYS = ["@id", "@type", "xdm:descriptor", "xdm:sourceSchema", "xdm:sourceVersion", "xdm:sourceProperty"];
const RELATIONSHIP_KEYS = [
  ...COMMON_KEYS,
  "xdm:destinationSchema",
  "xdm:destinationVersion",
  "xdm:destinationProperty",
  "xdm:cardinality",
  "xdm:sourceToDestinationName",
  "xdm:destinationToSourceName",
  // Display titles for Adobe's UI; mirrorql has no place for them.
  "xdm:sourceToDestinationTitle",
  "xdm:destinationToSourceTitle",
];

type Json = unknown;
type Report = (path: string, message: string, fix: string) => void;
const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: Json) => (v === undefined ? "nothing" : JSON.stringify(v));

/** Finds a schema by `$id` (or, leniently, by title); reports what it could not find. */
function schemaRef(value: Json, schemas: AdobeSchema[], at: string, what: string, problem: Report): AdobeSchema | undefined {
  if (value === undefined) {
    if (schemas.length === 1) return schemas[0];
    problem(at, `names no ${what} schema, and ${schemas.length} schemas are imported.`, 'name the schema by its "$id" (https://ns.adobe.com/{TENANT}/schemas/{ID}).');
    return undefined;
  }
  if (typeof value !== "string") {
    problem(at, `must be a schema "$id", received ${show(value)}.`, 'name the schema by its "$id" (https://ns.adobe.com/{TENANT}/schemas/{ID}).');
    return undefined;
  }
  const found = schemas.find((s) => s.id === value) ?? schemas.find((s) => s.title === value);
  if (!found) {
    const known = schemas.flatMap((s) => (s.id ? [s.id] : s.title ? [s.title] : []));
    problem(
      at,
      `names schema "${value}", which is not among the imported schema documents.${didYouMean(value, known)}`,
      `import that schema too, or name one of: ${known.join(", ") || "(none)"}.`,
    );
  }
  return found;
}

/**
 * Resolves one JSON Pointer to a root-level field of `schema`; undefined (reported, unless the field's own
 * problem is) otherwise. The simplified shape names the field bare ("customerId"), as Adobe's overview does.
 */
function fieldRef(value: Json, schema: AdobeSchema, at: string, simplified: boolean, problem: Report): string | undefined {
  const bare = simplified && typeof value === "string" && value !== "" && !value.startsWith("/");
  const tokens = bare ? [value] : typeof value === "string" ? pointerTokens(value) : undefined;
  if (!tokens || tokens.length === 0) {
    const fix = typeof value === "string" && value !== "" ? `write "/${value}".` : 'write the field\'s name after a "/".';
    problem(at, `must be a JSON Pointer to a root-level field like "/customer_id", received ${show(value)}.`, fix);
    return undefined;
  }
  if (tokens.length > 1) {
    problem(
      at,
      `"${String(value)}" points into a nested property; descriptors of relational schemas take root-level fields only.`,
      "point at a root-level field (flatten the nested one into the schema's root first).",
    );
    return undefined;
  }
  const name = tokens[0]!;
  if (schema.fields.some((f) => f.name === name)) return name;
  if (!schema.declared.includes(name)) {
    const label = schema.title ?? schema.file;
    problem(
      at,
      `"${String(value)}" names no field of schema "${label}".${didYouMean(
        name,
        schema.fields.map((f) => f.name),
      )}`,
      `point at a root-level field declared in ${schema.file}.`,
    );
  }
  return undefined;
}

export interface DescriptorSet {
  descriptors: Descriptor[];
  /** The kinds each schema was given a descriptor of, refused ones included: a missing one is reported only when none was written. */
  written: Map<AdobeSchema, Set<DescriptorKind>>;
}

/** Reads every descriptor of every file; a descriptor with a problem refuses the schema it describes. */
export function readDescriptors(files: { file: string; json: Json }[], schemas: AdobeSchema[], problems: ModelProblem[]): DescriptorSet {
  const descriptors: Descriptor[] = [];
  const written = new Map<AdobeSchema, Set<DescriptorKind>>();
  for (const { file, json } of files) {
    const entries: [string, Json][] = Array.isArray(json) ? json.map((d, i) => [pointer("", i), d]) : [["", json]];
    if (!Array.isArray(json) && !isObject(json)) {
      problems.push({ file, path: "", message: `must be an array of descriptors (or one descriptor), received ${show(json)}.`, fix: "write the descriptors as a JSON array." });
      continue;
    }
    for (const [at, d] of entries) {
      const before = problems.length;
      const problem: Report = (path, message, fix) => problems.push({ file, path, message, fix });
      const read = readDescriptor(file, at, d, schemas, problem);
      if (read && problems.length === before) descriptors.push(read);
      // Which schema and kind it meant, read again quietly: that schema is refused, and not also told it lacks one.
      const meant = isObject(d) ? schemaRef(d["xdm:sourceSchema"], schemas, "", "", () => {}) : undefined;
      const type = isObject(d) ? (d["@type"] ?? d["xdm:descriptor"]) : undefined;
      const kind = typeof type === "string" ? TYPES[type] : undefined;
      if (meant && kind) written.set(meant, (written.get(meant) ?? new Set()).add(kind));
      if (meant && problems.length > before) meant.refused = true;
    }
  }
  return { descriptors, written };
}

function readDescriptor(file: string, at: string, d: Json, schemas: AdobeSchema[], problem: Report): Descriptor | undefined {
  if (!isObject(d)) {
    problem(at, `must be a descriptor object, received ${show(d)}.`, 'write { "@type": "xdm:descriptorPrimaryKey", "xdm:sourceSchema": ..., "xdm:sourceProperty": ... }.');
    return undefined;
  }
  const typeKey = d["@type"] !== undefined ? "@type" : "xdm:descriptor";
  const type = d[typeKey];
  if (d["@type"] !== undefined && d["xdm:descriptor"] !== undefined && d["@type"] !== d["xdm:descriptor"]) {
    problem(pointer(at, "xdm:descriptor"), `says ${show(d["xdm:descriptor"])} but "@type" says ${show(d["@type"])}.`, 'keep one of "@type" and "xdm:descriptor".');
    return undefined;
  }
  const typeAt = pointer(at, typeKey);
  if (type === "xdm:descriptorManyToMany") {
    problem(
      typeAt,
      "many-to-many relationships are not supported (Data Mirror supports one-to-one and many-to-one).",
      "model the link as a schema of its own with two many-to-one relationships.",
    );
    return undefined;
  }
  if (type === "xdm:descriptorOneToMany") {
    problem(
      typeAt,
      "one-to-many is declared from the other side: a relationship belongs to the schema that holds the reference.",
      'declare an "xdm:descriptorRelationship" with "xdm:cardinality": "M:1" on the referring schema.',
    );
    return undefined;
  }
  const kind = typeof type === "string" ? TYPES[type] : undefined;
  if (!kind) {
    problem(
      typeAt,
      `${type === undefined ? "names no descriptor type" : `descriptor type ${show(type)} is not one mirrorql reads`}.${typeof type === "string" ? didYouMean(type, Object.keys(TYPES)) : ""}`,
      `use one of ${Object.keys(TYPES).join(", ")}, or leave other descriptors out of the import.`,
    );
    return undefined;
  }
  const schema = schemaRef(d["xdm:sourceSchema"], schemas, pointer(at, "xdm:sourceSchema"), "source", problem);
  const allowed = kind === "relationship" ? RELATIONSHIP_KEYS : COMMON_KEYS;
  for (const key of Object.keys(d)) {
    if (!allowed.includes(key))
      problem(pointer(at, key), `"${key}" is not a property of ${String(type)} that mirrorql reads.${didYouMean(key, allowed)}`, `use only ${allowed.join(", ")}.`);
  }
  if (!schema) return undefined;

  const simplified = d["@type"] === undefined;
  const propAt = pointer(at, "xdm:sourceProperty");
  const source = d["xdm:sourceProperty"];
  const fields: string[] = [];
  const many = kind === "primaryKey" || kind === "version";
  if (Array.isArray(source) && many) {
    if (source.length === 0) problem(propAt, "names no field.", "list at least one JSON Pointer.");
    source.forEach((p, i) => {
      const f = fieldRef(p, schema, pointer(propAt, i), simplified, problem);
      if (f !== undefined && fields.includes(f)) problem(pointer(propAt, i), `names field "${f}" twice.`, "list each field once.");
      else if (f !== undefined) fields.push(f);
    });
  } else if (Array.isArray(source)) {
    problem(propAt, `a ${kind} descriptor takes one field, received ${show(source)}.`, 'write one JSON Pointer like "/event_time".');
  } else {
    const f = fieldRef(source, schema, propAt, simplified, problem);
    if (f !== undefined) fields.push(f);
  }
  const descriptor: Descriptor = { kind, file, at, schema, fields };
  if (kind === "relationship") readRelationship(d, descriptor, String(type), simplified, schemas, problem);
  // A pointer at a field refused for its own problem leaves the descriptor incomplete; that problem is reported.
  const wanted = Array.isArray(source) ? source.length : 1;
  if (fields.length < wanted || (d["xdm:destinationProperty"] !== undefined && descriptor.destinationField === undefined)) return undefined;
  return descriptor;
}

function readRelationship(d: Record<string, Json>, descriptor: Descriptor, type: string, simplified: boolean, schemas: AdobeSchema[], problem: Report): void {
  const at = descriptor.at;
  const destAt = pointer(at, "xdm:destinationSchema");
  const destination =
    d["xdm:destinationSchema"] === undefined
      ? void problem(destAt, "a relationship names no destination schema.", 'set "xdm:destinationSchema" to the $id of the schema the field refers to.')
      : schemaRef(d["xdm:destinationSchema"], schemas, destAt, "destination", problem);
  if (destination) {
    descriptor.destination = destination;
    if (d["xdm:destinationProperty"] !== undefined) {
      const f = fieldRef(d["xdm:destinationProperty"], destination, pointer(at, "xdm:destinationProperty"), simplified, problem);
      if (f !== undefined) descriptor.destinationField = f;
    }
  }
  const fixed = type === "xdm:descriptorOneToOne" ? "1:1" : type === "xdm:descriptorManyToOne" ? "M:1" : undefined;
  const written = d["xdm:cardinality"];
  const cardAt = pointer(at, "xdm:cardinality");
  const upper = typeof written === "string" ? written.toUpperCase() : "";
  if (written === undefined) descriptor.cardinality = fixed ?? "M:1";
  else if (/^[MN]:[MN]$/.test(upper)) {
    problem(
      cardAt,
      `many-to-many relationships are not supported, received ${show(written)} (relational schemas support one-to-one and many-to-one).`,
      "model the link as a schema of its own with two M:1 relationships.",
    );
  } else if (/^[01]:[MN]$/.test(upper)) {
    problem(
      cardAt,
      `one-to-many is declared from the other side, received ${show(written)}: a relationship belongs to the schema that holds the reference.`,
      'declare "M:1" on the other schema\'s reference field.',
    );
  } else if (typeof written !== "string" || !(CARDINALITIES as readonly string[]).includes(written)) {
    problem(
      cardAt,
      `must be one of ${CARDINALITIES.map((c) => `"${c}"`).join(", ")}, received ${show(written)}.`,
      '"M:1" for many-to-one, "1:1" for one-to-one; "M:0" or "1:0" when the reference may point at no row.',
    );
  } else if (fixed && written !== fixed) {
    problem(cardAt, `says ${show(written)} on a ${type}.`, `write "${fixed}", or use "xdm:descriptorRelationship".`);
  } else descriptor.cardinality = written as Cardinality;

  for (const [key, prop] of [
    ["xdm:sourceToDestinationName", "name"],
    ["xdm:destinationToSourceName", "inverseName"],
  ] as const) {
    const v = d[key];
    if (v === undefined) continue;
    if (typeof v === "string") descriptor[prop] = v;
    else problem(pointer(at, key), `must be a name, received ${show(v)}.`, `write a name like "account", or remove "${key}".`);
  }
}
