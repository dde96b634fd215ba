// Per-request state of the read API: DataLoaders that batch every level of a query
// into one statement per relationship and direction (no N+1), created fresh per request.

import DataLoader from "dataloader";
import type { StorageValue } from "../changes/coerceValue";
import type { Model, Relationship } from "../models/Model";
import type { ConnectionQuery } from "../query/ConnectionQuery";
import type { CursorKey } from "../query/cursor";
import { compileByKey, compileConnection, compileCount, compileLookup, ROW_NUMBER } from "../storage/sqlite/compileQuery";
import type { JsonReader } from "../storage/JsonReader";
import type { SqlReader } from "../storage/sqlite/SqlReader";
import type { QueryLimits } from "./limits/QueryLimits";
import { connectionQuery, type ConnectionArgs, type PageLimits } from "./connectionArgs";

/** A row as resolvers see it: column values, booleans decoded. */
export type RowObject = Record<string, unknown>;

/** One page of a connection, plus what its totalCount needs. */
export interface ConnectionResult {
  rows: RowObject[];
  hasMore: boolean;
  query: ConnectionQuery;
  /** Set for nested connections: the children of parent `value` through `field`. */
  scope?: { field: string; value: StorageValue; argsKey: string };
}

/**
 * How root fields of the generated API are read: `compiled` plans the operation and lets the
 * database build its JSON (src/graphql/compiled/); `resolvers` walks it field by field through
 * the DataLoaders below, the reference implementation the compiled engine is tested against.
 */
export type ReadEngine = "compiled" | "resolvers";

export interface ApiSettings {
  models: readonly Model[];
  /** The reference resolvers' connection; SQLite only (their SQL is SQLite's). */
  reader?: SqlReader;
  /** Where the compiled engine's statements run. */
  jsonReader: JsonReader;
  /** `compiled` when absent. */
  engine?: ReadEngine;
  limits: PageLimits;
  /** Signs and checks cursors: the database's key (Mirror.cursorKey). */
  cursorKey: CursorKey;
  /** DEFAULT_QUERY_LIMITS when absent. */
  queryLimits?: QueryLimits;
}

function decoder(model: Model) {
  const booleans = model.fields.filter((f) => f.type === "boolean").map((f) => f.name);
  return (row: RowObject): RowObject => {
    for (const b of booleans) if (row[b] !== null && row[b] !== undefined) row[b] = row[b] === 1n || row[b] === 1;
    return row;
  };
}

export class RequestContext {
  private readonly loaders = new Map<string, DataLoader<StorageValue, unknown>>();
  private readonly queries = new Map<string, ConnectionQuery>();
  readonly modelsByName: ReadonlyMap<string, Model>;

  constructor(readonly settings: ApiSettings) {
    this.modelsByName = new Map(settings.models.map((m) => [m.name, m]));
  }

  private loader<V>(key: string, batch: (keys: readonly StorageValue[]) => V[]): DataLoader<StorageValue, V> {
    let loader = this.loaders.get(key) as DataLoader<StorageValue, V> | undefined;
    if (!loader) {
      loader = new DataLoader<StorageValue, V>(async (keys) => batch(keys), { maxBatchSize: 5000 });
      this.loaders.set(key, loader as DataLoader<StorageValue, unknown>);
    }
    return loader;
  }

  /** The reference resolvers' connection; a storage without one (PostgreSQL) is read by the compiled engine only. */
  private get reader(): SqlReader {
    if (!this.settings.reader) throw new Error("invariant: the reference resolvers read SQLite only; this storage is read by the compiled engine");
    return this.settings.reader;
  }

  private rows(model: Model, sql: { sql: string; params: unknown[] }): RowObject[] {
    return this.reader.all<RowObject>(sql.sql, sql.params).map(decoder(model));
  }

  byKey(model: Model, key: StorageValue[], columns: readonly string[]): RowObject | null {
    return this.rows(model, compileByKey(model, key, columns))[0] ?? null;
  }

  /** The row a reference points at, or null when it dangles (R11). */
  referenced(relationship: Relationship, value: StorageValue, columns: readonly string[]): Promise<RowObject | null> {
    const target = this.modelsByName.get(relationship.target)!;
    const fetch = withColumn(columns, relationship.targetField);
    return this.loader(`ref:${target.name}.${relationship.targetField}:${fetch}`, (keys) => {
      const found = new Map<unknown, RowObject>();
      for (const row of this.rows(target, compileLookup(target, relationship.targetField, [...keys], fetch))) found.set(row[relationship.targetField], row);
      return keys.map((k) => found.get(k) ?? null);
    }).load(value);
  }

