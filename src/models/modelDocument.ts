// A resolved model written back in the native form of model files (docs/model-format.md), so
// that a model set can be checked again as documents (checkModels) with some models replaced,
// and so that a model defined through the API can be stored and read back after a restart.

import type { Model } from "./Model";
import type { NativeModel } from "./adobe/importAdobe";

/**
 * The native document of a model: `checkModels` reads it back to the same model.
 * @example const { models } = checkModels([{ file: "Contact.json", json: modelDocument(contact) }]);
 */
export function modelDocument(model: Model): NativeModel {
  return {
    name: model.name,
    dataset: model.dataset,
    behavior: model.behavior,
    ...(model.description !== undefined ? { description: model.description } : {}),
    fields: Object.fromEntries(
      model.fields.map((f) => [
        f.name,
        {
          type: f.type,
          ...(f.required ? { required: true } : {}),
          ...(f.unique ? { unique: true } : {}),
          ...(f.description !== undefined ? { description: f.description } : {}),
        },
      ]),
    ),
    primaryKey: model.primaryKey,
    version: model.version.length === 1 ? model.version[0] : model.version,
    ...(model.versionSource !== undefined ? { versionSource: model.versionSource } : {}),
    ...(model.timestamp !== undefined ? { timestamp: model.timestamp } : {}),
    ...(model.relationships.length > 0
      ? {
          relationships: model.relationships.map((r) => ({
            field: r.field,
            target: r.target,
            targetField: r.targetField,
            cardinality: r.cardinality,
            name: r.name,
            inverseName: r.inverseName,
          })),
        }
      : {}),
    ...(model.indexes.length > 0 ? { indexes: model.indexes } : {}),
    ...(model.tombstoneRetention !== undefined ? { tombstoneRetention: model.tombstoneRetention } : {}),
  };
}
