// The one module that turns query objects (src/query) into SQLite statements.
// Resolvers never write SQL; they describe what they need and call these.

import type { StorageValue } from "../../changes/coerceValue";
import type { Model } from "../../models/Model";
import type { ConnectionQuery, Direction, ParentScope } from "../../query/ConnectionQuery";
import { BATCH, UPDATED_AT } from "./datasetTables";
import { conditions, flip, jsonList, keyset, orderSql } from "./filterSql";
import { q } from "./sql";

export interface Compiled {
  sql: string;
  params: unknown[];
}

/** Column the windowed queries number each parent's children in. */
export const ROW_NUMBER = "_mq_rn";

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
  if (page.before)
    where.push(
      keyset(
        orderBy.map((t) => ({ ...t, direction: flip(t.direction) })),
        page.before,
        "t",
        params,
      ),
    );
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
