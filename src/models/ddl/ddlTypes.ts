// The SQL column types of warehouse DDL and the native field types they become. The parser
// (sqlparser-rs) gives a type as serde JSON: a unit variant as a string ("Boolean"), any
// other as { Variant: payload }, and a type it does not know as Custom([name], [args]).

import type { FieldType } from "../Model";

/** A mapped type, with a note when the native type cannot hold every value the column can. */
export type DdlTypeResult = { type: FieldType; text: string; note?: string } | { problem: { text: string; message: string; fix: string } };

const INTEGERS = ["INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT", "INT64", "INT2", "INT4", "INT8", "MEDIUMINT", "LONG", "SHORT", "BYTE"];
const STRINGS = ["VARCHAR", "CHAR", "CHARACTER", "CHARVARYING", "CHARACTERVARYING", "NVARCHAR", "NCHAR", "TEXT", "STRING"];
const FLOATS = ["FLOAT", "FLOAT4", "FLOAT8", "FLOAT32", "FLOAT64", "DOUBLE", "DOUBLEPRECISION", "REAL"];
const DECIMALS = ["DECIMAL", "NUMERIC", "NUMBER", "DEC", "BIGNUMERIC", "BIGDECIMAL"];
const BOOLEANS = ["BOOLEAN", "BOOL"];
/** Wall-clock times without a zone: mirrorql keeps instants, so they are read as UTC. */
const LOCAL_DATETIMES = ["TIMESTAMPNTZ", "TIMESTAMP_NTZ", "DATETIME", "TIMESTAMPWITHOUTTIMEZONE"];
const DATETIMES = [...LOCAL_DATETIMES, "TIMESTAMP", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "TIMESTAMPLTZ", "TIMESTAMPTZ", "DATETIME64"];

const NESTED_FIX =
  "flatten it into scalar columns (or a table of its own with a foreign key), or mirror it as text: declare it STRING/VARCHAR in the DDL you import and send TO_JSON(column) in the changes.";
const UNSUPPORTED: Record<string, { what: string; fix: string }> = {
  ARRAY: { what: "an array", fix: NESTED_FIX },
  STRUCT: { what: "a struct", fix: NESTED_FIX },
  MAP: { what: "a map", fix: NESTED_FIX },
  OBJECT: { what: "a semi-structured object", fix: NESTED_FIX },
  VARIANT: { what: "a semi-structured variant", fix: NESTED_FIX },
  JSON: { what: "JSON", fix: NESTED_FIX },
  GEOGRAPHY: {
    what: "a geospatial value",
    fix: "mirror it as text: declare it STRING/VARCHAR in the DDL you import and send its WKT or GeoJSON (ST_ASTEXT/ST_ASGEOJSON) in the changes.",
  },
  GEOMETRY: { what: "a geospatial value", fix: "mirror it as text: declare it STRING/VARCHAR in the DDL you import and send its WKT or GeoJSON in the changes." },
  BINARY: { what: "binary", fix: "mirror it as text: declare it STRING/VARCHAR in the DDL you import and send it hex- or base64-encoded in the changes." },
  TIME: { what: "a time of day, which has no native type", fix: "mirror it as text: declare it STRING/VARCHAR in the DDL you import and send it as HH:MM:SS in the changes." },
  INTERVAL: { what: "an interval, which has no native type", fix: "mirror it as a number of seconds (declare it BIGINT/DOUBLE in the DDL you import) or as text." },
};
const UNSUPPORTED_ALIASES: Record<string, string> = { VARBINARY: "BINARY", BYTES: "BINARY", BLOB: "BINARY", BYTEA: "BINARY", JSONB: "JSON" };

/**
 * The native type of one column type, or why there is none.
 * @example ddlType({ Custom: [[{ Identifier: { value: "NUMBER" } }], ["18", "2"]] }) // { type: "number", text: "NUMBER(18,2)", note: ... }
 */
export function ddlType(dataType: unknown): DdlTypeResult {
  const { name, args } = readDataType(dataType);
  const text = `${name}${args.length > 0 ? `(${args.join(",")})` : ""}`;
  const key = name.replace(/[\s_]/g, "").toUpperCase();
  const is = (list: string[]) => list.some((n) => n.replace(/_/g, "") === key);
  if (is(STRINGS)) return { type: "string", text };
  if (is(BOOLEANS)) return { type: "boolean", text };
  if (key === "DATE") return { type: "date", text };
  if (is(FLOATS)) return { type: "number", text };
  if (is(INTEGERS)) return { type: "integer", text };
  if (is(DECIMALS)) return decimal(key, args, text);
  if (is(DATETIMES)) {
    return is(LOCAL_DATETIMES) || (key === "TIMESTAMP" && args.includes("WITHOUT TIME ZONE"))
      ? { type: "datetime", text, note: "a wall-clock time without a zone: mirrorql keeps instants, so a value sent without an offset is read as UTC" }
      : { type: "datetime", text };
  }
  const unsupported = UNSUPPORTED[UNSUPPORTED_ALIASES[key] ?? key];
  if (unsupported)
    return {
      problem: {
        text,
        message: `has type ${text}, ${unsupported.what}: mirrorql fields hold scalar values (string, integer, number, boolean, date, datetime).`,
        fix: unsupported.fix,
      },
    };
  return {
    problem: {
      text,
      message: `has type ${text}, which mirrorql does not map to a field type.`,
      fix: "declare it in the DDL you import as one of STRING/VARCHAR, an integer type, NUMBER/DECIMAL, FLOAT/DOUBLE, BOOLEAN, DATE or TIMESTAMP, and send values of that type in the changes.",
    },
  };
}

