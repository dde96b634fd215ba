// Turns Adobe's form of relational schemas (Schema Registry documents plus descriptors) into
// native model documents. Adobe's rules are checked on Adobe's documents, so every problem
// names the document, the JSON Pointer and the fix; the native models are then put through
// the same checks as model files (checkModels), their problems pointed back at Adobe's documents.

import { VERSION_TYPES } from "../Model";
import type { ModelProblem } from "../ModelProblem";
import { checkReadModels } from "../checkModels";
import { readModelDocument, type ReadModelResult } from "../readModel";
import { pointer } from "./jsonPointer";
import { readAdobeSchema, type AdobeSchema } from "./readAdobeSchema";
import { readDescriptors, type Descriptor, type DescriptorKind } from "./readDescriptors";

export interface AdobeDocument {
  /** Names the document in problems (a file name, or any label an API caller chooses). */
  file: string;
  json: unknown;
}

/** A native model document, as the files of schema/ hold it. */
export type NativeModel = Record<string, unknown>;

const DESCRIPTOR_TYPE: Record<DescriptorKind, string> = {
  primaryKey: "xdm:descriptorPrimaryKey",
  version: "xdm:descriptorVersion",
  timestamp: "xdm:descriptorTimestamp",
  relationship: "xdm:descriptorRelationship",
};

/**
 * Imports schema documents and their descriptors; models only when no document has a problem.
 * Takes parsed JSON and touches no file, so the API can call it as the command line does.
 * @example const { models, problems } = importAdobe([{ file: "Contact.json", json: schema }], [{ file: "descriptors.json", json: descriptors }]);
 */
export function importAdobe(documents: AdobeDocument[], descriptorFiles: AdobeDocument[]): { models: NativeModel[]; problems: ModelProblem[] } {
  const problems: ModelProblem[] = [];
  const schemas = documents.map((d) => readAdobeSchema(d.file, d.json, problems));
  checkUniqueSchemas(schemas, problems);
  const { descriptors, written } = readDescriptors(descriptorFiles, schemas, problems);

  const built: { schema: AdobeSchema; json: NativeModel; locate: (path: string) => { file: string; path: string } }[] = [];
  for (const schema of schemas) {
    const own = descriptors.filter((d) => d.schema === schema);
    const assembled = assemble(schema, own, written.get(schema) ?? new Set(), problems);
    if (assembled && !schema.refused && schema.name) built.push({ schema, ...assembled });
  }

  // The native rules, on the models Adobe's rules let through; a refused schema's name still tells references to it from typos.
  const results: ReadModelResult[] = schemas.map((s) => {
    const b = built.find((x) => x.schema === s);
    return b ? readModelDocument(s.file, b.json) : { problems: [], ...(s.name ? { name: s.name } : {}) };
  });
  const native = checkReadModels(results);
  for (const p of native.problems) {
    const b = built.find((x) => x.schema.file === p.file);
    const at = b ? b.locate(p.path) : { file: p.file, path: "" };
    problems.push({ ...at, message: `${p.message} (as the mirrorql model's ${p.path})`, fix: p.fix });
  }
  return problems.length > 0 ? { models: [], problems } : { models: built.map((b) => b.json), problems };
}

function checkUniqueSchemas(schemas: AdobeSchema[], problems: ModelProblem[]): void {
  const ids = new Map<string, AdobeSchema>();
  const titles = new Map<string, AdobeSchema>();
  for (const s of schemas) {
    const sameId = s.id !== undefined ? ids.get(s.id) : undefined;
    if (sameId) problems.push({ file: s.file, path: "/$id", message: `"$id" ${s.id} is also the $id of ${sameId.file}.`, fix: "give every schema its own $id." });
    else if (s.id) ids.set(s.id, s);
    const sameTitle = s.title !== undefined ? titles.get(s.title) : undefined;
    if (sameTitle)
      problems.push({
        file: s.file,
        path: "/title",
        message: `title "${s.title}" is also the title of ${sameTitle.file}.`,
        fix: "give every schema its own title: it becomes the GraphQL type name.",
      });
    else if (s.title) titles.set(s.title, s);
  }
}