  /** The one row referring to a parent through a 1:1 / 1:0 relationship. */
  referring(source: Model, relationship: Relationship, value: StorageValue, columns: readonly string[]): Promise<RowObject | null> {
    // A null referenced value is referred to by no row (null equals nothing), and DataLoader takes no null key.
    if (value === null) return Promise.resolve(null);
    const fetch = withColumn(columns, relationship.field);
    return this.loader(`inv1:${source.name}.${relationship.field}:${fetch}`, (keys) => {
      const found = new Map<unknown, RowObject>();
      for (const row of this.rows(source, compileLookup(source, relationship.field, [...keys], fetch))) {
        if (!found.has(row[relationship.field])) found.set(row[relationship.field], row);
      }
      return keys.map((k) => found.get(k) ?? null);
    }).load(value);
  }

  /** A top-level page. */
  connection(query: ConnectionQuery): ConnectionResult {
    return page(query, this.rows(query.model, compileConnection(query)));
  }

  /**
   * The page of children of one parent; every parent of the level shares one statement.
   * The query is built once per field, arguments and columns, not once per parent.
   */
  children(
    source: Model,
    relationship: Relationship,
    args: ConnectionArgs,
    value: StorageValue,
    columns: (orderBy: readonly string[]) => readonly string[],
  ): Promise<ConnectionResult> {
    const argsKey = JSON.stringify(args, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
    const argsQueryKey = `inv:${source.name}.${relationship.field}:${argsKey}`;
    let base = this.queries.get(argsQueryKey);
    if (!base) {
      base = connectionQuery(source, args, this.modelsByName, this.settings.limits, this.settings.cursorKey);
      this.queries.set(argsQueryKey, base);
    }
    // The same edge with the same arguments may be selected twice (aliases) with different fields:
    // each selection gets the columns it reads, so the loader is per arguments and columns.
    const fetch = withColumn(columns(base.orderBy.map((t) => t.field)), relationship.field);
    const key = `${argsQueryKey}:${fetch.join(",")}`;
    let query = this.queries.get(key);
    if (!query) {
      query = { ...base, columns: fetch };
      this.queries.set(key, query);
    }
    // A parent whose referenced value is null has no children (null equals nothing); DataLoader takes no null key.
    if (value === null) return Promise.resolve({ ...page(query, []), scope: { field: relationship.field, value, argsKey } });
    return this.loader(key, (keys) => {
      const byParent = new Map<unknown, RowObject[]>();
      for (const row of this.rows(source, compileConnection(query!, { field: relationship.field, values: [...keys] }))) {
        delete row[ROW_NUMBER];
        const list = byParent.get(row[relationship.field]);
        if (list) list.push(row);
        else byParent.set(row[relationship.field], [row]);
      }
      return keys.map((k) => ({ ...page(query!, byParent.get(k) ?? []), scope: { field: relationship.field, value: k, argsKey } }));
    }).load(value);
  }

  async totalCount(result: ConnectionResult): Promise<number> {
    const { query, scope } = result;
    if (!scope) {
      const sql = compileCount(query);
      const [row] = this.reader.all<{ n: bigint }>(sql.sql, sql.params);
      return Number(row!.n);
    }
    if (scope.value === null) return 0;
    const count = await this.loader(`count:${query.model.name}.${scope.field}:${scope.argsKey}`, (keys) => {
      const sql = compileCount(query, { field: scope.field, values: [...keys] });
      const counts = new Map(this.reader.all<{ group: unknown; n: bigint }>(sql.sql, sql.params).map((r) => [r.group, Number(r.n)]));
      return keys.map((k) => counts.get(k) ?? 0);
    }).load(scope.value);
    return count;
  }
}

/** The columns plus one the loader itself needs (the value rows are matched on). */
function withColumn(columns: readonly string[], column: string): readonly string[] {
  return columns.includes(column) ? columns : [...columns, column];
}

/** Trims the look-ahead row and restores page order for `last`. */
function page(query: ConnectionQuery, fetched: RowObject[]): ConnectionResult {
  const hasMore = fetched.length > query.page.limit;
  const rows = hasMore ? fetched.slice(0, query.page.limit) : fetched;
  if (query.page.fromEnd) rows.reverse();
  return { rows, hasMore, query };
}