/** NUMBER/DECIMAL/NUMERIC: whole numbers are integers (64-bit); a scale makes them doubles. */
function decimal(key: string, args: string[], text: string): DdlTypeResult {
  const [precision, scale] = args.map(Number);
  const bare = precision === undefined;
  // Snowflake's NUMBER alone is NUMBER(38,0); BigQuery's NUMERIC alone is NUMERIC(38,9), and
  // BIGNUMERIC (76.76) has a scale too. Snowflake and Databricks print the precision and scale.
  if (bare && key !== "NUMBER") {
    const digits = key.startsWith("BIG") ? 38 : 9;
    return {
      type: "number",
      text,
      note: `${text} without a precision and scale is BigQuery's, with ${digits} digits after the point, stored as a double, exact to 15 significant digits (write DECIMAL(p,0) in the DDL you import for whole numbers, to import them as integers)`,
    };
  }
  if ((scale ?? 0) > 0) {
    return {
      type: "number",
      text,
      note: `a decimal with ${scale} digit${scale === 1 ? "" : "s"} after the point is stored as a double, exact to 15 significant digits (an amount like 0.10 is kept as the nearest double)`,
    };
  }
  const digits = precision ?? 38;
  return digits > 18
    ? {
        type: "integer",
        text,
        note: `holds up to ${digits} digits; mirrorql's integer is 64-bit (-2^63 to 2^63-1, 18 digits in full), so a change with a larger value is refused (quarantined)`,
      }
    : { type: "integer", text };
}

/** The type's name and arguments, from the parser's JSON for it. */
function readDataType(dataType: unknown): { name: string; args: string[] } {
  if (typeof dataType === "string") return { name: SQL_NAME[dataType] ?? dataType.toUpperCase(), args: [] };
  if (typeof dataType !== "object" || dataType === null) return { name: String(dataType), args: [] };
  const [variant, payload] = Object.entries(dataType)[0] ?? ["UNKNOWN", undefined];
  if (variant === "Custom" && Array.isArray(payload)) {
    const [nameParts, args] = payload as [unknown[], unknown[]];
    const name = nameParts.map((p) => identValue(p)).join(".");
    return { name, args: (args ?? []).map(String) };
  }
  return { name: SQL_NAME[variant] ?? variant.toUpperCase(), args: readArgs(payload) };
}

/** The SQL spelling of the parser's type variants whose name is not just the variant in capitals. */
const SQL_NAME: Record<string, string> = {
  TimestampNtz: "TIMESTAMP_NTZ",
  BigInt: "BIGINT",
  SmallInt: "SMALLINT",
  TinyInt: "TINYINT",
  MediumInt: "MEDIUMINT",
  BigNumeric: "BIGNUMERIC",
  BigDecimal: "BIGDECIMAL",
  DoublePrecision: "DOUBLE PRECISION",
  CharacterVarying: "CHARACTER VARYING",
  CharVarying: "CHAR VARYING",
};

function readArgs(payload: unknown): string[] {
  if (payload === undefined || payload === null || payload === "None") return [];
  if (typeof payload === "number") return [String(payload)];
  if (typeof payload !== "object") return [];
  if (Array.isArray(payload)) {
    // Time and Timestamp: [precision, time zone].
    const [precision, tz] = payload as [unknown, unknown];
    return [...(typeof precision === "number" ? [String(precision)] : []), ...(tz === "WithoutTimeZone" ? ["WITHOUT TIME ZONE"] : [])];
  }
  const p = payload as Record<string, unknown>;
  if (Array.isArray(p.PrecisionAndScale)) return p.PrecisionAndScale.map(String);
  if (typeof p.Precision === "number") return [String(p.Precision)];
  const length = (p.IntegerLength as { length?: unknown } | undefined)?.length;
  return typeof length === "number" ? [String(length)] : [];
}

/** The text of an identifier in the parser's JSON (`{ value }` or `{ Identifier: { value } }`). */
export function identValue(node: unknown): string {
  const n = node as { value?: unknown; Identifier?: { value?: unknown } };
  return String(n?.Identifier?.value ?? n?.value ?? "");
}
