// What a GraphQL list field asks for, as a plain typed object. Resolvers build it;
// exactly one module (storage/sqlite/compileQuery.ts) turns it into SQL.

import type { Model, Relationship } from "../models/Model";
import type { StorageValue } from "../changes/coerceValue";

export type CompareOp = "eq" | "neq" | "gt" | "gte" | "lt" | "lte";

export type Where =
  | { kind: "and"; items: Where[] }
  | { kind: "or"; items: Where[] }
  | { kind: "not"; item: Where }
  | { kind: "compare"; field: string; op: CompareOp; value: StorageValue }
  | { kind: "in"; field: string; values: StorageValue[]; negate: boolean }
  | { kind: "isNull"; field: string; isNull: boolean }
  | { kind: "like"; field: string; pattern: string; caseInsensitive: boolean }
  | { kind: "startsWith"; field: string; prefix: string }
  /** Rows whose referenced row (through a relationship of this model) matches. */
  | { kind: "related"; relationship: Relationship; target: Model; where: Where };

export type Direction = "ASC" | "DESC";

export interface OrderTerm {
  field: string;
  direction: Direction;
}

export interface Page {
  /** How many rows, counted from the start (first) or the end (last). */
  limit: number;
  fromEnd: boolean;
  /** Keyset bounds: the order values of the cursor rows. */
  after?: StorageValue[];
  before?: StorageValue[];
  offset: number;
}

export interface ConnectionQuery {
  model: Model;
  where?: Where;
  /** Full ordering: the requested terms then the primary key, so every row has one place. */
  orderBy: OrderTerm[];
  page: Page;
  /** Columns to fetch (field names, and `_mq_updated_at` for the time a row was applied); all when absent. */
  columns?: readonly string[];
}

/** Rows of `model` whose `field` is one of `values`: the children of a level of parents. */
export interface ParentScope {
  field: string;
  values: StorageValue[];
}
