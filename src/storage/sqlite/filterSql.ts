// The SQLite text of filters, orderings and keyset bounds, shared by the two read paths:
// the compiled read engine (compileReadPlan.ts) and the reference resolvers (compileQuery.ts).

import type { StorageValue } from "../../changes/coerceValue";
import type { ConnectionQuery, Direction, OrderTerm, ParentScope, Where } from "../../query/ConnectionQuery";
import { q } from "./sql";

const OPS = { eq: "=", neq: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** A JSON array text that json_each reads back with the same SQLite types (64-bit integers intact). */
export function jsonList(values: readonly StorageValue[]): string {
  return `[${values.map((v) => (typeof v === "bigint" ? v.toString() : JSON.stringify(v))).join(",")}]`;
}

/** Turns a LIKE pattern (% and _) into a case-sensitive GLOB pattern. */
function likeToGlob(pattern: string): string {
  return pattern
    .replace(/[[\]*?]/g, (c) => `[${c}]`)
    .replace(/%/g, "*")
    .replace(/_/g, "?");
}

/**
 * `(a OP b OP c ...)` as a balanced tree of parentheses: SQLite parses a flat chain as a tree as
 * deep as it is long and refuses expressions deeper than 1,000; balanced, depth grows as log2(n).
 */
function balanced(parts: string[], op: "AND" | "OR"): string {
  if (parts.length <= 2) return `(${parts.join(` ${op} `)})`;
  const half = Math.ceil(parts.length / 2);
  return `(${balanced(parts.slice(0, half), op)} ${op} ${balanced(parts.slice(half), op)})`;
}

export class WhereCompiler {
  private aliases = 0;
  constructor(readonly params: unknown[]) {}

  compile(where: Where, alias: string): string {
    const col = (field: string) => `${alias}.${q(field)}`;
    switch (where.kind) {
      case "and":
        return where.items.length === 0
          ? "1"
          : balanced(
              where.items.map((w) => this.compile(w, alias)),
              "AND",
            );
      case "or":
        return where.items.length === 0
          ? "0"
          : balanced(
              where.items.map((w) => this.compile(w, alias)),
              "OR",
            );
      case "not":
        return `NOT ${this.compile(where.item, alias)}`;
      case "compare":
        this.params.push(where.value);
        // neq keeps rows whose value is null, as a client asking "not X" expects.
        return where.op === "neq" ? `${col(where.field)} IS NOT ?` : `${col(where.field)} ${OPS[where.op]} ?`;
      case "in":
        this.params.push(jsonList(where.values));
        return `${where.negate ? `(${col(where.field)} IS NULL OR ${col(where.field)} NOT IN` : `(${col(where.field)} IN`} (SELECT value FROM json_each(?)))`;
      case "isNull":
        return `${col(where.field)} IS ${where.isNull ? "" : "NOT "}NULL`;
      case "like":
        if (where.caseInsensitive) {
          this.params.push(where.pattern);
          return `lower(${col(where.field)}) LIKE lower(?)`;
        }
        this.params.push(likeToGlob(where.pattern));
        return `${col(where.field)} GLOB ?`;
      case "startsWith":
        this.params.push(`${where.prefix.replace(/[[\]*?]/g, (c) => `[${c}]`)}*`);
        return `${col(where.field)} GLOB ?`;
      case "related": {
        const r = `r${++this.aliases}`;
        const inner = this.compile(where.where, r);
        return `EXISTS (SELECT 1 FROM ${q(where.target.dataset)} AS ${r} WHERE ${r}.${q(where.relationship.targetField)} = ${col(where.relationship.field)} AND ${inner})`;
      }
      default: {
        const never: never = where;
        throw new Error(`invariant: unknown filter ${JSON.stringify(never)}`);
      }
    }
  }
}

export const flip = (d: Direction): Direction => (d === "ASC" ? "DESC" : "ASC");

export function orderSql(order: OrderTerm[], alias: string, reverse: boolean): string {
  return order.map((t) => `${alias}.${q(t.field)} ${reverse ? flip(t.direction) : t.direction}`).join(", ");
}

/**
 * Rows strictly after `values` in `order` (SQLite sorts nulls first ascending, last descending).
 * Expanded as (a > x) OR (a IS x AND b > y) OR ...
 */
export function keyset(order: OrderTerm[], values: StorageValue[], alias: string, params: unknown[]): string {
  const branches: string[] = [];
  order.forEach((term, i) => {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) {
      parts.push(`${alias}.${q(order[j]!.field)} IS ?`);
      params.push(values[j]);
    }
    const c = `${alias}.${q(term.field)}`;
    const v = values[i]!;
    if (term.direction === "ASC") {
      if (v === null) parts.push(`${c} IS NOT NULL`);
      else {
        parts.push(`${c} > ?`);
        params.push(v);
      }
    } else if (v === null) parts.push("0");
    else {
      parts.push(`(${c} < ? OR ${c} IS NULL)`);
      params.push(v);
    }
    branches.push(`(${parts.join(" AND ")})`);
  });
  return `(${branches.join(" OR ")})`;
}

export function conditions(query: Pick<ConnectionQuery, "model" | "where">, alias: string, params: unknown[], scope?: ParentScope): string[] {
  const out: string[] = [];
  if (scope) {
    out.push(`${alias}.${q(scope.field)} IN (SELECT value FROM json_each(?))`);
    params.push(jsonList(scope.values));
  }
  if (query.where) out.push(new WhereCompiler(params).compile(query.where, alias));
  return out;
}