/** Adobe's per-schema rules over its descriptors, then the native model they make (undefined when a rule fails). */
function assemble(schema: AdobeSchema, own: Descriptor[], written: Set<DescriptorKind>, problems: ModelProblem[]) {
  const before = problems.length;
  const ref = schema.id ?? schema.title ?? schema.file;
  const one = (kind: DescriptorKind, needed: boolean, why: string, example: string): Descriptor | undefined => {
    const found = own.filter((d) => d.kind === kind);
    if (found.length === 0 && needed && !written.has(kind)) {
      problems.push({
        file: schema.file,
        path: "",
        message: `schema "${schema.title ?? schema.file}" has no ${DESCRIPTOR_TYPE[kind]} descriptor; ${why}`,
        fix: `add { "@type": "${DESCRIPTOR_TYPE[kind]}", "xdm:sourceSchema": "${ref}", "xdm:sourceProperty": ${example} } to the descriptors.`,
      });
    }
    for (const extra of found.slice(1)) {
      problems.push({
        file: extra.file,
        path: extra.at,
        message: `a second ${DESCRIPTOR_TYPE[kind]} for schema "${schema.title}" (the first is ${found[0]!.file} at ${found[0]!.at}).`,
        fix: "keep one descriptor of this type per schema.",
      });
    }
    return found[0];
  };
  const byName = new Map(schema.fields.map((f) => [f.name, f]));
  const pk = one("primaryKey", true, "every relational schema needs a primary key.", '["/id"]');
  const version = one("version", true, "every relational schema needs a version descriptor to order its changes.", '"/updated_at"');
  const timestamp = one("timestamp", schema.behavior === "time-series", "a time-series schema needs a timestamp descriptor.", '"/event_time"');

  // Adobe: key, version and timestamp fields are "marked as required" in the schema.
  const listed = new Set<string>();
  const mustBeListed = (names: string[], what: string) => {
    for (const name of names) {
      const f = byName.get(name)!;
      if (f.required || listed.has(name)) continue;
      listed.add(name);
      problems.push({
        file: schema.file,
        path: f.requiredAt,
        message: `${what} field "${name}" is not marked as required.`,
        fix: `add "${name}" to the "required" list at ${f.requiredAt} (its definition is at ${f.at}).`,
      });
    }
  };
  mustBeListed(pk?.fields ?? [], "primary key");
  mustBeListed(version?.fields ?? [], "version");
  if (timestamp && schema.behavior === "time-series") mustBeListed(timestamp.fields, "timestamp");

  version?.fields.forEach((name, i) => {
    const f = byName.get(name)!;
    const at = pointer(version.at, "xdm:sourceProperty", ...(version.fields.length > 1 ? [i] : []));
    if (!VERSION_TYPES.includes(f.type)) {
      problems.push({
        file: version.file,
        path: at,
        message: `version field "${name}" is ${f.type === "datetime" ? "a date-time" : `a ${f.type}`}, which cannot order changes: a version is an integer/long or a date-time (mirrorql also takes a number).`,
        fix: `point the version descriptor at an integer or date-time field.`,
      });
    }
  });
  if (timestamp) {
    if (schema.behavior !== "time-series") {
      problems.push({
        file: timestamp.file,
        path: pointer(timestamp.at, "@type"),
        message: `schema "${schema.title}" has "meta:behaviorType" "record", and only a time-series schema has a timestamp descriptor.`,
        fix: `remove the timestamp descriptor, or set "meta:behaviorType": "time-series" in ${schema.file}.`,
      });
    } else {
      const name = timestamp.fields[0]!;
      if (byName.get(name)!.type !== "datetime") {
        problems.push({
          file: timestamp.file,
          path: pointer(timestamp.at, "xdm:sourceProperty"),
          message: `timestamp field "${name}" is a ${byName.get(name)!.type}, not a date-time.`,
          fix: `declare "${name}" as { "type": "string", "format": "date-time" }, or point at a date-time field.`,
        });
      }
      if (pk && (!pk.fields.includes(name) || pk.fields.length < 2)) {
        const missing = pk.fields.includes(name) ? "another field" : `its timestamp field "${name}"`;
        problems.push({
          file: pk.file,
          path: pointer(pk.at, "xdm:sourceProperty"),
          message: `the primary key of time-series schema "${schema.title}" must be composite and include its timestamp field "${name}", received ${JSON.stringify(pk.fields.map((f) => `/${f}`))}.`,
          fix: `add ${pk.fields.includes(name) ? "the field that tells series apart (e.g. a session or device id)" : `"/${name}"`} to the primary key's "xdm:sourceProperty"; it lacks ${missing}.`,
        });
      }
    }
  }
  if (problems.length > before || !pk || !version || schema.refused) {
    schema.refused = true;
    return undefined;
  }
  return nativeModel(
    schema,
    pk,
    version,
    timestamp,
    own.filter((d) => d.kind === "relationship"),
  );
}

