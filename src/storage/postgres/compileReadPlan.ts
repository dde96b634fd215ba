// The PostgreSQL compiler of the read engine: one statement per root field whose single value is
// that field's response JSON, built by PostgreSQL as text (string_agg of concatenated objects,
// nested connections and to-one edges as correlated subqueries). Text rather than json_build_object:
// every scalar is formatted here exactly as the API's scalars serialize it (Int64 as a decimal
// string, DateTime in UTC with 3, 6 or 9 fraction digits, doubles as JavaScript writes them, keys
// in response order), which json values would not keep. Cursors are built and signed in SQL byte
// for byte as src/query/cursor.ts builds them (HMAC-SHA256 from the built-in sha256, with the
// key's pads as two parameters of the statement).

import { fieldOf, type FieldType, type Model } from "../../models/Model";
import type { OrderTerm } from "../../query/ConnectionQuery";
import { cursorFingerprint, MAC_BYTES, type CursorKey } from "../../query/cursor";
import type { ChildScope, ConnectionPlan, EdgeEntry, ObjectEntry, ObjectPlan, PageInfoEntry, RootPlan } from "../../query/ReadPlan";
import { conditions, flip, keyset, nonNullFields, orderSql, PARAM, param } from "./filterSql";
import { FLOAT_JSON } from "./jsonFunctions";
import { isCurrent, receivedAt, stateTable } from "./readTables";
import { q } from "./sql";
import { cat, pageColumns, readsRows, str, type Frag } from "../readPlanText";

export interface Compiled {
  sql: string;
  params: unknown[];
}

/**
 * A JSON text as the pieces it is concatenated from: literal text ({ text }) and SQL expressions
 * (with their parameters). Kept apart until written, so that adjacent literals become one: each
 * `||` copies everything on its left, and a connection's `{"nodes":` + `[` + rows + `]` + `}`
 * written as five pieces copied the whole page (tens of kilobytes at the root) four times.
 */
type Piece = { text: string } | Frag | string;
type JsonText = Piece[];

const literal = (text: string): JsonText => [{ text }];

/** `{"a":` a `,"b":` b `}`: keys are GraphQL names, which need no escaping in JSON or SQL. */
function jsonObject(entries: readonly [string, JsonText][]): JsonText {
  if (entries.length === 0) return literal("{}");
  const out: JsonText = [];
  entries.forEach(([key, value], i) => out.push({ text: `${i === 0 ? "{" : ","}"${key}":` }, ...value));
  out.push({ text: "}" });
  return out;
}

/** The SQL expression of a JSON text: `'...' || expr || '...'`, adjacent literals merged. */
function written(json: JsonText): Frag {
  const parts: (Frag | string)[] = [];
  let text: string | undefined;
  const flush = () => {
    if (text !== undefined) parts.push(str(text));
    text = undefined;
  };
  for (const piece of json) {
    if (typeof piece === "object" && "text" in piece) text = (text ?? "") + piece.text;
    else {
      flush();
      parts.push(piece);
    }
  }
  flush();
  return cat(...parts.flatMap((p, i) => (i === 0 ? [p] : [" || ", p])));
}

/**
 * A JSON array of `element` over the page's rows. Rows are aggregated in the order the page's
 * derived table yields them: it is sorted and limited, so PostgreSQL never flattens it and feeds
 * the aggregate in that order (a sort in the aggregate would sort every page again).
 */
const jsonArray = (element: JsonText): JsonText => [{ text: "[" }, cat("coalesce(string_agg(", written(element), ", ','), '')"), { text: "]" }];

/**
 * Canonical storage text is YYYY-MM-DDTHH:MM:SS.fffffffffZ; the API drops trailing zero groups of the
 * fraction. Written with LIKE and replace, which work on bytes, rather than substr, which counts
 * characters from the start of a UTF-8 text: a third less per value, and a nested page formats
 * hundreds. Z occurs once, at the end, so each replace changes the end only.
 */
const datetimeText = (c: string) => `WHEN ${c} LIKE '%000000Z' THEN '"' || replace(${c}, '000000Z', 'Z"') ELSE replace('"' || ${c} || '"', '000Z"', 'Z"') END`;

/** to_json escapes a string exactly as JSON.stringify does (\", \\, \b \f \n \r \t, other controls as \u00xx). */
const quoted = (c: string) => `coalesce(to_json(${c})::text, 'null')`;

