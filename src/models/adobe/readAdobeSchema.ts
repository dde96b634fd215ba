// Reads one Schema Registry document of a relational (model-based) schema: its behavior and
// its root-level scalar fields, written either as root `properties` or, as the Schemas API's
// create call sends them, in `definitions` with `meta:extends` naming the ad-hoc class.

import type { Behavior, FieldType } from "../Model";
import { didYouMean, type ModelProblem } from "../ModelProblem";
import { pointer } from "./jsonPointer";
import { readXdmType, XDM_FIELD_KEYS } from "./xdmTypes";

export const ADHOC_CLASS = "https://ns.adobe.com/xdm/data/adhoc-v2";
/** `$id` of a tenant schema: https://ns.adobe.com/{TENANT}/schemas/{ID}. */
export const SCHEMA_ID = /^https:\/\/ns\.adobe\.com\/[^/]+\/schemas\/[^/]+$/;

/** Keys of a schema document that mirrorql reads; other `meta:` keys are registry bookkeeping and are ignored. */
const SCHEMA_KEYS = ["$id", "$schema", "title", "description", "type", "properties", "required", "definitions", "allOf", "meta:behaviorType", "meta:extends", "meta:mirrorql"];
/** Bookkeeping the Schema Registry adds outside `meta:` in the schemas it returns. */
const REGISTRY_KEYS = ["version", "imsOrg"];
/** mirrorql's own settings that Adobe's form has no place for, kept under `meta:mirrorql`. */
export const MIRRORQL_SCHEMA_KEYS = ["dataset", "unique", "indexes", "tombstoneRetention", "versionSource"];

export interface AdobeField {
  name: string;
  type: FieldType;
  /** Listed in a `required` array (Adobe wants key, version and timestamp fields listed). */
  required: boolean;
  /** JSON Pointer of the `required` list beside the field's definition, where it would be listed. */
  requiredAt: string;
  unique: boolean;
  description?: string;
  /** JSON Pointer of the field's definition in its document. */
  at: string;
}

export interface AdobeSchema {
  file: string;
  id?: string;
  title?: string;
  /** The model name: the title, made a PascalCase GraphQL name. */
  name?: string;
  behavior: Behavior;
  description?: string;
  fields: AdobeField[];
  /** Every property name declared, refused ones too: a descriptor naming one is not reported again. */
  declared: string[];
  /** `meta:mirrorql`, passed to the native model (checked there). */
  mirrorql: Record<string, unknown>;
  /** True when this document has problems of its own. */
  refused: boolean;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: Json) => (v === undefined ? "nothing" : JSON.stringify(v));

/** "Web event" → "WebEvent"; undefined when no GraphQL type name can be made. */
export function modelNameOf(title: string): string | undefined {
  const name = /^[A-Z][_0-9A-Za-z]*$/.test(title)
    ? title
    : title
        .split(/[^0-9A-Za-z]+/)
        .filter(Boolean)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join("");
  return /^[A-Z][_0-9A-Za-z]*$/.test(name) ? name : undefined;
}

