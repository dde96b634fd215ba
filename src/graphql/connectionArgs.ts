// Turns the arguments of a list field (where, orderBy, first/after/last/before/offset)
// into a ConnectionQuery, refusing what cannot be answered with a clear error.

import { MirrorError } from "../errors";
import { fieldOf, type Model } from "../models/Model";
import type { ConnectionQuery, OrderTerm, Where, CompareOp } from "../query/ConnectionQuery";
import { decodeCursor, type CursorKey } from "../query/cursor";
import type { StorageValue } from "../changes/coerceValue";
import { isStorableText, requireStorableText } from "../changes/storableText";

export interface PageLimits {
  /** Rows of a page when neither first nor last is given. */
  defaultPageSize: number;
  /** Largest first/last accepted. */
  maxPageSize: number;
}

export const DEFAULT_LIMITS: PageLimits = { defaultPageSize: 100, maxPageSize: 1000 };

export interface ConnectionArgs {
  where?: Record<string, unknown> | null;
  orderBy?: Record<string, unknown>[] | null;
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  offset?: number | null;
}

const COMPARE: Record<string, CompareOp> = { _eq: "eq", _neq: "neq", _gt: "gt", _gte: "gte", _lt: "lt", _lte: "lte" };

/** Argument values as columns store them: booleans as 1/0. */
export const stored = (v: unknown): StorageValue => (v === true ? 1 : v === false ? 0 : (v as StorageValue));

/** The primary key a by-key field's arguments name, as stored; a key text no backend could hold is BAD_USER_INPUT (both engines). */
export function keyOf(model: Model, args: Record<string, unknown>): StorageValue[] {
  return model.primaryKey.map((k) => {
    const v = args[k];
    if (typeof v === "string") requireStorableText(k, v, { field: k });
    return stored(v);
  });
}

/**
 * The largest filter accepted: terms in all (every field operator and every _and/_or entry) and
 * nesting of _and/_or/_not/relationship filters, so that a filter's cost stays bounded and its
 * SQL stays within the database's expression depth.
 */
export const WHERE_LIMITS = { terms: 1000, depth: 32 };

const orderTypes = (model: Model, order: readonly OrderTerm[]) => order.map((o) => fieldOf(model, o.field).type);

export function whereFromArgs(model: Model, input: Record<string, unknown>, models: ReadonlyMap<string, Model>): Where {
  return new WhereReader(models).read(model, input, 0, "where");
}

class WhereReader {
  private terms = 0;
  constructor(private readonly models: ReadonlyMap<string, Model>) {}

  private count(): void {
    if (++this.terms > WHERE_LIMITS.terms) {
      throw new MirrorError(
        "LIMIT_EXCEEDED",
        `Argument "where" holds more than ${WHERE_LIMITS.terms} terms (field conditions and _and/_or entries); split the query, or use _in for a list of values.`,
        { argument: "where", limit: WHERE_LIMITS.terms },
      );
    }
  }

  /** `path` is where `input` sits in the arguments (`where._or[2].account`), for refusals to name. */
  read(model: Model, input: Record<string, unknown>, depth: number, path: string): Where {
    if (depth > WHERE_LIMITS.depth) {
      throw new MirrorError("LIMIT_EXCEEDED", `Argument "where" nests _and, _or, _not and relationship filters more than ${WHERE_LIMITS.depth} deep; flatten it.`, {
        argument: "where",
        limit: WHERE_LIMITS.depth,
      });
    }
    const items: Where[] = [];
    for (const [key, value] of Object.entries(input)) {
      // null is "no condition" for every key, as for an absent one (an empty _or list still matches nothing).
      if (value === undefined || value === null) continue;
      if (key === "_and" || key === "_or") {
        const list = (value as Record<string, unknown>[]).map((w, i) => {
          this.count();
          return this.read(model, w, depth + 1, `${path}.${key}[${i}]`);
        });
        items.push({ kind: key === "_and" ? "and" : "or", items: list });
      } else if (key === "_not") {
        items.push({ kind: "not", item: this.read(model, value as Record<string, unknown>, depth + 1, `${path}._not`) });
      } else {
        const relationship = model.relationships.find((r) => r.name === key);
        if (relationship) {
          const target = this.models.get(relationship.target)!;
          items.push({ kind: "related", relationship, target, where: this.read(target, value as Record<string, unknown>, depth + 1, `${path}.${key}`) });
          continue;
        }
        for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
          if (operand === undefined) continue;
          this.count();
          if (operand === null) {
            throw new MirrorError(
              "BAD_USER_INPUT",
              op === "_isNull"
                ? `Filter ${key}._isNull received null; give true (the field is null) or false (it is not).`
                : `Filter ${key}.${op} received null; use { ${key}: { _isNull: true } } to match missing values.`,
              { field: key },
            );
          }
          storableOperand(`${path}.${key}.${op}`, key, operand);
          if (op in COMPARE) items.push({ kind: "compare", field: key, op: COMPARE[op]!, value: stored(operand) });
          else if (op === "_in" || op === "_nin") items.push({ kind: "in", field: key, values: (operand as unknown[]).map(stored), negate: op === "_nin" });
          else if (op === "_isNull") items.push({ kind: "isNull", field: key, isNull: operand === true });
          else if (op === "_like" || op === "_ilike") items.push({ kind: "like", field: key, pattern: operand as string, caseInsensitive: op === "_ilike" });
          else if (op === "_startsWith") items.push({ kind: "startsWith", field: key, prefix: operand as string });
        }
      }
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }
}