const SCALAR_JSON: Record<FieldType, (c: string) => string> = {
  string: quoted,
  date: quoted,
  integer: (c) => `CASE WHEN ${c} IS NULL THEN 'null' ELSE '"' || ${c}::text || '"' END`,
  number: (c) => `${FLOAT_JSON}(${c})`,
  boolean: (c) => `CASE WHEN ${c} THEN 'true' WHEN NOT ${c} THEN 'false' ELSE 'null' END`,
  datetime: (c) => `CASE WHEN ${c} IS NULL THEN 'null' ${datetimeText(c)}`,
};

/**
 * The same for a value that cannot be null: a required field of a current row (the merge never
 * stores a null there). Each value costs PostgreSQL a few operator calls per row, and a nested
 * page formats hundreds of rows, so the null tests are left out where they can never be true.
 */
const PRESENT_JSON: Record<FieldType, (c: string) => string> = {
  string: (c) => `to_json(${c})::text`,
  date: (c) => `to_json(${c})::text`,
  integer: (c) => `'"' || ${c}::text || '"'`,
  number: SCALAR_JSON.number,
  boolean: (c) => `CASE WHEN ${c} THEN 'true' ELSE 'false' END`,
  datetime: (c) => `CASE ${datetimeText(c)}`,
};

/** The JSON of field `field` of the current row aliased `alias` of `model`. */
function fieldJson(model: Model, field: string, alias: string): string {
  const f = fieldOf(model, field);
  return (f.required ? PRESENT_JSON : SCALAR_JSON)[f.type](`${alias}.${q(field)}`);
}

/** A version field as a JSON string (the elements of a tuple `_version`). */
function versionStringJson(c: string, type: FieldType): string {
  return type === "integer" ? `'"' || ${c}::text || '"'` : type === "number" ? `to_json(${FLOAT_JSON}(${c}))::text` : SCALAR_JSON[type](c);
}

/** An order value inside a cursor's JSON, as cursorOf writes it: bigints as {"i":"..."}, booleans as 0/1. */
const CURSOR_PART: Record<FieldType, (c: string) => string> = {
  string: quoted,
  date: quoted,
  datetime: quoted,
  integer: (c) => `CASE WHEN ${c} IS NULL THEN 'null' ELSE '{"i":"' || ${c}::text || '"}' END`,
  number: (c) => `${FLOAT_JSON}(${c})`,
  boolean: (c) => `CASE WHEN ${c} THEN '1' WHEN NOT ${c} THEN '0' ELSE 'null' END`,
};

/** base64url without padding of `bytes` (encode() breaks lines every 76 characters). */
const base64url = (bytes: string) => `rtrim(translate(encode(${bytes}, 'base64'), E'+/\\n', '-_'), '=')`;

/** Where the cursor key's pads go: numbered after the statement's other parameters (see `numbered`). */
const INNER_PAD = "$!inner";
const OUTER_PAD = "$!outer";

/** The signed cursor of a row from the SQL expressions of its order values (in `order`'s order). */
function cursorSql(model: Model, order: readonly OrderTerm[], values: readonly string[]): string {
  const parts = order.map((o, i) => CURSOR_PART[fieldOf(model, o.field).type](values[i]!));
  const payload = `convert_to('["${cursorFingerprint(model.dataset, [...order])}",[' || ${parts.join(" || ',' || ")} || ']]', 'UTF8')`;
  const mac = `substr(sha256(${OUTER_PAD} || sha256(${INNER_PAD} || ${payload})), 1, ${MAC_BYTES})`;
  return `${base64url(payload)} || '.' || ${base64url(mac)}`;
}

type Scope = ChildScope & { parentAlias: string };

/**
 * A page's limit is written into the text, and its offset too when it is 0 (then left out). Statements
 * run prepared: with LIMIT as a parameter, PostgreSQL's generic plan must guess the row count, costs
 * more than the custom plans and is never chosen, so every execution would be planned again. A page
 * size takes few values (at most the maximum page size); offsets take many, so a nonzero one stays a
 * parameter, planned each time.
 */
const offsetSql = (offset: number): Frag | string => (offset === 0 ? "" : { sql: ` OFFSET ${PARAM}::bigint`, params: [offset] });

/** A count written into the statement's text: the planner's page sizes are checked integers, and this keeps it so. */
function count(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`invariant: a page size must be a non-negative integer, got ${n}`);
  return String(n);
}

