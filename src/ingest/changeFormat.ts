// The change formats a file may be written in, by their command-line names, and the
// ChangeFormat enum value each one is sent as.

export const CHANGE_FORMATS = {
  native: "NATIVE",
  debezium: "DEBEZIUM",
  "delta-cdf": "DELTA_CDF",
  snowflake: "SNOWFLAKE_STREAM",
  bigquery: "BIGQUERY_CDC",
} as const;

export type FormatName = keyof typeof CHANGE_FORMATS;
export type ChangeFormatName = (typeof CHANGE_FORMATS)[FormatName];

/**
 * The GraphQL ChangeFormat value of a format name; also accepts the enum's own names
 * and the server's spellings (`snowflake-stream`, `bigquery-cdc`), in any case.
 */
export function changeFormatOf(name: string): ChangeFormatName | undefined {
  const n = name.trim().toLowerCase().replace(/_/g, "-");
  if (n in CHANGE_FORMATS) return CHANGE_FORMATS[n as FormatName];
  if (n === "snowflake-stream") return "SNOWFLAKE_STREAM";
  if (n === "bigquery-cdc") return "BIGQUERY_CDC";
  return undefined;
}
