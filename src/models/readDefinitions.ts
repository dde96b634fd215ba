// Model definitions sent through the API (defineModels): native model documents, or Adobe's
// form (schema documents and xdm descriptors mixed in one list), told apart by their keys and
// turned into native documents, which then join the served set (replaceModels).

import { importAdobe, type AdobeDocument } from "./adobe/importAdobe";
import type { ModelDocument } from "./checkModels";
import { modelDocument } from "./modelDocument";
import type { Model } from "./Model";
import type { ModelProblem } from "./ModelProblem";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Adobe's form: a descriptor names its type under "@type" or "xdm:descriptor"; a schema carries Schema Registry keys. */
export function adobeKind(json: unknown): "descriptor" | "schema" | undefined {
  if (!isObject(json)) return undefined;
  const type = json["@type"] ?? json["xdm:descriptor"];
  if (typeof type === "string" && type.startsWith("xdm:")) return "descriptor";
  if (["meta:behaviorType", "$id", "meta:extends", "meta:altId", "allOf", "meta:mirrorql"].some((k) => k in json)) return "schema";
  if ("title" in json && !("name" in json)) return "schema";
  return undefined;
}

/**
 * The native documents of a list of definitions, each named `<label>[i]` in problems (Adobe
 * schemas keep their index; their models are named after the schema document).
 * @example readDefinitions([contactModel], "models") // { documents: [{ file: "models[0]", json: contactModel }], problems: [] }
 */
export function readDefinitions(definitions: readonly unknown[], label = "models"): { documents: ModelDocument[]; problems: ModelProblem[] } {
  const native: ModelDocument[] = [];
  const schemas: AdobeDocument[] = [];
  const descriptors: AdobeDocument[] = [];
  definitions.forEach((json, i) => {
    const file = `${label}[${i}]`;
    const kind = adobeKind(json);
    (kind === "descriptor" ? descriptors : kind === "schema" ? schemas : native).push({ file, json });
  });
  if (schemas.length === 0 && descriptors.length === 0) return { documents: native, problems: [] };
  if (schemas.length === 0) {
    return {
      documents: native,
      problems: descriptors.map((d) => ({
        file: d.file,
        path: "",
        message: "is an Adobe descriptor, but no Adobe schema document was sent with it.",
        fix: "send the schema documents the descriptors describe in the same list.",
      })),
    };
  }
  const imported = importAdobe(schemas, descriptors);
  // importAdobe keeps the order of the schema documents.
  return { documents: [...native, ...imported.models.map((json, i) => ({ file: schemas[i]!.file, json }))], problems: imported.problems };
}

/**
 * The documents of the set served after `documents` are defined: the current models, each
 * replaced by a document of the same dataset, then the new datasets.
 */
export function replaceModels(current: readonly Model[], documents: readonly ModelDocument[]): ModelDocument[] {
  const datasetOf = (d: ModelDocument) => (isObject(d.json) && typeof d.json.dataset === "string" ? d.json.dataset : undefined);
  const byDataset = new Map(documents.flatMap((d) => (datasetOf(d) !== undefined ? [[datasetOf(d)!, d] as const] : [])));
  const kept = current.map((m) => byDataset.get(m.dataset) ?? { file: m.file, json: modelDocument(m) });
  const fresh = documents.filter((d) => {
    const ds = datasetOf(d);
    return ds === undefined || !current.some((m) => m.dataset === ds);
  });
  return [...kept, ...fresh];
}