export function readAdobeSchema(file: string, doc: Json, problems: ModelProblem[]): AdobeSchema {
  const before = problems.length;
  const problem = (path: string, message: string, fix: string) => problems.push({ file, path, message, fix });
  const schema: AdobeSchema = { file, behavior: "record", fields: [], declared: [], mirrorql: {}, refused: false };
  if (!isObject(doc)) {
    problem("", `must be a JSON object (a Schema Registry schema), received ${show(doc)}.`, "give one schema document per file.");
    return { ...schema, refused: true };
  }
  for (const key of Object.keys(doc)) {
    if (!SCHEMA_KEYS.includes(key) && !REGISTRY_KEYS.includes(key) && !key.startsWith("meta:")) {
      problem(
        pointer("", key),
        `unknown schema property "${key}".${didYouMean(key, SCHEMA_KEYS)}`,
        `use only ${SCHEMA_KEYS.join(", ")} (and the registry's own meta: properties).`,
      );
    }
  }

  if (doc.$id !== undefined) {
    if (typeof doc.$id !== "string" || !SCHEMA_ID.test(doc.$id)) {
      problem(
        "/$id",
        `must be a schema id like "https://ns.adobe.com/{TENANT}/schemas/{ID}", received ${show(doc.$id)}.`,
        "use the $id the Schema Registry gave the schema, or remove it and refer to the schema by its title.",
      );
    } else schema.id = doc.$id;
  }
  if (typeof doc.title !== "string" || doc.title.trim() === "") {
    problem("/title", `must name the schema, received ${show(doc.title)}.`, 'give the schema a title like "Contact": it becomes the GraphQL type name.');
  } else {
    schema.title = doc.title;
    const name = modelNameOf(doc.title);
    if (name) schema.name = name;
    else problem("/title", `"${doc.title}" cannot be made a GraphQL type name (letters, digits and _, starting with a letter).`, 'retitle the schema like "Contact".');
  }
  if (doc.description !== undefined) {
    if (typeof doc.description === "string") schema.description = doc.description;
    else problem("/description", `must be text, received ${show(doc.description)}.`, "write the description as a string, or remove it.");
  }
  if (doc.type !== undefined && doc.type !== "object") {
    problem("/type", `a schema is an object, received ${show(doc.type)}.`, 'set "type": "object".');
  }

  const behavior = doc["meta:behaviorType"] ?? "record";
  if (behavior === "record" || behavior === "time-series") schema.behavior = behavior;
  else {
    problem(
      "/meta:behaviorType",
      `a relational schema's behavior is "record" or "time-series", received ${show(behavior)}.`,
      'use "record" for entities (the default) or "time-series" for events.',
    );
  }
  readExtends(doc, problem);
  const tags = doc["meta:immutableTags"];
  if (Array.isArray(tags) && tags.includes("union")) {
    problem(
      pointer("/meta:immutableTags", tags.indexOf("union")),
      'the "union" tag: relational (model-based) schemas do not take part in union schemas.',
      'remove "union" from "meta:immutableTags".',
    );
  }

  const fields = new Map<string, AdobeField>();
  const readProperties = (props: Json, required: Json, at: string) => {
    if (!isObject(props)) {
      problem(pointer(at, "properties"), `must be an object of fields, received ${show(props)}.`, 'declare fields like "properties": { "id": { "type": "string" } }.');
      return;
    }
    let requiredNames: string[] = [];
    if (required !== undefined) {
      if (Array.isArray(required) && required.every((r) => typeof r === "string")) requiredNames = required as string[];
      else problem(pointer(at, "required"), `must be an array of field names, received ${show(required)}.`, 'list the required fields like "required": ["id"].');
    }
    for (const [name, def] of Object.entries(props)) {
      const fieldAt = pointer(at, "properties", name);
      schema.declared.push(name);
      const same = fields.get(name);
      if (same) {
        problem(fieldAt, `field "${name}" is declared twice (also at ${same.at}).`, "declare each field once.");
        continue;
      }
      const field = readField(name, def, fieldAt, pointer(at, "required"), problem);
      if (field) fields.set(name, field);
    }
    requiredNames.forEach((r, i) => {
      const field = fields.get(r);
      if (field && field.at.startsWith(pointer(at, "properties"))) field.required = true;
      else if (!Object.prototype.hasOwnProperty.call(props, r))
        problem(
          pointer(at, "required", i),
          `names "${r}", which is not a field of these properties.${didYouMean(r, Object.keys(props))}`,
          'list only fields declared beside it in "properties".',
        );
    });
  };

  // The root "required" is read last: beside definitions it applies to the composed schema, to fields of any definition.
  if (doc.properties !== undefined) readProperties(doc.properties, undefined, "");
  if (doc.definitions !== undefined) {
    if (!isObject(doc.definitions)) {
      problem(
        "/definitions",
        `must be an object of field groups, received ${show(doc.definitions)}.`,
        'write "definitions": { "fields": { "type": "object", "properties": { ... } } }.',
      );
    } else {
      for (const [group, def] of Object.entries(doc.definitions)) {
        const at = pointer("/definitions", group);
        if (!isObject(def)) {
          problem(at, `must be an object with "properties", received ${show(def)}.`, 'write { "type": "object", "properties": { ... } }.');
          continue;
        }
        for (const key of Object.keys(def)) {
          if (!["type", "properties", "required", "title", "description"].includes(key) && !key.startsWith("meta:")) {
            problem(pointer(at, key), `unknown property "${key}" of a definition.`, 'use only "type", "properties" and "required".');
          }
        }
        if (def.type !== undefined && def.type !== "object")
          problem(pointer(at, "type"), `a definition holding fields is an object, received ${show(def.type)}.`, 'set "type": "object".');
        readProperties(def.properties, def.required, at);
      }
    }
    readAllOf(doc, problem);
  }
  if (doc.required !== undefined) {
    if (!Array.isArray(doc.required)) problem("/required", `must be an array of field names, received ${show(doc.required)}.`, 'list the required fields like "required": ["id"].');
    else
      doc.required.forEach((r, i) => {
        const field = typeof r === "string" ? fields.get(r) : undefined;
        if (field) field.required = true;
        else if (!(typeof r === "string" && schema.declared.includes(r))) {
          problem(
            pointer("/required", i),
            `names ${show(r)}, which is not a field of the schema.${typeof r === "string" ? didYouMean(r, [...fields.keys()]) : ""}`,
            "list only declared fields.",
          );
        }
      });
  }
  if (doc.properties === undefined && doc.definitions === undefined) {
    problem(
      "",
      'declares no fields: neither "properties" nor "definitions".',
      'declare root-level fields under "properties" (or under "definitions" with "meta:extends": ["' + ADHOC_CLASS + '"]).',
    );
  }
  schema.fields = [...fields.values()];

  const mirrorql = doc["meta:mirrorql"];
  if (mirrorql !== undefined) {
    if (!isObject(mirrorql)) problem("/meta:mirrorql", `must be an object of mirrorql settings, received ${show(mirrorql)}.`, `use only ${MIRRORQL_SCHEMA_KEYS.join(", ")}.`);
    else {
      for (const key of Object.keys(mirrorql)) {
        if (!MIRRORQL_SCHEMA_KEYS.includes(key))
          problem(pointer("/meta:mirrorql", key), `unknown mirrorql setting "${key}".${didYouMean(key, MIRRORQL_SCHEMA_KEYS)}`, `use only ${MIRRORQL_SCHEMA_KEYS.join(", ")}.`);
      }
      schema.mirrorql = mirrorql;
      const unique = mirrorql.unique;
      if (unique !== undefined) {
        if (!Array.isArray(unique)) problem("/meta:mirrorql/unique", `must list field names, received ${show(unique)}.`, 'write "unique": ["billing_id"].');
        else
          unique.forEach((u, i) => {
            const field = typeof u === "string" ? fields.get(u) : undefined;
            if (field) field.unique = true;
            else
              problem(
                pointer("/meta:mirrorql/unique", i),
                `names ${show(u)}, which is not a field of the schema.${typeof u === "string" ? didYouMean(u, [...fields.keys()]) : ""}`,
                "name a root-level field declared unique.",
              );
          });
      }
    }
  }
  schema.refused = problems.length > before;
  return schema;
}

