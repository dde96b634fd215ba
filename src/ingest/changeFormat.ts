// The change formats a file may be written in, by their command-line names, and the
// ChangeFormat enum value each one is sent as (both from the one list, changes/formats/registry.ts).

import { CHANGE_FORMATS, FORMATS, formatNamed, type ChangeFormatGraphqlName } from "../changes/formats/registry";

export type ChangeFormatName = ChangeFormatGraphqlName;

/** The command-line names of the formats, in the registry's order. */
export const FORMAT_NAMES = CHANGE_FORMATS.map((f) => FORMATS[f].cli);

/**
 * The GraphQL ChangeFormat value of a format name; also accepts the enum's own names, the
 * server's ids (`snowflake-stream`, `bigquery-cdc`) and aliases, in any case.
 */
export function changeFormatOf(name: string): ChangeFormatName | undefined {
  const format = formatNamed(name);
  return format && FORMATS[format].graphql;
}