/**
 * Refuses a string operand that no stored string can equal or start with: U+0000 or a lone
 * surrogate (row values holding them are refused, coerceValue.ts). PostgreSQL cannot even bind
 * U+0000, and SQLite's LIKE stops at it ("apple\u0000" would match "apple"), so the refusal is
 * the one answer both dialects can give alike.
 */
function storableOperand(argument: string, field: string, operand: unknown): void {
  if (typeof operand === "string") requireStorableText(argument, operand, { field });
  else if (Array.isArray(operand)) operand.forEach((v, i) => typeof v === "string" && requireStorableText(`${argument}[${i}]`, v, { field }));
}

function orderFromArgs(model: Model, orderBy: Record<string, unknown>[]): OrderTerm[] {
  const terms: OrderTerm[] = orderBy.map((term, i) => {
    const set = Object.entries(term).filter(([, d]) => d !== undefined && d !== null);
    if (set.length !== 1) {
      throw new MirrorError(
        "BAD_USER_INPUT",
        `orderBy[${i}] must set exactly one field, received ${set.length === 0 ? "none" : set.map(([f]) => f).join(", ")}; write one object per key, e.g. [{ score: DESC }, { name: ASC }].`,
        { argument: "orderBy" },
      );
    }
    const [field, direction] = set[0]!;
    return { field, direction: direction as "ASC" | "DESC" };
  });
  // The primary key ends every ordering so that each row has exactly one place and cursors are stable.
  for (const k of model.primaryKey) if (!terms.some((t) => t.field === k)) terms.push({ field: k, direction: "ASC" });
  return terms;
}

function pageSize(value: number | null | undefined, arg: string, limits: PageLimits): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 0) throw new MirrorError("BAD_USER_INPUT", `Argument "${arg}" must be 0 or more, received ${value}.`, { argument: arg });
  if (value > limits.maxPageSize) {
    throw new MirrorError("LIMIT_EXCEEDED", `Argument "${arg}" is ${value}, above the maximum page size of ${limits.maxPageSize}; page through the rest with "after".`, {
      argument: arg,
      limit: limits.maxPageSize,
    });
  }
  return value;
}

/** A cursor's values; a forged one holding text no row stores (U+0000, a lone surrogate) is refused as filters are. */
function cursorFromArgs(key: CursorKey, model: Model, orderBy: OrderTerm[], cursor: string, arg: "after" | "before"): StorageValue[] {
  const values = decodeCursor(key, model.dataset, orderBy, cursor, arg, orderTypes(model, orderBy));
  if (values.some((v) => typeof v === "string" && !isStorableText(v))) {
    throw new MirrorError(
      "BAD_USER_INPUT",
      `Argument "${arg}" holds an invalid cursor: a value holds U+0000 or a lone surrogate, which no row stores. Use a cursor returned by the same field with the same orderBy.`,
      {
        argument: arg,
        expected: "a cursor returned by the same field with the same orderBy",
        received: "a cursor whose values hold U+0000 or a lone surrogate",
      },
    );
  }
  return values;
}

/** The query a list field asks for; `cursorKey` checks its cursors (the database's, see query/cursor.ts). */
export function connectionQuery(model: Model, args: ConnectionArgs, models: ReadonlyMap<string, Model>, limits: PageLimits, cursorKey: CursorKey): ConnectionQuery {
  const first = pageSize(args.first, "first", limits);
  const last = pageSize(args.last, "last", limits);
  if (first !== undefined && last !== undefined) {
    throw new MirrorError("BAD_USER_INPUT", 'Give "first" or "last", not both.', { argument: "last" });
  }
  const offset = args.offset ?? 0;
  if (offset < 0) throw new MirrorError("BAD_USER_INPUT", `Argument "offset" must be 0 or more, received ${offset}.`, { argument: "offset" });
  const orderBy = orderFromArgs(model, args.orderBy ?? []);
  return {
    model,
    ...(args.where ? { where: whereFromArgs(model, args.where, models) } : {}),
    orderBy,
    page: {
      limit: first ?? last ?? limits.defaultPageSize,
      fromEnd: last !== undefined,
      ...(args.after ? { after: cursorFromArgs(cursorKey, model, orderBy, args.after, "after") } : {}),
      ...(args.before ? { before: cursorFromArgs(cursorKey, model, orderBy, args.before, "before") } : {}),
      offset,
    },
  };
}
