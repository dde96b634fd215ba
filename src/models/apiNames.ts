// The GraphQL names generated for a model, in one place: the schema builder uses them,
// and model checking refuses models whose names would clash with each other or with
// the fixed part of the API.

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const pascal = (dataset: string) =>
  dataset
    .split("_")
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");

export function apiNames(model: { name: string; dataset: string }) {
  return {
    types: {
      object: model.name,
      connection: `${model.name}Connection`,
      edge: `${model.name}Edge`,
      where: `${model.name}Where`,
      orderBy: `${model.name}OrderBy`,
      changeInput: `${model.name}ChangeInput`,
    },
    query: { byKey: lowerFirst(model.name), list: model.dataset },
    mutation: { typed: `apply${pascal(model.dataset)}Changes` },
  };
}

/**
 * Types of the fixed part and the built-in scalars (a test keeps this list in step with the schema).
 * "Subscription" is free while the API has no subscriptions (the demo has a Subscription model).
 */
export const FIXED_TYPE_NAMES = [
  "Query",
  "Mutation",
  "String",
  "Int",
  "Float",
  "Boolean",
  "ID",
  "Int64",
  "DateTime",
  "Date",
  "JSON",
  "JSONObject",
  "PageInfo",
  "OrderDirection",
  "ChangeRequestType",
  "ChangeFormat",
  "BatchStatus",
  "ChangeReceipt",
  "ChangeReceiptPage",
  "DatasetReceipt",
  "InvalidRow",
  "RowProblem",
  "QuarantinedRow",
  "QuarantinePage",
  "DatasetInfo",
  "FieldInfo",
  "RelationshipInfo",
  "DatasetIndex",
  "DanglingReference",
  "RelationshipIntegrity",
  "DatasetChangesInput",
  "PurgeReceipt",
  "PurgedKey",
  "KeyPurgeState",
  "StringFilter",
  "Int64Filter",
  "FloatFilter",
  "BooleanFilter",
  "DateFilter",
  "DateTimeFilter",
  "ApiKey",
  "CreatedApiKey",
  "AuditEntry",
  "AuditPage",
  "ModelChangePlan",
  "DatasetChangePlan",
  "DatasetChange",
  "ModelProblem",
  "SchemaChangeSet",
  "SchemaChange",
  "StoredModel",
  "ModelRevision",
  "ModelRevisionPage",
  "DroppedDataset",
];
export const FIXED_QUERY_FIELDS = ["datasets", "dataset", "integrity", "batch", "batches", "quarantine", "apiKeys", "auditLog", "schemaVersion", "models", "modelRevisions"];
export const FIXED_MUTATION_FIELDS = [
  "applyChanges",
  "applyChangeBatch",
  "replayQuarantine",
  "discardQuarantine",
  "purgeKeys",
  "createApiKey",
  "revokeApiKey",
  "defineModels",
  "dropDataset",
];
