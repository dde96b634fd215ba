// Scalars of the generated API: 64-bit integers exact (as strings), datetimes as
// ISO-8601 in UTC, dates as YYYY-MM-DD. Inputs parse to the values columns store.

import { GraphQLBoolean, GraphQLError, GraphQLFloat, GraphQLScalarType, GraphQLString, Kind, print, type GraphQLScalarType as Scalar, type ValueNode } from "graphql";
import type { Maybe } from "graphql/jsutils/Maybe";
import type { ObjMap } from "graphql/jsutils/ObjMap";
import { GraphQLJSON, GraphQLJSONObject } from "graphql-scalars";
import { exactNumber } from "../changes/parseExactJson";
import { canonicalDate, canonicalDatetime } from "../changes/datetime";
import type { FieldType } from "../models/Model";

export const Int64: GraphQLScalarType<bigint, string> = new GraphQLScalarType<bigint, string>({
  name: "Int64",
  description: "A 64-bit signed integer. Served as a decimal string so that values beyond 2^53 stay exact; accepted as a string or an integer.",
  serialize(value) {
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
    if (typeof value === "string" && /^-?\d+$/.test(value)) return value;
    throw new GraphQLError(`Int64 cannot represent ${String(value)}.`);
  },
  parseValue(value) {
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    // A JSON number beyond 2^53 in the request body arrives as a bigint with its digits intact (server/parseBody.ts).
    if (typeof value === "bigint" && value >= -(2n ** 63n) && value < 2n ** 63n) return value;
    if (typeof value === "string" && /^[+-]?\d{1,19}$/.test(value)) {
      const n = BigInt(value);
      if (n >= -(2n ** 63n) && n < 2n ** 63n) return n;
    }
    throw new GraphQLError(`Int64 expects a 64-bit integer as a decimal string or a safe integer, received ${typeof value === "bigint" ? value : JSON.stringify(value)}.`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  },
  parseLiteral(ast): bigint {
    // An integer literal keeps its digits in the AST: parsed as text it stays exact beyond 2^53.
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return Int64.parseValue(ast.value);
    throw new GraphQLError(`Int64 expects a 64-bit integer as a decimal string or an integer.`, { extensions: { code: "BAD_USER_INPUT" } });
  },
});

/** Canonical storage text to ISO-8601 with as many fraction digits as carry information (3, 6 or 9). */
export function formatDatetime(canonical: string): string {
  const frac = canonical.slice(20, 29);
  const digits = frac.endsWith("000000") ? 3 : frac.endsWith("000") ? 6 : 9;
  return `${canonical.slice(0, 20)}${frac.slice(0, digits)}Z`;
}

export const DateTime: GraphQLScalarType<string, string> = new GraphQLScalarType<string, string>({
  name: "DateTime",
  description: "An instant, served as ISO-8601 in UTC (e.g. 2026-03-01T08:00:00.000Z, up to nanoseconds). Inputs may carry any offset; without one they are UTC.",
  serialize(value) {
    // Columns hold the canonical form already; anything else (e.g. a Date's ISO text) is normalised first.
    const canonical = typeof value === "string" ? (value.length === 30 ? value : canonicalDatetime(value)) : undefined;
    if (canonical !== undefined) return formatDatetime(canonical);
    throw new GraphQLError(`DateTime cannot represent ${String(value)}.`);
  },
  parseValue(value) {
    const canonical = typeof value === "string" ? canonicalDatetime(value) : undefined;
    if (canonical === undefined) {
      throw new GraphQLError(`DateTime expects an ISO-8601 datetime such as "2026-03-01T10:00:00Z", received ${JSON.stringify(value)}.`, {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    return canonical;
  },
  parseLiteral(ast): string {
    return DateTime.parseValue(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});

export const DateScalar: GraphQLScalarType<string, string> = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "A calendar date, YYYY-MM-DD.",
  serialize(value) {
    if (typeof value === "string") return value;
    throw new GraphQLError(`Date cannot represent ${String(value)}.`);
  },
  parseValue(value) {
    const date = typeof value === "string" ? canonicalDate(value) : undefined;
    if (date === undefined) throw new GraphQLError(`Date expects "YYYY-MM-DD", received ${JSON.stringify(value)}.`, { extensions: { code: "BAD_USER_INPUT" } });
    return date;
  },
  parseLiteral(ast): string {
    return DateScalar.parseValue(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});

export const SCALAR_OF: Record<FieldType, Scalar> = {
  string: GraphQLString,
  integer: Int64,
  number: GraphQLFloat,
  boolean: GraphQLBoolean,
  date: DateScalar,
  datetime: DateTime,
};

/**
 * A value written in the query text as JSON: integer literals beyond 2^53 keep their digits as
 * bigints, as they do in the request body (changes/parseExactJson.ts), rather than being rounded.
 */
function exactLiteral(ast: ValueNode, variables: Maybe<ObjMap<unknown>>): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return exactNumber(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => exactLiteral(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, exactLiteral(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}

/** graphql-scalars' JSON, with exact integer literals. */
export const JSONValue = new GraphQLScalarType({ ...GraphQLJSON.toConfig(), parseLiteral: exactLiteral });

/** graphql-scalars' JSONObject, with exact integer literals. */
export const JSONObject = new GraphQLScalarType({
  ...GraphQLJSONObject.toConfig(),
  parseLiteral(ast, variables) {
    // A plain error: validation reports it as the value's, with its location (a GraphQLError would be reported bare).
    if (ast.kind !== Kind.OBJECT) throw new TypeError(`JSONObject cannot represent non-object value: ${print(ast)}`);
    return exactLiteral(ast, variables);
  },
});
