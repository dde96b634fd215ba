// The schema a caller sees through introspection: the API of the datasets it may read, with
// the edges between them and none into the others, and the typed mutations of those it may
// write. Built once per set of scopes.

import type { GraphQLSchema } from "graphql";
import { scopeText, type Principal } from "../../auth/Principal";
import type { Model } from "../../models/Model";
import { visibleModels } from "../../models/visibleModels";
import { buildSchema } from "../buildSchema";

/** Distinct sets of scopes kept; beyond, the oldest is built again when next asked for. */
const KEPT = 64;

/** The schema each caller is served: `schema` itself for those who may read and write every dataset. */
export function visibleSchemas(schema: GraphQLSchema, models: readonly Model[]): (principal: Principal) => GraphQLSchema {
  const built = new Map<string, GraphQLSchema>();
  return (principal) => {
    if (principal.may("read") && principal.may("write")) return schema;
    // What a caller sees follows from its scopes alone: looked up by them, worked out once.
    const key = principal.scopes.map(scopeText).sort().join(" ");
    let visible = built.get(key);
    if (!visible) {
      if (built.size >= KEPT) built.delete(built.keys().next().value!);
      const readable = principal.readable(models.map((m) => m.dataset));
      const writable = models.filter((m) => principal.may("write", m.dataset));
      visible = buildSchema(visibleModels(models, new Set(readable)), writable);
      built.set(key, visible);
    }
    return visible;
  };
}
