// The change formats, in one place: each format's id (what models' `versionSource`, receipts and
// the quarantine say), its GraphQL ChangeFormat value, its command-line name and the other
// spellings accepted for it, whether its native order can be a model's version, and what its
// rows look like. The GraphQL enum, the CLI's names and the models' version sources derive from
// this list. No imports: the ingest client loads it without the server.

export interface FormatInfo {
  /** The ChangeFormat value of the GraphQL API; rejection codes of the format start with it. */
  graphql: string;
  /** The name `mirrorql ingest --format` takes. */
  cli: string;
  /** Other spellings accepted wherever a format is named. */
  aliases: readonly string[];
  /** Whether a model may order its changes by this format's native order (`versionSource`). */
  versionSource: boolean;
  /** What a change row of this format holds. */
  description: string;
}

export const FORMATS = {
  native: {
    graphql: "NATIVE",
    cli: "native",
    aliases: [],
    versionSource: false,
    description: "Model fields plus _change_request_type (u/U upsert, d/D delete, absent upsert).",
  },
  debezium: {
    graphql: "DEBEZIUM",
    cli: "debezium",
    aliases: [],
    versionSource: true,
    description: "Debezium envelopes (payload or {schema, payload}); op c/u/r upsert `after`, d deletes `before`.",
  },
  "delta-cdf": {
    graphql: "DELTA_CDF",
    cli: "delta-cdf",
    aliases: [],
    versionSource: true,
    description: "Delta Lake change data feed rows (_change_type, _commit_version, _commit_timestamp).",
  },
  "snowflake-stream": {
    graphql: "SNOWFLAKE_STREAM",
    cli: "snowflake",
    aliases: [],
    versionSource: false,
    description: "Snowflake stream rows (METADATA$ACTION, METADATA$ISUPDATE, METADATA$ROW_ID).",
  },
  "bigquery-cdc": {
    graphql: "BIGQUERY_CDC",
    cli: "bigquery",
    aliases: [],
    versionSource: true,
    description: "BigQuery CDC rows (_CHANGE_TYPE, _CHANGE_SEQUENCE_NUMBER).",
  },
} as const satisfies Record<string, FormatInfo>;

export type ChangeFormat = keyof typeof FORMATS;
export type ChangeFormatGraphqlName = (typeof FORMATS)[ChangeFormat]["graphql"];

export const CHANGE_FORMATS = Object.keys(FORMATS) as ChangeFormat[];

/** The formats whose native order may be a model's version (`versionSource`). */
export const VERSION_SOURCE_FORMATS = CHANGE_FORMATS.filter((f) => FORMATS[f].versionSource) as Extract<ChangeFormat, "debezium" | "delta-cdf" | "bigquery-cdc">[];

/**
 * The format a name stands for: its id, GraphQL value, command-line name or an alias, in any
 * case, `_` and `-` alike; undefined when none.
 * @example formatNamed("snowflake") // "snowflake-stream"
 */
export function formatNamed(name: string): ChangeFormat | undefined {
  const n = name.trim().toLowerCase().replace(/_/g, "-");
  return CHANGE_FORMATS.find((f) => {
    const info: FormatInfo = FORMATS[f];
    return f === n || info.cli === n || info.graphql.toLowerCase().replace(/_/g, "-") === n || info.aliases.includes(n);
  });
}