function nativeModel(schema: AdobeSchema, pk: Descriptor, version: Descriptor, timestamp: Descriptor | undefined, relationships: Descriptor[]) {
  const m = schema.mirrorql;
  const name = schema.name!;
  const json: NativeModel = {
    name,
    dataset: m.dataset !== undefined ? m.dataset : snakeCase(name),
    behavior: schema.behavior,
    ...(schema.description !== undefined ? { description: schema.description } : {}),
    fields: Object.fromEntries(
      schema.fields.map((f) => [
        f.name,
        { type: f.type, ...(f.required ? { required: true } : {}), ...(f.unique ? { unique: true } : {}), ...(f.description !== undefined ? { description: f.description } : {}) },
      ]),
    ),
    primaryKey: pk.fields,
    version: version.fields.length === 1 ? version.fields[0] : version.fields,
    ...(m.versionSource !== undefined ? { versionSource: m.versionSource } : {}),
    ...(timestamp ? { timestamp: timestamp.fields[0] } : {}),
    ...(m.indexes !== undefined ? { indexes: m.indexes } : {}),
    ...(m.tombstoneRetention !== undefined ? { tombstoneRetention: m.tombstoneRetention } : {}),
    ...(relationships.length > 0
      ? {
          relationships: relationships.map((r) => ({
            field: r.fields[0],
            target: r.destination!.name,
            ...(r.destinationField !== undefined ? { targetField: r.destinationField } : {}),
            cardinality: r.cardinality,
            ...(r.name !== undefined ? { name: r.name } : {}),
            ...(r.inverseName !== undefined ? { inverseName: r.inverseName } : {}),
          })),
        }
      : {}),
  };
  const fieldAt = new Map(schema.fields.map((f) => [f.name, f.at]));
  const inDescriptor = (d: Descriptor, key: string) => ({ file: d.file, path: pointer(d.at, key) });
  const inSchema = (path: string) => ({ file: schema.file, path });
  /** Where a native path's problem lies in Adobe's documents. */
  const locate = (path: string): { file: string; path: string } => {
    const field = /^\$\.fields(?:\.([A-Za-z_$][\w$]*)|\["((?:[^"\\]|\\.)*)"\])/.exec(path);
    if (field) return inSchema(fieldAt.get(field[1] ?? JSON.parse(`"${field[2]}"`)) ?? "/properties");
    const rel = /^\$\.relationships\[(\d+)\](?:\.(\w+))?/.exec(path);
    if (rel) {
      const d = relationships[Number(rel[1])]!;
      const key = {
        field: "xdm:sourceProperty",
        target: "xdm:destinationSchema",
        targetField: "xdm:destinationProperty",
        cardinality: "xdm:cardinality",
        name: "xdm:sourceToDestinationName",
        inverseName: "xdm:destinationToSourceName",
      }[rel[2] ?? ""];
      return key ? inDescriptor(d, key) : { file: d.file, path: d.at };
    }
    if (path.startsWith("$.primaryKey")) return inDescriptor(pk, "xdm:sourceProperty");
    if (path.startsWith("$.version")) return inDescriptor(version, "xdm:sourceProperty");
    if (path.startsWith("$.timestamp")) return timestamp ? inDescriptor(timestamp, "xdm:sourceProperty") : inSchema("/meta:behaviorType");
    if (path === "$.name") return inSchema("/title");
    if (path === "$.dataset") return inSchema(m.dataset !== undefined ? "/meta:mirrorql/dataset" : "/title");
    if (path === "$.behavior") return inSchema("/meta:behaviorType");
    if (path === "$.description") return inSchema("/description");
    for (const key of ["versionSource", "indexes", "tombstoneRetention"]) {
      if (path.startsWith(`$.${key}`)) return inSchema(pointer("/meta:mirrorql", key) + path.slice(2 + key.length).replace(/\[(\d+)\]/g, "/$1"));
    }
    return inSchema("");
  };
  return { json, locate };
}

/** The dataset of a schema that does not name one: "AccountProfile" → "account_profile". */
export const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
