// Random valid read operations over the demo models, for the differential test of the two read
// engines (readEngines.differential.test.ts). An operation is generated as a tree (root fields,
// selections through relationship edges both ways, fragments, directives, arguments whose values
// come from the demo change streams) and printed as GraphQL text with its variables: each
// argument value may be written inline or passed as a variable.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { apiNames } from "../../src/models/apiNames";
import { loadModels } from "../../src/models/loadModels";
import { OPERATORS } from "../../src/graphql/modelSchema";
import { isToMany, type Field, type FieldType, type Model } from "../../src/models/Model";

const ROOT = join(import.meta.dirname, "../..");
export const MODELS: readonly Model[] = loadModels(join(ROOT, "schema"));
const byName = new Map(MODELS.map((m) => [m.name, m]));

// ---------------------------------------------------------------------------------------------
// Values: every value the demo change streams hold (winning or not, spelled as sent: datetimes
// with offsets, 64-bit integers as strings), plus a few that match nothing.

const DEMO_ROWS: Record<string, Record<string, unknown>[]> = Object.fromEntries(
  MODELS.map((m) => [
    m.dataset,
    readFileSync(join(ROOT, "demo/changes", `${m.dataset}.ndjson`), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  ]),
);

const EXTRA: Record<FieldType, unknown[]> = {
  string: ["", "zzz", "ct-2999"],
  integer: ["0", "-1", "9223372036854775807", "9007199254740993"],
  number: [0, -1.5, 0.3],
  boolean: [true, false],
  date: ["2026-01-01", "2026-06-30"],
  datetime: ["2026-03-03T09:15:00Z", "2026-02-15T03:00:00.000000001Z", "2026-02-20T09:30:00-05:00"],
};

function poolOf(model: Model, field: Field): unknown[] {
  const seen = new Map<string, unknown>();
  for (const row of DEMO_ROWS[model.dataset]!) {
    const v = row[field.name];
    if (v !== null && v !== undefined) seen.set(JSON.stringify(v), v);
  }
  for (const v of EXTRA[field.type]) seen.set(JSON.stringify(v), v);
  return [...seen.values()];
}

const SCALAR: Record<FieldType, string> = { string: "String", integer: "Int64", number: "Float", boolean: "Boolean", date: "Date", datetime: "DateTime" };

// ---------------------------------------------------------------------------------------------
// The operation tree.

/** An input value; `type` is its GraphQL type without the outer `!` (a variable of a non-null value is declared non-null). */
export type In =
  | { k: "lit"; gql: string; json: unknown; type: string; asVar: boolean }
  | { k: "enum"; value: string }
  | { k: "list"; items: In[]; type: string; asVar: boolean }
  | { k: "obj"; fields: Arg[]; type: string; asVar: boolean };
export type Arg = readonly [string, In];

export interface Dir {
  name: "include" | "skip";
  value: boolean;
  asVar: boolean;
}

export type Sel =
  | { k: "leaf"; name: string; alias: boolean; dir?: Dir | undefined }
  /** An object, a connection or a part of one; `root` marks root fields: generated or fixed API; `key` a response key to use. */
  | { k: "field"; name: string; alias: boolean; args: Arg[]; sel: Sel[]; dir?: Dir | undefined; root?: "generated" | "fixed"; key?: string }
  | { k: "frag"; named: boolean; on: string; cond: boolean; sel: Sel[]; dir?: Dir | undefined };

export interface Operation {
  text: string;
  variables: Record<string, unknown>;
  /** Response keys of the generated root fields that run (directives applied): one statement each on the compiled engine. */
  generatedRootKeys: string[];
  /** Whether a fixed-API root field is asked for. */
  fixed: boolean;
}

// ---------------------------------------------------------------------------------------------
// Printing.

class Scope {
  readonly keys = new Map<string, "plain" | "args">();
  private readonly kids = new Map<string, Scope>();
  child(key: string): Scope {
    let s = this.kids.get(key);
    if (!s) this.kids.set(key, (s = new Scope()));
    return s;
  }
}

const jsonOf = (v: In): unknown =>
  v.k === "lit" ? v.json : v.k === "enum" ? v.value : v.k === "list" ? v.items.map(jsonOf) : Object.fromEntries(v.fields.map(([k, x]) => [k, jsonOf(x)]));

const passes = (d: Dir | undefined) => d === undefined || (d.name === "include" ? d.value : !d.value);

/**
 * Prints an operation. Fields with arguments get a response key of their own (an alias) unless
 * their name is free in their selection set, so that fields that graphql-js merges never conflict;
 * fragments share their parent's selection set, as graphql-js merges them.
 */
export class Printer {
  private readonly vars: string[] = [];
  private readonly values: Record<string, unknown> = {};
  private readonly fragments: string[] = [];
  private readonly rootKeys = new Set<string>();
  private fixed = false;
  private n = 0;
  private aliases = 0;

  constructor(private readonly name?: string) {}

  print(root: Sel[]): Operation {
    const body = this.selections(root, new Scope(), 0, true);
    const head = this.vars.length > 0 ? `query ${this.name ?? "Q"}(${this.vars.join(", ")}) ` : this.name ? `query ${this.name} ` : "";
    return { text: [head + body, ...this.fragments].join("\n"), variables: this.values, generatedRootKeys: [...this.rootKeys], fixed: this.fixed };
  }

  input(v: In): string {
    if (v.k !== "enum" && v.asVar) {
      const name = `v${++this.n}`;
      const json = jsonOf(v);
      this.vars.push(`$${name}: ${v.type}${json === null ? "" : "!"}`);
      this.values[name] = json;
      return `$${name}`;
    }
    switch (v.k) {
      case "lit":
        return v.gql;
      case "enum":
        return v.value;
      case "list":
        return `[${v.items.map((x) => this.input(x)).join(", ")}]`;
      case "obj":
        return `{${v.fields.map(([k, x]) => ` ${k}: ${this.input(x)}`).join(",")} }`;
    }
  }

  private directive(d: Dir | undefined): string {
    if (!d) return "";
    if (!d.asVar) return ` @${d.name}(if: ${d.value})`;
    const name = `d${++this.n}`;
    this.vars.push(`$${name}: Boolean!`);
    this.values[name] = d.value;
    return ` @${d.name}(if: $${name})`;
  }

  private selections(sel: Sel[], scope: Scope, depth: number, included: boolean): string {
    return `{ ${sel.map((s) => this.selection(s, scope, depth, included)).join(" ")} }`;
  }

  private selection(s: Sel, scope: Scope, depth: number, included: boolean): string {
    const on = included && passes(s.dir);
    if (s.k === "frag") {
      const dir = this.directive(s.dir);
      const body = this.selections(s.sel, scope, depth, on);
      if (!s.named) return `...${s.cond ? ` on ${s.on}` : ""}${dir} ${body}`;
      const name = `F${this.fragments.length + 1}`;
      this.fragments.push(`fragment ${name} on ${s.on} ${body}`);
      return `...${name}${dir}`;
    }
    const hasArgs = s.k === "field" && s.args.length > 0;
    const used = scope.keys.get(s.name);
    const fixedKey = s.k === "field" ? s.key : undefined;
    const alias = fixedKey !== undefined || s.alias || (hasArgs ? used !== undefined : used === "args");
    const key = fixedKey ?? (alias ? `a${++this.aliases}_${s.name}` : s.name);
    if (!alias) scope.keys.set(s.name, hasArgs ? "args" : "plain");
    if (s.k === "field" && depth === 0) {
      if (s.root === "fixed") this.fixed = true;
      if (s.root === "generated" && on) this.rootKeys.add(key);
    }
    const args = hasArgs ? `(${s.args.map(([k, v]) => `${k}: ${this.input(v)}`).join(", ")})` : "";
    const dir = this.directive(s.dir);
    const sub = s.k === "field" && s.sel.length > 0 ? ` ${this.selections(s.sel, alias ? new Scope() : scope.child(s.name), depth + 1, on)}` : "";
    return `${alias ? `${key}: ` : ""}${s.name}${args}${dir}${sub}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries.

const weighted = <T>(...items: [number, fc.Arbitrary<T>][]) => fc.oneof(...items.map(([weight, arbitrary]) => ({ weight, arbitrary })));
const asVar = weighted([7, fc.constant(false)], [3, fc.constant(true)]);
/** `arb` in `present` of `present + absent` cases, otherwise undefined (what shrinking goes to). */
const maybe = <T>(arb: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | undefined> => weighted<T | undefined>([absent, fc.constant(undefined)], [present, arb]);
const dirArb: fc.Arbitrary<Dir | undefined> = maybe(fc.record({ name: fc.constantFrom("include" as const, "skip" as const), value: fc.boolean(), asVar: fc.boolean() }), 1, 7);
const aliasArb = weighted([5, fc.constant(false)], [1, fc.constant(true)]);
const lit = (gql: string, json: unknown, type: string, v: boolean): In => ({ k: "lit", gql, json, type, asVar: v });
const intLit = (n: number, v: boolean) => lit(String(n), n, "Int", v);

/** A value of a field's type, spelled as a literal of its scalar (Int64 as a string or an integer literal). */
function scalarArb(model: Model, field: Field): fc.Arbitrary<In> {
  const type = SCALAR[field.type];
  return fc.tuple(fc.constantFrom(...poolOf(model, field)), fc.boolean(), asVar).map(([v, intLiteral, asV]): In => {
    switch (field.type) {
      case "integer": {
        const s = String(v);
        return lit(intLiteral ? s : JSON.stringify(s), s, type, asV);
      }
      case "number":
      case "boolean":
        return lit(String(v), v, type, asV);
      default:
        return lit(JSON.stringify(v), v, type, asV);
    }
  });
}

/** LIKE patterns made from demo values: a part kept with %, characters replaced by _, case changed, or GLOB-special characters. */
function patternArb(model: Model, field: Field, caseChange: boolean): fc.Arbitrary<In> {
  const values = poolOf(model, field).map(String);
  return fc
    .tuple(fc.constantFrom(...values), fc.nat(40), fc.nat(40), fc.constantFrom("contains", "prefix", "suffix", "underscores", "exact", "special"), fc.boolean(), asVar)
    .map(([s, a, b, mode, upper, v]) => {
      const i = Math.min(a, s.length);
      const j = Math.min(i + 1 + b, s.length);
      let p: string;
      switch (mode) {
        case "contains":
          p = `%${s.slice(i, j)}%`;
          break;
        case "prefix":
          p = `${s.slice(0, j)}%`;
          break;
        case "suffix":
          p = `%${s.slice(i)}`;
          break;
        case "underscores":
          p = [...s].map((c, k) => (k % 3 === a % 3 ? "_" : c)).join("");
          break;
        case "special":
          p = ["%[a]%", "%*%", "%?%", "_%", "%", "a%"][a % 6]!;
          break;
        default:
          p = s;
      }
      if (caseChange && upper) p = p.toUpperCase();
      return lit(JSON.stringify(p), p, "String", v);
    });
}

const prefixArb = (model: Model, field: Field) =>
  fc.tuple(fc.constantFrom(...poolOf(model, field).map(String)), fc.nat(30), asVar).map(([s, n, v]) => {
    const p = s.slice(0, n % (s.length + 2));
    return lit(JSON.stringify(p), p, "String", v);
  });

function operandArb(model: Model, field: Field, op: string): fc.Arbitrary<In> {
  const type = SCALAR[field.type];
  if (op === "_in" || op === "_nin") {
    return fc.tuple(fc.array(scalarArb(model, field), { maxLength: 3 }), asVar).map(([items, v]): In => ({ k: "list", items, type: `[${type}!]`, asVar: v }));
  }
  if (op === "_isNull") return fc.tuple(fc.boolean(), asVar).map(([b, v]) => lit(String(b), b, "Boolean", v));
  if (op === "_like" || op === "_ilike") return patternArb(model, field, op === "_ilike");
  if (op === "_startsWith") return prefixArb(model, field);
  return scalarArb(model, field);
}

/** Conditions on one field: one or two operators (rarely a null operand, which is refused). */
function fieldFilterArb(model: Model, field: Field): fc.Arbitrary<In> {
  const type = SCALAR[field.type];
  const entry = weighted<Arg>(
    [30, fc.oneof(...OPERATORS[field.type]!.map((op) => operandArb(model, field, op).map((v): Arg => [op, v])))],
    [1, asVar.map((v): Arg => ["_eq", lit("null", null, type, v)])],
  );
  return fc.uniqueArray(entry, { minLength: 1, maxLength: 2, selector: (e) => e[0] }).map((fields): In => ({ k: "obj", fields, type: `${type}Filter`, asVar: false }));
}

const whereMemo = new Map<string, fc.Arbitrary<In>>();

/** A where object of `model`: field filters, relationship filters, _and/_or/_not, `depth` levels deep. */
export function whereArb(model: Model, depth: number): fc.Arbitrary<In> {
  const memoKey = `${model.name}:${depth}`;
  const memo = whereMemo.get(memoKey);
  if (memo) return memo;
  const type = apiNames(model).types.where;
  const entries: [number, fc.Arbitrary<Arg>][] = [[12, fc.oneof(...model.fields.map((f) => fieldFilterArb(model, f).map((v): Arg => [f.name, v])))]];
  if (depth > 0) {
    const sub = whereArb(model, depth - 1);
    for (const r of model.relationships) entries.push([2, whereArb(byName.get(r.target)!, depth - 1).map((v): Arg => [r.name, v])]);
    for (const op of ["_and", "_or"]) {
      entries.push([2, fc.tuple(fc.array(sub, { maxLength: 3 }), asVar).map(([items, v]): Arg => [op, { k: "list", items, type: `[${type}!]`, asVar: v }])]);
    }
    entries.push([2, sub.map((v): Arg => ["_not", v])]);
  }
  const arb = fc.tuple(fc.uniqueArray(weighted(...entries), { maxLength: 3, selector: (e) => e[0] }), asVar).map(([fields, v]): In => ({ k: "obj", fields, type, asVar: v }));
  whereMemo.set(memoKey, arb);
  return arb;
}

const direction = fc.constantFrom("ASC", "DESC");

/** orderBy: up to three one-field entries (rarely an entry naming two fields or none, which is refused). */
function orderByArb(model: Model, refusable: boolean): fc.Arbitrary<In> {
  const type = apiNames(model).types.orderBy;
  const fields = model.fields.map((f) => f.name);
  const one = fc.tuple(fc.constantFrom(...fields), direction).map(([f, d]): In => ({ k: "obj", fields: [[f, { k: "enum", value: d }]], type, asVar: false }));
  const entry = refusable
    ? weighted<In>(
        [40, one],
        [
          1,
          fc
            .tuple(fc.uniqueArray(fc.constantFrom(...fields), { minLength: 2, maxLength: 2 }), direction)
            .map(([fs, d]): In => ({ k: "obj", fields: fs.map((f): Arg => [f, { k: "enum", value: d }]), type, asVar: false })),
        ],
        [1, fc.constant<In>({ k: "obj", fields: [], type, asVar: false })],
      )
    : one;
  return fc.tuple(fc.array(entry, { maxLength: 3 }), asVar).map(([items, v]): In => ({ k: "list", items, type: `[${type}!]`, asVar: v }));
}

const pageSize = weighted([10, fc.integer({ min: 0, max: 6 })], [2, fc.integer({ min: 7, max: 50 })], [1, fc.constantFrom(51, -1)]);

/** first / last / offset: within the page limit mostly, rarely refused (both, too large, negative). */
const pageArb: fc.Arbitrary<Arg[]> = fc
  .tuple(
    weighted([4, fc.constant("none")], [6, fc.constant("first")], [3, fc.constant("last")], [1, fc.constant("both")]),
    pageSize,
    pageSize,
    maybe(weighted([10, fc.integer({ min: 0, max: 4 })], [1, fc.constant(-1)]), 1, 3),
    asVar,
    asVar,
  )
  .map(([mode, a, b, offset, va, vb]) => {
    const args: Arg[] = [];
    if (mode === "first" || mode === "both") args.push(["first", intLit(a, va)]);
    if (mode === "last" || mode === "both") args.push(["last", intLit(b, vb)]);
    if (offset !== undefined) args.push(["offset", intLit(offset, va)]);
    return args;
  });

function connectionArgsArb(model: Model): fc.Arbitrary<Arg[]> {
  return fc.tuple(maybe(whereArb(model, 2), 1, 1), maybe(orderByArb(model, true), 1, 1), pageArb, fc.boolean()).map(([where, orderBy, page, pageFirst]) => {
    const rest: Arg[] = [];
    if (where) rest.push(["where", where]);
    if (orderBy) rest.push(["orderBy", orderBy]);
    return pageFirst ? [...page, ...rest] : [...rest, ...page];
  });
}

const MAX_DEPTH = 3;

/** Edges that lead from `model`: forward (to one row), inverse to-many (a connection) and inverse 1:1 (one row). */
function edgesOf(model: Model) {
  const out: { name: string; target: Model; connection: boolean }[] = model.relationships.map((r) => ({ name: r.name, target: byName.get(r.target)!, connection: false }));
  for (const source of MODELS) {
    for (const r of source.relationships) {
      if (r.target === model.name) out.push({ name: r.inverseName, target: source, connection: isToMany(r.cardinality) });
    }
  }
  return out;
}

const objectMemo = new Map<string, fc.Arbitrary<Sel[]>>();

/** A selection set on a row of `model` at `depth` (1 for the rows of a root field). */
export function objectSel(model: Model, depth: number, fragments = true): fc.Arbitrary<Sel[]> {
  const memoKey = `${model.name}:${depth}:${fragments}`;
  const memo = objectMemo.get(memoKey);
  if (memo) return memo;
  const leafNames = [...model.fields.map((f) => f.name), "_version", "_updatedAt", "__typename"];
  const items: [number, fc.Arbitrary<Sel>][] = [[12, fc.record({ name: fc.constantFrom(...leafNames), alias: aliasArb, dir: dirArb }).map((r): Sel => ({ k: "leaf", ...r }))]];
  if (depth < MAX_DEPTH && edgesOf(model).length > 0) {
    const edgeArbs = edgesOf(model).map((e) =>
      e.connection
        ? connectionField(e.target, depth + 1, e.name)
        : fc.record({ alias: aliasArb, dir: dirArb, sel: objectSel(e.target, depth + 1) }).map((r): Sel => ({ k: "field", name: e.name, args: [], ...r })),
    );
    items.push([depth === 1 ? 5 : 3, fc.oneof(...edgeArbs)]);
    items.push([1, fc.oneof(...edgeArbs.map(twins))]);
  }
  if (fragments) {
    items.push([
      2,
      fc.record({ named: fc.boolean(), cond: fc.boolean(), dir: dirArb, sel: objectSel(model, depth, false) }).map((r): Sel => ({ k: "frag", on: model.name, ...r })),
    ]);
  }
  const arb = fc.array(weighted(...items), { minLength: 1, maxLength: 4 });
  objectMemo.set(memoKey, arb);
  return arb;
}

/**
 * The same field twice under two aliases, with the same arguments or different ones, each with
 * its own selection (an inline fragment without type condition holds them, as if inlined).
 */
function twins(field: fc.Arbitrary<Sel>): fc.Arbitrary<Sel> {
  return fc.tuple(field, field, fc.boolean()).map(([a, b, same]): Sel => {
    if (a.k !== "field" || b.k !== "field") return a;
    const second: Sel = { ...a, sel: b.sel, dir: b.dir, alias: true, args: same ? a.args : b.args };
    return { k: "frag", named: false, on: "", cond: false, sel: [{ ...a, alias: true }, second] };
  });
}

const PAGE_INFO = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"];

/** A selection set on a connection of `model`: nodes, edges { cursor node }, pageInfo, totalCount. */
function connectionSel(model: Model, depth: number, fragments = true): fc.Arbitrary<Sel[]> {
  const field = (name: string, sel: fc.Arbitrary<Sel[]>) => fc.record({ alias: aliasArb, dir: dirArb, sel }).map((r): Sel => ({ k: "field", name, args: [], ...r }));
  const leaf = (name: string) => fc.record({ alias: aliasArb, dir: dirArb }).map((r): Sel => ({ k: "leaf", name, ...r }));
  const edgeItems = weighted<Sel>([3, leaf("cursor")], [4, field("node", objectSel(model, depth))], [1, leaf("__typename")]);
  const items: [number, fc.Arbitrary<Sel>][] = [
    [6, field("nodes", objectSel(model, depth))],
    [4, field("edges", fc.array(edgeItems, { minLength: 1, maxLength: 3 }))],
    [
      3,
      field(
        "pageInfo",
        fc.subarray(PAGE_INFO, { minLength: 1 }).chain((names) => fc.tuple(...names.map(leaf))),
      ),
    ],
    [3, leaf("totalCount")],
    [1, leaf("__typename")],
  ];
  if (fragments) {
    items.push([
      1,
      fc
        .record({ named: fc.boolean(), cond: fc.boolean(), dir: dirArb, sel: connectionSel(model, depth, false) })
        .map((r): Sel => ({ k: "frag", on: apiNames(model).types.connection, ...r })),
    ]);
  }
  return fc.array(weighted(...items), { minLength: 1, maxLength: 3 });
}

/** A connection field (a root list field, or an inverse to-many edge) with random arguments and selection. */
function connectionField(model: Model, depth: number, name: string): fc.Arbitrary<Sel> {
  return fc.record({ alias: aliasArb, dir: dirArb, args: connectionArgsArb(model), sel: connectionSel(model, depth) }).map((r): Sel => ({ k: "field", name, ...r }));
}

/** A by-key root field: a key of the demo streams (present, deleted or superseded), its parts mixed, or a key never seen. */
function byKeyField(model: Model): fc.Arbitrary<Sel> {
  const keyFields = model.primaryKey.map((k) => model.fields.find((f) => f.name === k)!);
  const fromRow = fc.constantFrom(...DEMO_ROWS[model.dataset]!).map((row) => keyFields.map((f) => row[f.name]));
  const mixed = fc.tuple(...keyFields.map((f) => fc.constantFrom(...poolOf(model, f))));
  const absent = fc.constant(keyFields.map((f) => (f.type === "datetime" ? "2020-01-01T00:00:00Z" : "nope")));
  return fc
    .record({
      key: weighted([6, fromRow], [2, mixed], [1, absent]),
      vars: fc.array(asVar, { minLength: keyFields.length, maxLength: keyFields.length }),
      alias: aliasArb,
      dir: dirArb,
      sel: objectSel(model, 1),
    })
    .map(({ key, vars, alias, dir, sel }): Sel => ({
      k: "field",
      name: apiNames(model).query.byKey,
      root: "generated",
      args: keyFields.map((f, i): Arg => [f.name, lit(JSON.stringify(key[i]), key[i], SCALAR[f.type], vars[i]!)]),
      alias,
      dir,
      sel,
    }));
}

const fixedLeaf = (name: string): Sel => ({ k: "leaf", name, alias: false });
const FIXED: Sel[] = [
  { k: "field", name: "datasets", alias: false, args: [], sel: [fixedLeaf("name"), fixedLeaf("dataset")], root: "fixed" },
  {
    k: "field",
    name: "integrity",
    alias: false,
    args: [["limit", intLit(2, false)]],
    sel: [fixedLeaf("dataset"), fixedLeaf("relationship"), fixedLeaf("dangling")],
    root: "fixed",
  },
  { k: "field", name: "dataset", alias: false, args: [["name", lit('"contacts"', "contacts", "String", false)]], sel: [fixedLeaf("name"), fixedLeaf("primaryKey")], root: "fixed" },
  { k: "leaf", name: "__typename", alias: false },
  { k: "field", name: "__schema", alias: false, args: [], sel: [{ k: "field", name: "queryType", alias: false, args: [], sel: [fixedLeaf("name")] }], root: "fixed" },
  { k: "field", name: "__type", alias: false, args: [["name", lit('"Account"', "Account", "String", false)]], sel: [fixedLeaf("name"), fixedLeaf("kind")], root: "fixed" },
];

const generatedRoot: fc.Arbitrary<Sel> = weighted(
  [6, fc.oneof(...MODELS.map((m) => connectionField(m, 1, m.dataset).map((s): Sel => ({ ...s, root: "generated" }) as Sel)))],
  [3, fc.oneof(...MODELS.map(byKeyField))],
);

const rootItem: fc.Arbitrary<Sel> = weighted(
  [12, generatedRoot],
  [1, fc.oneof(...MODELS.map((m) => twins(connectionField(m, 1, m.dataset).map((s): Sel => ({ ...s, root: "generated" }) as Sel))))],
  [1, fc.constantFrom(...FIXED)],
  [
    1,
    fc
      .record({ named: fc.boolean(), dir: dirArb, sel: fc.array(weighted([4, generatedRoot], [1, fc.constantFrom(...FIXED)]), { minLength: 1, maxLength: 2 }) })
      .map((r): Sel => ({ k: "frag", on: "Query", cond: true, ...r })),
  ],
);

/** A whole operation: one to three root fields. */
export const operationArb: fc.Arbitrary<Operation> = fc
  .tuple(fc.array(rootItem, { minLength: 1, maxLength: 3 }), fc.constantFrom(undefined, "Q", "Read"))
  .map(([sel, name]) => new Printer(name).print(sel));

// ---------------------------------------------------------------------------------------------
// Paging with cursors: a first page, then the page after (or before) one of its cursors.

export interface PagingSpec {
  model: Model;
  where: In | undefined;
  orderBy: In;
  first: { size: number; fromEnd: boolean };
  node: Sel[];
  /** An inverse to-many connection under each node, paged with a cursor of its own. */
  nested: { name: string; orderBy: In; size: number; fromEnd: boolean } | undefined;
  next: { mode: "after" | "before" | "afterLast" | "beforeFirst" | "both"; size: number; pick: number; pick2: number; asVar: boolean; otherOrder: boolean };
}

function nestedArb(model: Model) {
  const inverse = edgesOf(model).filter((e) => e.connection);
  if (inverse.length === 0) return fc.constant(undefined);
  return maybe(
    fc.oneof(...inverse.map((e) => fc.record({ name: fc.constant(e.name), orderBy: orderByArb(e.target, false), size: fc.integer({ min: 1, max: 3 }), fromEnd: fc.boolean() }))),
    1,
    1,
  );
}

export const pagingArb: fc.Arbitrary<PagingSpec> = fc.oneof(
  ...MODELS.map((model) =>
    fc.record({
      model: fc.constant(model),
      where: maybe(whereArb(model, 1), 2, 1),
      orderBy: orderByArb(model, false),
      first: fc.record({ size: fc.integer({ min: 1, max: 5 }), fromEnd: fc.boolean() }),
      node: objectSel(model, 2),
      nested: nestedArb(model),
      next: fc.record({
        mode: fc.constantFrom("after" as const, "before" as const, "afterLast" as const, "beforeFirst" as const, "both" as const),
        size: fc.integer({ min: 0, max: 5 }),
        pick: fc.nat(),
        pick2: fc.nat(),
        asVar: fc.boolean(),
        otherOrder: weighted([19, fc.constant(false)], [1, fc.constant(true)]),
      }),
    }),
  ),
);

const cursorLit = (c: string, v: boolean) => lit(JSON.stringify(c), c, "String", v);

/** The first page's operation (root field `page`, nested connection `inner` with edge cursors). */
export function pagingFirst(spec: PagingSpec): Operation {
  return pagingOperation(spec, undefined, undefined);
}

/** The next page's operation, from cursors of the first page's answer (root and nested). */
export function pagingNext(spec: PagingSpec, rootCursors: string[], innerCursors: string[]): Operation {
  return pagingOperation(spec, rootCursors, innerCursors);
}

function pagingOperation(spec: PagingSpec, rootCursors: string[] | undefined, innerCursors: string[] | undefined): Operation {
  const { next } = spec;
  const pick = (list: string[], i: number) => (list.length === 0 ? undefined : list[i % list.length]);
  const pageArgs = (size: number, fromEnd: boolean, cursors: string[] | undefined): Arg[] => {
    if (!cursors) return [[fromEnd ? "last" : "first", intLit(size, false)]];
    const a = pick(cursors, next.pick);
    const b = pick(cursors, next.pick2);
    const args: Arg[] = [];
    const n = intLit(next.size, next.asVar);
    if (next.mode === "after" || next.mode === "afterLast") args.push([next.mode === "after" ? "first" : "last", n]);
    if (next.mode === "before" || next.mode === "beforeFirst") args.push([next.mode === "before" ? "last" : "first", n]);
    if (next.mode === "both") args.push(["first", n]);
    if (a !== undefined && next.mode !== "before" && next.mode !== "beforeFirst") args.push(["after", cursorLit(a, next.asVar)]);
    if (a !== undefined && (next.mode === "before" || next.mode === "beforeFirst")) args.push(["before", cursorLit(a, next.asVar)]);
    if (b !== undefined && next.mode === "both") args.push(["before", cursorLit(b, !next.asVar)]);
    return args;
  };
  const orderBy: In = next.otherOrder && rootCursors ? { k: "list", items: [], type: "x", asVar: false } : spec.orderBy;
  const nodeSel: Sel[] = [...spec.node];
  if (spec.nested) {
    nodeSel.push({
      k: "field",
      name: spec.nested.name,
      alias: false,
      args: [["orderBy", spec.nested.orderBy], ...pageArgs(spec.nested.size, spec.nested.fromEnd, innerCursors)],
      sel: [
        { k: "field", name: "edges", alias: false, args: [], sel: [fixedLeaf("cursor"), { k: "field", name: "node", alias: false, args: [], sel: [fixedLeaf("__typename")] }] },
        { k: "field", name: "pageInfo", alias: false, args: [], sel: PAGE_INFO.map(fixedLeaf) },
        fixedLeaf("totalCount"),
      ],
      key: "inner",
    });
  }
  const root: Sel = {
    k: "field",
    name: spec.model.dataset,
    alias: false,
    root: "generated",
    args: [...(spec.where ? [["where", spec.where] as Arg] : []), ["orderBy", orderBy], ...pageArgs(spec.first.size, spec.first.fromEnd, rootCursors)],
    sel: [
      { k: "field", name: "edges", alias: false, args: [], sel: [fixedLeaf("cursor"), { k: "field", name: "node", alias: false, args: [], sel: nodeSel }] },
      { k: "field", name: "pageInfo", alias: false, args: [], sel: PAGE_INFO.map(fixedLeaf) },
      fixedLeaf("totalCount"),
    ],
    key: "page",
  };
  return new Printer("Paging").print([root]);
}