function readField(name: string, def: Json, at: string, requiredAt: string, problem: (path: string, message: string, fix: string) => void): AdobeField | undefined {
  if (!isObject(def)) {
    problem(at, `must be a field definition like { "type": "string" }, received ${show(def)}.`, "describe the field with a JSON Schema type.");
    return undefined;
  }
  if (def.$ref !== undefined) {
    problem(pointer(at, "$ref"), `refers to ${show(def.$ref)}; relational schemas do not support data types or field groups.`, "declare the field's own scalar type here.");
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(def)) {
    if (XDM_FIELD_KEYS.includes(key) || key === "properties" || key === "items") continue;
    problem(
      pointer(at, key),
      `"${key}" is a constraint or annotation mirrorql does not keep.${didYouMean(key, XDM_FIELD_KEYS)}`,
      `remove "${key}": mirrorql reads only ${XDM_FIELD_KEYS.join(", ")}.`,
    );
    ok = false;
  }
  const result = readXdmType(def);
  if ("problem" in result) {
    problem(pointer(at, result.problem.key), result.problem.message, result.problem.fix);
    return undefined;
  }
  if (def.description !== undefined && typeof def.description !== "string") {
    problem(pointer(at, "description"), `must be text, received ${show(def.description)}.`, "write the description as a string, or remove it.");
    ok = false;
  }
  if (!ok) return undefined;
  return { name, type: result.type, required: false, requiredAt, unique: false, ...(typeof def.description === "string" ? { description: def.description } : {}), at };
}

function readExtends(doc: Record<string, Json>, problem: (path: string, message: string, fix: string) => void): void {
  const ext = doc["meta:extends"];
  if (ext === undefined) return;
  const list = typeof ext === "string" ? [ext] : ext;
  if (!Array.isArray(list)) {
    problem("/meta:extends", `must list the classes the schema extends, received ${show(ext)}.`, `write "meta:extends": ["${ADHOC_CLASS}"].`);
    return;
  }
  list.forEach((e, i) => {
    if (e !== ADHOC_CLASS) {
      problem(
        typeof ext === "string" ? "/meta:extends" : pointer("/meta:extends", i),
        `extends ${show(e)}; a relational schema extends only the ad-hoc class (no XDM classes or field groups).`,
        `keep only "${ADHOC_CLASS}" and declare the fields in the schema itself.`,
      );
    }
  });
}

/** `allOf` may name the schema's own definitions and the ad-hoc class; anything else would pull in fields mirrorql cannot see. */
function readAllOf(doc: Record<string, Json>, problem: (path: string, message: string, fix: string) => void): void {
  if (doc.allOf === undefined) return;
  if (!Array.isArray(doc.allOf)) {
    problem("/allOf", `must be an array of references, received ${show(doc.allOf)}.`, 'write "allOf": [{ "$ref": "#/definitions/NAME" }].');
    return;
  }
  const groups = isObject(doc.definitions) ? Object.keys(doc.definitions) : [];
  doc.allOf.forEach((entry, i) => {
    const ref = isObject(entry) ? entry.$ref : undefined;
    if (ref === ADHOC_CLASS) return;
    if (typeof ref === "string" && ref.startsWith("#/definitions/") && groups.includes(ref.slice("#/definitions/".length))) return;
    problem(
      pointer("/allOf", i),
      `refers to ${show(ref ?? entry)}, which is neither one of this schema's definitions nor the ad-hoc class; relational schemas do not support field groups.`,
      `refer only to "#/definitions/NAME" of this document (${groups.join(", ") || "none declared"}) or to "${ADHOC_CLASS}".`,
    );
  });
}