class Compiler {
  private aliases = 0;

  alias(prefix: string): string {
    return `${prefix}${++this.aliases}`;
  }

  root(plan: RootPlan): Frag {
    if (plan.kind === "connection") return cat("SELECT ", written(this.connection(plan.connection)));
    const { model } = plan;
    const t = this.alias("t");
    const params: unknown[] = [];
    const key = model.primaryKey.map((k, i) => `${t}.${q(k)} = ${param(params, plan.key[i]!, fieldOf(model, k).type)}`).join(" AND ");
    return cat("SELECT coalesce((SELECT ", written(this.object(plan.object, t)), ` FROM ${stateTable(model)} AS ${t} WHERE ${isCurrent(t)} AND ${key}`, {
      sql: "), 'null')",
      params,
    });
  }

  /** The JSON object of the row `alias` of plan.model. */
  object(plan: ObjectPlan, alias: string): JsonText {
    return jsonObject(plan.entries.map((e) => [e.key, this.entry(e, plan.model, alias)]));
  }

  private entry(e: ObjectEntry, model: Model, a: string): JsonText {
    switch (e.kind) {
      case "constant":
        return literal(e.json);
      case "field":
        return [fieldJson(model, e.field, a)];
      case "version":
        if (!e.tuple) return [fieldJson(model, e.fields[0]!.field, a)];
        return [`'[' || ${e.fields.map((f) => versionStringJson(`${a}.${q(f.field)}`, f.type)).join(" || ',' || ")} || ']'`];
      case "updatedAt":
        return [quoted(receivedAt(a))];
      case "object": {
        const r = this.alias("r");
        const { model } = e.object;
        const first = e.join.firstByKey
          ? ` ORDER BY ${orderSql(
              model.primaryKey.map((k) => ({ field: k, direction: "ASC" })),
              model,
              r,
            )} LIMIT 1`
          : "";
        return [
          cat(
            "coalesce((SELECT ",
            written(this.object(e.object, r)),
            ` FROM ${stateTable(model)} AS ${r} WHERE ${isCurrent(r)} AND ${r}.${q(e.join.column)} = ${a}.${q(e.join.parentColumn)}${first}), 'null')`,
          ),
        ];
      }
      case "connection":
        return this.connection(e.connection, { ...e.scope, parentAlias: a });
      default: {
        const never: never = e;
        throw new Error(`invariant: unknown entry ${JSON.stringify(never)}`);
      }
    }
  }

  /** ` WHERE ...` of the connection's rows: current, the filter, the parent, and the cursors when `bounds`. */
  private where(plan: ConnectionPlan, t: string, scope: Scope | undefined, bounds: boolean): Frag {
    const { query } = plan;
    const { model } = query;
    const params: unknown[] = [];
    const parts = conditions(query, t, params);
    if (scope) parts.push(`${t}.${q(scope.column)} = ${scope.parentAlias}.${q(scope.parentColumn)}`);
    if (bounds && query.page.after) parts.push(keyset(query.orderBy, query.page.after, model, t, params));
    if (bounds && query.page.before)
      parts.push(
        keyset(
          query.orderBy.map((o) => ({ ...o, direction: flip(o.direction) })),
          query.page.before,
          model,
          t,
          params,
        ),
      );
    return { sql: ` WHERE ${parts.join(" AND ")}`, params };
  }

