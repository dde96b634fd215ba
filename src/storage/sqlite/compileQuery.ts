// The one module that turns query objects (src/query) into SQLite statements.
// Resolvers never write SQL; they describe what they need and call these.

import type { StorageValue } from "../../changes/coerceValue";
import type { Model } from "../../models/Model";
import type { ConnectionQuery, Direction, OrderTerm, ParentScope, Where } from "../../query/ConnectionQuery";
import { BATCH, UPDATED_AT } from "./datasetTables";
import { q } from "./sql";

export interface Compiled {
  sql: string;
  params: unknown[];
}

/** Column the windowed queries number each parent's children in. */
export const ROW_NUMBER = "_mq_rn";

const OPS = { eq: "=", neq: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** A JSON array text that json_each reads back with the same SQLite types (64-bit integers intact). */
export function jsonList(values: readonly StorageValue[]): string {
  return `[${values.map((v) => (typeof v === "bigint" ? v.toString() : JSON.stringify(v))).join(",")}]`;
}

/**
 * The asked-for columns (every field when none are named); `_mq_updated_at`, when the row
 * was applied, is the time of the batch that wrote it.
 */
function selectColumns(model: Model, alias: string, columns?: readonly string[]): string {
  const all = [...model.fields.map((f) => f.name), UPDATED_AT];
  const wanted = columns ? all.filter((c) => columns.includes(c)) : all;
  return wanted
    .map((c) => (c === UPDATED_AT ? `(SELECT b.received_at FROM _mq_batches AS b WHERE b.seq = ${alias}.${q(BATCH)}) AS ${q(UPDATED_AT)}` : `${alias}.${q(c)}`))
    .join(", ");
}

/** Turns a LIKE pattern (% and _) into a case-sensitive GLOB pattern. */
function likeToGlob(pattern: string): string {
  return pattern.replace(/[[\]*?]/g, (c) => `[${c}]`).replace(/%/g, "*").replace(/_/g, "?");
}

class WhereCompiler {
  private aliases = 0;
  constructor(readonly params: unknown[]) {}

  compile(where: Where, alias: string): string {
    const col = (field: string) => `${alias}.${q(field)}`;
    switch (where.kind) {
      case "and":
        return where.items.length === 0 ? "1" : `(${where.items.map((w) => this.compile(w, alias)).join(" AND ")})`;
      case "or":
        return where.items.length === 0 ? "0" : `(${where.items.map((w) => this.compile(w, alias)).join(" OR ")})`;
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

const flip = (d: Direction): Direction => (d === "ASC" ? "DESC" : "ASC");

function orderSql(order: OrderTerm[], alias: string, reverse: boolean): string {
  return order.map((t) => `${alias}.${q(t.field)} ${reverse ? flip(t.direction) : t.direction}`).join(", ");
}

/**
 * Rows strictly after `values` in `order` (SQLite sorts nulls first ascending, last descending).
 * Expanded as (a > x) OR (a IS x AND b > y) OR ...
 */
function keyset(order: OrderTerm[], values: StorageValue[], alias: string, params: unknown[]): string {
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

function conditions(query: Pick<ConnectionQuery, "model" | "where">, alias: string, params: unknown[], scope?: ParentScope): string[] {
  const out: string[] = [];
  if (scope) {
    out.push(`${alias}.${q(scope.field)} IN (SELECT value FROM json_each(?))`);
    params.push(jsonList(scope.values));
  }
  if (query.where) out.push(new WhereCompiler(params).compile(query.where, alias));
  return out;
}

/**
 * One page of a connection, one more row than asked so the caller knows whether more exist.
 * With a scope, one statement serves every parent: rows are numbered per parent by a window function.
 * Rows come in page order (reversed for `last`: the caller turns them back).
 */
export function compileConnection(query: ConnectionQuery, scope?: ParentScope): Compiled {
  const { model, orderBy, page } = query;
  const params: unknown[] = [];
  const where = conditions(query, "t", params, scope);
  const forward = page.fromEnd ? flip : (d: Direction) => d;
  const ordered = orderBy.map((t) => ({ ...t, direction: forward(t.direction) }));
  // Cursors bound the page the same way whichever end it is counted from.
  if (page.after) where.push(keyset(orderBy, page.after, "t", params));
  if (page.before) where.push(keyset(orderBy.map((t) => ({ ...t, direction: flip(t.direction) })), page.before, "t", params));
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const order = orderSql(ordered, "t", false);

  if (!scope) {
    params.push(page.limit + 1, page.offset);
    return { sql: `SELECT ${selectColumns(model, "t", query.columns)} FROM ${q(model.dataset)} AS t ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`, params };
  }
  params.push(page.offset, page.offset + page.limit + 1);
  return {
    sql:
      `SELECT * FROM (SELECT ${selectColumns(model, "t", query.columns)}, row_number() OVER (PARTITION BY t.${q(scope.field)} ORDER BY ${order}) AS ${ROW_NUMBER} ` +
      `FROM ${q(model.dataset)} AS t ${whereSql}) WHERE ${ROW_NUMBER} > ? AND ${ROW_NUMBER} <= ? ORDER BY ${q(scope.field)}, ${ROW_NUMBER}`,
    params,
  };
}

/** totalCount of a connection, per parent when scoped (`group` column holds the parent value). */
export function compileCount(query: Pick<ConnectionQuery, "model" | "where">, scope?: ParentScope): Compiled {
  const params: unknown[] = [];
  const where = conditions(query, "t", params, scope);
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  if (!scope) return { sql: `SELECT count(*) AS n FROM ${q(query.model.dataset)} AS t ${whereSql}`, params };
  return { sql: `SELECT t.${q(scope.field)} AS "group", count(*) AS n FROM ${q(query.model.dataset)} AS t ${whereSql} GROUP BY t.${q(scope.field)}`, params };
}

/** Rows whose `field` is one of `values`: referenced rows of a level, in one statement. */
export function compileLookup(model: Model, field: string, values: StorageValue[], columns?: readonly string[]): Compiled {
  return {
    sql: `SELECT ${selectColumns(model, "t", columns)} FROM ${q(model.dataset)} AS t WHERE t.${q(field)} IN (SELECT value FROM json_each(?))`,
    params: [jsonList(values)],
  };
}

/** One row by its full primary key. */
export function compileByKey(model: Model, key: StorageValue[], columns?: readonly string[]): Compiled {
  return {
    sql: `SELECT ${selectColumns(model, "t", columns)} FROM ${q(model.dataset)} AS t WHERE ${model.primaryKey.map((k) => `t.${q(k)} = ?`).join(" AND ")}`,
    params: key,
  };
}
