// What both dialects' read compilers share: SQL pieces carried with their parameters in text
// order, JSON objects built as concatenated text (`||` and quoted literals are the same in
// SQLite and PostgreSQL), and the columns a page of a connection must carry.

import type { ConnectionEntry, ConnectionPlan, ObjectPlan } from "../query/ReadPlan";
import { BATCH } from "./datasetLayout";

/** A piece of SQL with its parameters, in text order. */
export interface Frag {
  sql: string;
  params: unknown[];
}

export function cat(...parts: (Frag | string)[]): Frag {
  let sql = "";
  const params: unknown[] = [];
  for (const p of parts) {
    if (typeof p === "string") sql += p;
    else {
      sql += p.sql;
      for (const v of p.params) params.push(v);
    }
  }
  return { sql, params };
}

/** A SQL string literal. */
export const str = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** `'{"a":' || x || ',"b":' || y || '}'`: keys are GraphQL names, which need no escaping in JSON or SQL. */
export function jsonObject(entries: readonly [string, Frag | string][]): Frag {
  if (entries.length === 0) return cat("'{}'");
  const parts: (Frag | string)[] = [];
  entries.forEach(([key, value], i) => {
    parts.push(`'${i === 0 ? "{" : ","}"${key}":' || `, value, " || ");
  });
  parts.push("'}'");
  return cat(...parts);
}

/** Whether a connection's entry reads the page's rows (otherwise the page need not be fetched). */
export const readsRows = (e: ConnectionEntry) =>
  e.kind === "nodes" || e.kind === "edges" || (e.kind === "pageInfo" && e.entries.some((x) => x.kind === "startCursor" || x.kind === "endCursor"));

/** Columns of a row that an object's entries read. */
function objectColumns(plan: ObjectPlan, into: Set<string>): void {
  for (const e of plan.entries) {
    if (e.kind === "field") into.add(e.field);
    else if (e.kind === "version") e.fields.forEach((f) => into.add(f.field));
    else if (e.kind === "updatedAt") into.add(BATCH);
    else if (e.kind === "object") into.add(e.join.parentColumn);
    else if (e.kind === "connection") into.add(e.scope.parentColumn);
  }
}

/** Columns the page's derived table must carry: what its objects read, and the order (page order, cursors). */
export function pageColumns(plan: ConnectionPlan): Set<string> {
  const columns = new Set(plan.query.orderBy.map((o) => o.field));
  for (const e of plan.entries) {
    if (e.kind === "nodes") objectColumns(e.object, columns);
    if (e.kind === "edges") for (const x of e.entries) if (x.kind === "node") objectColumns(x.object, columns);
  }
  return columns;
}