  /** The JSON object of one connection (of the children of `scope.parentAlias` when scoped): a scalar subquery. */
  connection(plan: ConnectionPlan, scope?: Scope): JsonText {
    const { model, orderBy, page } = plan.query;
    const from = stateTable(model);
    const c = this.alias("c");
    const cursor = () =>
      cursorSql(
        model,
        orderBy,
        orderBy.map((o) => `${c}.${q(o.field)}`),
      );

    const entries = plan.entries.map((e): [string, JsonText] => {
      switch (e.kind) {
        case "constant":
          return [e.key, literal(e.json)];
        case "nodes":
          return [e.key, jsonArray(this.object(e.object, c))];
        case "edges":
          return [e.key, jsonArray(jsonObject(e.entries.map((x) => [x.key, this.edgeEntry(x, c, cursor)])))];
        case "totalCount": {
          const t = this.alias("t");
          return [e.key, [cat(`(SELECT count(*) FROM ${from} AS ${t}`, this.where(plan, t, scope, false), ")::text")]];
        }
        case "pageInfo":
          return [e.key, jsonObject(e.entries.map((x) => [x.key, this.pageInfoEntry(x, plan, scope, c)]))];
        default: {
          const never: never = e;
          throw new Error(`invariant: unknown entry ${JSON.stringify(never)}`);
        }
      }
    });
    const json = written(jsonObject(entries));
    if (!plan.entries.some(readsRows)) return [cat("(SELECT ", json, ")")];

    // The page's rows in page order. A page counted from the end is fetched backwards, then put back in order.
    const t = this.alias("t");
    const columns = [...pageColumns(plan)].map((col) => `${t}.${q(col)}`).join(", ");
    const fetchOrder = page.fromEnd ? orderBy.map((o) => ({ ...o, direction: flip(o.direction) })) : orderBy;
    const fetch = cat(
      `SELECT ${columns} FROM ${from} AS ${t}`,
      this.where(plan, t, scope, true),
      ` ORDER BY ${orderSql(fetchOrder, model, t, nonNullFields(plan.query.where))} LIMIT ${count(page.limit)}`,
      offsetSql(page.offset),
    );
    const b = this.alias("b");
    const rows = page.fromEnd ? cat(`SELECT * FROM (`, fetch, `) AS ${b} ORDER BY ${orderSql(orderBy, model, b)}`) : fetch;
    return [cat("(SELECT ", json, " FROM (", rows, `) AS ${c})`)];
  }

  private edgeEntry(e: EdgeEntry, c: string, cursor: () => string): JsonText {
    if (e.kind === "constant") return literal(e.json);
    if (e.kind === "cursor") return [{ text: '"' }, cursor(), { text: '"' }];
    return this.object(e.object, c);
  }

  private pageInfoEntry(e: PageInfoEntry, plan: ConnectionPlan, scope: Scope | undefined, c: string): JsonText {
    const { model, orderBy, page } = plan.query;
    switch (e.kind) {
      case "constant":
        return literal(e.json);
      case "startCursor":
      case "endCursor": {
        // The cursor of the first (last) row only: each order value is picked from an array of the page's values.
        const at = e.kind === "startCursor" ? "1" : "count(*)::int";
        const values = orderBy.map((o) => `(array_agg(${c}.${q(o.field)}))[${at}]`);
        return [`CASE WHEN count(*) = 0 THEN 'null' ELSE '"' || ${cursorSql(model, orderBy, values)} || '"' END`];
      }
      case "hasMore": {
        // A row beyond the page in the direction it was counted: order does not matter for existence.
        const t = this.alias("t");
        return [
          cat(
            `CASE WHEN EXISTS (SELECT 1 FROM ${stateTable(model)} AS ${t}`,
            this.where(plan, t, scope, true),
            " LIMIT 1",
            page.offset === 0 ? ` OFFSET ${count(page.limit)}` : { sql: ` OFFSET ${PARAM}::bigint`, params: [page.offset + page.limit] },
            ") THEN 'true' ELSE 'false' END",
          ),
        ];
      }
      default: {
        const never: never = e;
        throw new Error(`invariant: unknown entry ${JSON.stringify(never)}`);
      }
    }
  }
}

/**
 * Numbers the placeholders $1, $2, ... in text order (no other `$?` appears in the read engine's
 * SQL), then the cursor key's pads, when cursors are written, as the last two.
 */
function numbered(frag: Frag, key: CursorKey): Compiled {
  let n = 0;
  let sql = frag.sql.replace(/\$\?/g, () => `$${++n}`);
  if (n !== frag.params.length) throw new Error(`invariant: ${n} placeholders for ${frag.params.length} parameters`);
  if (!sql.includes(INNER_PAD)) return { sql, params: frag.params };
  sql = sql.replaceAll(INNER_PAD, () => `$${n + 1}::bytea`).replaceAll(OUTER_PAD, () => `$${n + 2}::bytea`);
  return { sql, params: [...frag.params, key.innerPad, key.outerPad] };
}

/**
 * One statement for a root field of the generated API; its one row's one column is the field's JSON.
 * @example compilePgReadPlan({ kind: "byKey", model, key: ["c1"], object }, key) // { sql: "SELECT coalesce((SELECT '{\"contact_id\":' || ...", params: ["c1"] }
 */
export function compilePgReadPlan(plan: RootPlan, cursorKey: CursorKey): Compiled {
  return numbered(new Compiler().root(plan), cursorKey);
}
