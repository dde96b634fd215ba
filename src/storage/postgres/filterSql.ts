// The PostgreSQL text of filters, orderings and keyset bounds for the compiled read engine
// (compileReadPlan.ts). Each reproduces the API's rules exactly as SQLite's dialect answers them:
// ASC puts nulls first and DESC last (PostgreSQL's default is the opposite, so NULLS FIRST/LAST
// is written out), strings compare by bytes (columns are COLLATE "C"), `_like` is case-sensitive
// with % and _ only, `_ilike` folds ASCII letters only (as SQLite's lower() and LIKE do), and
// `_neq`/`_nin` keep nulls. Parameters are written `$?::type` and numbered when the statement is done.

import type { StorageValue } from "../../changes/coerceValue";
import { fieldOf, type FieldType, type Model } from "../../models/Model";
import type { ConnectionQuery, Direction, OrderTerm, Where } from "../../query/ConnectionQuery";
import { isCurrent, PARAM_TYPE, stateTable } from "./readTables";
import { q } from "./sql";

/** The placeholder of the next parameter; compileReadPlan numbers them $1, $2, ... in text order. */
export const PARAM = "$?";

const OPS = { eq: "=", neq: "IS DISTINCT FROM", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** A stored value as node-postgres sends it for a column of `type` (booleans are 1/0 in queries and cursors). */
export function toParam(value: StorageValue, type: FieldType): unknown {
  if (value === null) return null;
  if (type === "boolean") return Number(value) !== 0;
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Adds `value` to `params` and returns its typed placeholder. */
export function param(params: unknown[], value: StorageValue, type: FieldType): string {
  params.push(toParam(value, type));
  return `${PARAM}::${PARAM_TYPE[type]}`;
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

export class WhereCompiler {
  private aliases = 0;
  constructor(readonly params: unknown[]) {}

  compile(where: Where, model: Model, alias: string): string {
    const col = (field: string) => `${alias}.${q(field)}`;
    const type = (field: string) => fieldOf(model, field).type;
    switch (where.kind) {
      case "and":
        return where.items.length === 0 ? "TRUE" : `(${where.items.map((w) => this.compile(w, model, alias)).join(" AND ")})`;
      case "or":
        return where.items.length === 0 ? "FALSE" : `(${where.items.map((w) => this.compile(w, model, alias)).join(" OR ")})`;
      case "not":
        return `NOT ${this.compile(where.item, model, alias)}`;
      case "compare":
        // neq keeps rows whose value is null, as a client asking "not X" expects.
        return `${col(where.field)} ${OPS[where.op]} ${param(this.params, where.value, type(where.field))}`;
      case "in": {
        const t = type(where.field);
        this.params.push(where.values.map((v) => toParam(v, t)));
        const any = `${col(where.field)} = ANY(${PARAM}::${PARAM_TYPE[t]}[])`;
        return where.negate ? `(${col(where.field)} IS NULL OR NOT ${any})` : `(${any})`;
      }
      case "isNull":
        return `${col(where.field)} IS ${where.isNull ? "" : "NOT "}NULL`;
      case "like":
        // No escape character: a backslash is a plain character, as in SQLite's LIKE and GLOB.
        if (where.caseInsensitive) {
          this.params.push(asciiLower(where.pattern));
          return `translate(${col(where.field)}, '${UPPER}', '${UPPER.toLowerCase()}') LIKE ${PARAM}::text ESCAPE ''`;
        }
        this.params.push(where.pattern);
        return `${col(where.field)} LIKE ${PARAM}::text ESCAPE ''`;
      case "startsWith":
        this.params.push(`${where.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        return `${col(where.field)} LIKE ${PARAM}::text ESCAPE '\\'`;
      case "related": {
        const r = `r${++this.aliases}`;
        const inner = this.compile(where.where, where.target, r);
        return `EXISTS (SELECT 1 FROM ${stateTable(where.target)} AS ${r} WHERE ${isCurrent(r)} AND ${r}.${q(where.relationship.targetField)} = ${col(where.relationship.field)} AND ${inner})`;
      }
      default: {
        const never: never = where;
        throw new Error(`invariant: unknown filter ${JSON.stringify(never)}`);
      }
    }
  }
}

export const flip = (d: Direction): Direction => (d === "ASC" ? "DESC" : "ASC");

/**
 * Current rows never hold null in a required field (nor in a key field), so their terms need no
 * NULLS clause: without one, ORDER BY matches the primary key's and declared indexes' order.
 */
const nullable = (model: Model, field: string) => !fieldOf(model, field).required;

/**
 * Fields that `where` keeps non-null in every row it matches: those of a top-level conjunct that no
 * null satisfies (a comparison with a value, `_in`, `_isNull: false`, `_like`, `_startsWith`).
 */
export function nonNullFields(where: Where | undefined, into = new Set<string>()): Set<string> {
  if (!where) return into;
  switch (where.kind) {
    case "and":
      for (const item of where.items) nonNullFields(item, into);
      break;
    case "compare":
      if (where.op !== "neq" && where.value !== null) into.add(where.field);
      break;
    case "in":
      if (!where.negate) into.add(where.field);
      break;
    case "isNull":
      if (!where.isNull) into.add(where.field);
      break;
    case "like":
    case "startsWith":
      into.add(where.field);
      break;
    default:
      break;
  }
  return into;
}

/**
 * ORDER BY terms: ASC NULLS FIRST, DESC NULLS LAST, as the API (and SQLite) order. The NULLS clause
 * is left out where no row can hold a null (required fields, and `nonNull`: fields the filter keeps
 * non-null), because PostgreSQL's btree order is ASC NULLS LAST: `x DESC NULLS LAST` cannot be read
 * from an index on x, while `x DESC` can (backwards), with LIMIT stopping after the page.
 */
export function orderSql(order: readonly OrderTerm[], model: Model, alias: string, nonNull: ReadonlySet<string> = new Set()): string {
  return order
    .map((t) => `${alias}.${q(t.field)} ${t.direction}${nullable(model, t.field) && !nonNull.has(t.field) ? (t.direction === "ASC" ? " NULLS FIRST" : " NULLS LAST") : ""}`)
    .join(", ");
}

/**
 * Rows strictly after `values` in `order`, nulls placed as orderSql places them. A row-value
 * comparison `(a, b) > (x, y)` when every term is required and goes one way (an index can serve
 * it); otherwise expanded as (a > x) OR (a = x AND b > y) OR ...
 */
export function keyset(order: readonly OrderTerm[], values: readonly StorageValue[], model: Model, alias: string, params: unknown[]): string {
  const col = (field: string) => `${alias}.${q(field)}`;
  const type = (field: string) => fieldOf(model, field).type;
  const direction = order[0]!.direction;
  if (order.every((t, i) => t.direction === direction && !nullable(model, t.field) && values[i] !== null)) {
    const placeholders = order.map((t, i) => param(params, values[i]!, type(t.field)));
    return `(${order.map((t) => col(t.field)).join(", ")}) ${direction === "ASC" ? ">" : "<"} (${placeholders.join(", ")})`;
  }
  const branches: string[] = [];
  order.forEach((term, i) => {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) parts.push(`${col(order[j]!.field)} IS NOT DISTINCT FROM ${param(params, values[j]!, type(order[j]!.field))}`);
    const c = col(term.field);
    const v = values[i]!;
    if (term.direction === "ASC") parts.push(v === null ? `${c} IS NOT NULL` : `${c} > ${param(params, v, type(term.field))}`);
    else if (v === null) parts.push("FALSE");
    else parts.push(`(${c} < ${param(params, v, type(term.field))} OR ${c} IS NULL)`);
    branches.push(`(${parts.join(" AND ")})`);
  });
  return `(${branches.join(" OR ")})`;
}

/** The filter of a connection on the current rows of its state table aliased `alias`. */
export function conditions(query: Pick<ConnectionQuery, "model" | "where">, alias: string, params: unknown[]): string[] {
  const out = [isCurrent(alias)];
  if (query.where) out.push(new WhereCompiler(params).compile(query.where, query.model, alias));
  return out;
}
