// The schema a caller sees through introspection: the API of the datasets it may read, with
// the edges between them and none into the others. Built once per set of readable datasets.

import type { GraphQLSchema } from "graphql";
import type { Principal } from "../../auth/Principal";
import type { Model } from "../../models/Model";
import { buildSchema } from "../buildSchema";

/** Distinct readable sets kept; beyond, the oldest is built again when next asked for. */
const KEPT = 64;

/** The models as a caller who may read only `readable` (dataset names) sees them. */
export function visibleModels(models: readonly Model[], readable: ReadonlySet<string>): Model[] {
  const datasetOf = new Map(models.map((m) => [m.name, m.dataset]));
  return models
    .filter((m) => readable.has(m.dataset))
    .map((m) => ({ ...m, relationships: m.relationships.filter((r) => readable.has(datasetOf.get(r.target)!)) }));
}

/** The schema each caller is served: `schema` itself for those who may read every dataset. */
export function visibleSchemas(schema: GraphQLSchema, models: readonly Model[]): (principal: Principal) => GraphQLSchema {
  const built = new Map<string, GraphQLSchema>();
  return (principal) => {
    if (principal.may("read")) return schema;
    const readable = principal.readable(models.map((m) => m.dataset));
    const key = readable.join("\n");
    let visible = built.get(key);
    if (!visible) {
      if (built.size >= KEPT) built.delete(built.keys().next().value!);
      visible = buildSchema(visibleModels(models, new Set(readable)));
      built.set(key, visible);
    }
    return visible;
  };
}
