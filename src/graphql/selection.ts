// Which columns an operation needs: read off the selection set, so that a statement
// fetches the fields asked for (and what edges, cursors and versions need), not every column.

import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import type { Model } from "../models/Model";
import { UPDATED_AT } from "../storage/datasetLayout";

/** Sub-fields selected under `nodes`, by field name (aliases merged), fragments expanded. */
function collect(sets: readonly (SelectionSetNode | undefined)[], info: GraphQLResolveInfo, into = new Map<string, FieldNode[]>()) {
  for (const set of sets) {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const list = into.get(selection.name.value);
        if (list) list.push(selection);
        else into.set(selection.name.value, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collect([selection.selectionSet], info, into);
      else collect([info.fragments[selection.name.value]?.selectionSet], info, into);
    }
  }
  return into;
}

/** Columns of `model` that the fields selected on its object type read. The key is always included. */
function objectColumns(model: Model, models: readonly Model[], fields: Map<string, FieldNode[]>): Set<string> {
  const columns = new Set(model.primaryKey);
  const declared = new Set(model.fields.map((f) => f.name));
  for (const name of fields.keys()) {
    if (declared.has(name)) columns.add(name);
    else if (name === "_version") model.version.forEach((v) => columns.add(v));
    else if (name === "_updatedAt") columns.add(UPDATED_AT);
    else {
      const forward = model.relationships.find((r) => r.name === name);
      if (forward) columns.add(forward.field);
      for (const source of models) {
        for (const r of source.relationships) if (r.target === model.name && r.inverseName === name) columns.add(r.targetField);
      }
    }
  }
  return columns;
}

const cache = new WeakMap<readonly FieldNode[], string[]>();

function memo(info: GraphQLResolveInfo, compute: () => Set<string>): string[] {
  // graphql-js hands every parent of a level the same fieldNodes array: compute once.
  let columns = cache.get(info.fieldNodes);
  if (!columns) cache.set(info.fieldNodes, (columns = [...compute()]));
  return columns;
}

/** For a field returning one row of `model`. */
export function rowColumns(model: Model, models: readonly Model[], info: GraphQLResolveInfo): string[] {
  return memo(info, () =>
    objectColumns(
      model,
      models,
      collect(
        info.fieldNodes.map((n) => n.selectionSet),
        info,
      ),
    ),
  );
}

/** For a connection field of `model`: what `nodes` and `edges.node` read, plus the ordering (cursors). */
export function nodeColumns(model: Model, models: readonly Model[], info: GraphQLResolveInfo, extra: readonly string[]): string[] {
  return memo(info, () => {
    const top = collect(
      info.fieldNodes.map((n) => n.selectionSet),
      info,
    );
    const edges = collect(
      (top.get("edges") ?? []).map((n) => n.selectionSet),
      info,
    );
    const nodes = collect(
      [...(top.get("nodes") ?? []), ...(edges.get("node") ?? [])].map((n) => n.selectionSet),
      info,
    );
    const columns = objectColumns(model, models, nodes);
    extra.forEach((c) => columns.add(c));
    return columns;
  });
}
