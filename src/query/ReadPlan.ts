// What a read operation asks for, as a plain typed tree: the compiled read engine plans a
// GraphQL operation into one of these per root field, and each dialect's compiler turns it
// into one statement that returns the field's response JSON (storage/<dialect>/compileReadPlan.ts).

import type { StorageValue } from "../changes/coerceValue";
import type { FieldType, Model } from "../models/Model";
import type { ConnectionQuery, Where } from "./ConnectionQuery";

/** A response key whose value is known when planning, as JSON text (`__typename`, pageInfo flags fixed by the arguments). */
export interface ConstantEntry {
  kind: "constant";
  key: string;
  json: string;
}

/** The one row of `model` whose `column` equals the parent row's `parentColumn`; null when there is none. */
export interface RowJoin {
  column: string;
  parentColumn: string;
  /** Several rows may match (a 1:1 inverse edge is not enforced): take the first by primary key. */
  firstByKey: boolean;
}

/** The children of a parent row: rows whose `column` equals the parent's `parentColumn`. */
export interface ChildScope {
  column: string;
  parentColumn: string;
}

export type ObjectEntry =
  | ConstantEntry
  | { kind: "field"; key: string; field: string; type: FieldType }
  /** `_version`: the version field's value, or for a tuple version a list of strings. */
  | { kind: "version"; key: string; fields: { field: string; type: FieldType }[]; tuple: boolean }
  /** `_updatedAt`: when the batch that wrote the row was received. */
  | { kind: "updatedAt"; key: string }
  | { kind: "object"; key: string; join: RowJoin; object: ObjectPlan }
  | { kind: "connection"; key: string; scope: ChildScope; connection: ConnectionPlan };

/** One response object of a row of `model`: its keys in response order. */
export interface ObjectPlan {
  model: Model;
  entries: ObjectEntry[];
}

export type EdgeEntry = ConstantEntry | { kind: "cursor"; key: string } | { kind: "node"; key: string; object: ObjectPlan };

export type PageInfoEntry = ConstantEntry | { kind: "hasMore" | "startCursor" | "endCursor"; key: string };

export type ConnectionEntry =
  | ConstantEntry
  | { kind: "nodes"; key: string; object: ObjectPlan }
  | { kind: "edges"; key: string; entries: EdgeEntry[] }
  | { kind: "pageInfo"; key: string; entries: PageInfoEntry[] }
  | { kind: "totalCount"; key: string };

export interface ConnectionPlan {
  query: ConnectionQuery;
  entries: ConnectionEntry[];
}

/** A root field of the generated API. */
export type RootPlan = { kind: "connection"; connection: ConnectionPlan } | { kind: "byKey"; model: Model; key: StorageValue[]; object: ObjectPlan };

/** Every dataset a root field reads: its own, each edge's, and each one a filter goes through by a relationship. */
export function datasetsRead(plan: RootPlan): Set<string> {
  const out = new Set<string>();
  const where = (w: Where | undefined): void => {
    if (!w) return;
    if (w.kind === "and" || w.kind === "or") w.items.forEach(where);
    else if (w.kind === "not") where(w.item);
    else if (w.kind === "related") {
      out.add(w.target.dataset);
      where(w.where);
    }
  };
  const object = (o: ObjectPlan): void => {
    out.add(o.model.dataset);
    for (const e of o.entries) {
      if (e.kind === "object") object(e.object);
      else if (e.kind === "connection") connection(e.connection);
    }
  };
  const connection = (c: ConnectionPlan): void => {
    out.add(c.query.model.dataset);
    where(c.query.where);
    for (const e of c.entries) {
      if (e.kind === "nodes") object(e.object);
      else if (e.kind === "edges") for (const x of e.entries) if (x.kind === "node") object(x.object);
    }
  };
  if (plan.kind === "connection") connection(plan.connection);
  else object(plan.object);
  return out;
}
