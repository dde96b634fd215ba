// Writes checked models in Adobe's form: one Schema Registry document per model, shaped as
// the Schemas API's create call sends it, and one list of descriptors. What Adobe's form has
// no place for (the dataset name, unique fields, indexes, tombstone retention, the version
// source) is kept under `meta:mirrorql`, so that importing the result gives the same models.

import type { Model } from "../Model";
import { pointer } from "./jsonPointer";
import { ADHOC_CLASS } from "./readAdobeSchema";
import { xdmFieldOf } from "./xdmTypes";

export interface AdobeExport {
  /** One schema document per model, named `<Model>.json`. */
  schemas: { file: string; json: Record<string, unknown> }[];
  /** Every model's descriptors, in model order. */
  descriptors: Record<string, unknown>[];
  /** Where the output goes beyond what Adobe documents, one line each (Adobe's registry may refuse these). */
  notes: string[];
}

/** The `$id` a model's schema is given: the Schema Registry assigns its own when the schema is created there. */
export const schemaIdOf = (model: Pick<Model, "name">, tenant: string) => `https://ns.adobe.com/${tenant}/schemas/${model.name}`;

/**
 * Adobe's form of a set of models.
 * @example const { schemas, descriptors } = exportAdobe(loadModels("schema"));
 */
export function exportAdobe(models: Model[], options: { tenant?: string } = {}): AdobeExport {
  const tenant = options.tenant ?? "mirrorql";
  const byName = new Map(models.map((m) => [m.name, m]));
  const notes: string[] = [];
  const schemas = models.map((model) => ({ file: `${model.name}.json`, json: schemaOf(model, schemaIdOf(model, tenant)) }));
  const descriptors = models.flatMap((model) => {
    const id = schemaIdOf(model, tenant);
    const list: Record<string, unknown>[] = [
      { "@type": "xdm:descriptorPrimaryKey", "xdm:sourceSchema": id, "xdm:sourceProperty": model.primaryKey.map((f) => pointer("", f)) },
      {
        "@type": "xdm:descriptorVersion",
        "xdm:sourceSchema": id,
        "xdm:sourceProperty": model.version.length === 1 ? pointer("", model.version[0]!) : model.version.map((f) => pointer("", f)),
      },
    ];
    if (model.version.length > 1)
      notes.push(`${model.name}: the version is a tuple (${model.version.join(", ")}); Adobe documents one version field, so the descriptor lists them all.`);
    for (const f of model.version) {
      if (model.fields.find((x) => x.name === f)!.type === "number")
        notes.push(`${model.name}: version field ${f} is a number; Adobe documents integer/long and date-time versions.`);
    }
    if (model.timestamp) list.push({ "@type": "xdm:descriptorTimestamp", "xdm:sourceSchema": id, "xdm:sourceProperty": pointer("", model.timestamp) });
    for (const r of model.relationships) {
      const target = byName.get(r.target)!;
      const toKey = target.primaryKey.length === 1 && target.primaryKey[0] === r.targetField;
      list.push({
        "@type": "xdm:descriptorRelationship",
        "xdm:sourceSchema": id,
        "xdm:sourceProperty": pointer("", r.field),
        "xdm:destinationSchema": schemaIdOf(target, tenant),
        ...(toKey ? {} : { "xdm:destinationProperty": pointer("", r.targetField) }),
        "xdm:cardinality": r.cardinality,
        "xdm:sourceToDestinationName": r.name,
        "xdm:destinationToSourceName": r.inverseName,
      });
    }
    return list;
  });
  if (models.some((m) => m.fields.some((f) => f.type === "integer"))) {
    notes.push("integers are written as XDM long, whose documented range is ±(2^53−1); mirrorql's integers are 64-bit.");
  }
  return { schemas, descriptors, notes };
}

/** The one definition holding a schema's fields, named as in Adobe's create call. */
const FIELDS = "customFields";

/** The document Adobe's create call sends (definitions, allOf and the ad-hoc class), with the `$id` descriptors refer to. */
function schemaOf(model: Model, id: string): Record<string, unknown> {
  const required = model.fields.filter((f) => f.required).map((f) => f.name);
  const unique = model.fields.filter((f) => f.unique).map((f) => f.name);
  const mirrorql = {
    dataset: model.dataset,
    ...(unique.length > 0 ? { unique } : {}),
    ...(model.indexes.length > 0 ? { indexes: model.indexes } : {}),
    ...(model.tombstoneRetention !== undefined ? { tombstoneRetention: model.tombstoneRetention } : {}),
    ...(model.versionSource !== undefined ? { versionSource: model.versionSource } : {}),
  };
  return {
    $id: id,
    title: model.name,
    ...(model.description !== undefined ? { description: model.description } : {}),
    type: "object",
    "meta:behaviorType": model.behavior,
    "meta:extends": [ADHOC_CLASS],
    definitions: {
      [FIELDS]: {
        type: "object",
        properties: Object.fromEntries(model.fields.map((f) => [f.name, { ...xdmFieldOf(f.type), ...(f.description !== undefined ? { description: f.description } : {}) }])),
        ...(required.length > 0 ? { required } : {}),
      },
    },
    allOf: [{ $ref: `#/definitions/${FIELDS}` }],
    "meta:mirrorql": mirrorql,
  };
}
