// One list of change formats (changes/formats/registry.ts) from which every other list derives:
// the GraphQL ChangeFormat enum, the names `mirrorql ingest --format` takes, the models'
// version sources; every spelling used before is still accepted.

import { describe, expect, it } from "vitest";
import { GraphQLEnumType } from "graphql";
import { CHANGE_FORMATS, FORMATS, formatNamed } from "../../src/changes/formats/registry";
import { REJECTION_CODES } from "../../src/changes/RejectionCode";
import { buildSchema } from "../../src/graphql/buildSchema";
import { changeFormatOf, FORMAT_NAMES } from "../../src/ingest/changeFormat";
import { VERSION_SOURCES } from "../../src/models/Model";

describe("the registry of change formats", () => {
  it("is what the GraphQL enum serves, with each format's id as its value", () => {
    const e = buildSchema([]).getType("ChangeFormat") as GraphQLEnumType;
    expect(e.getValues().map((v) => [v.name, v.value])).toEqual(CHANGE_FORMATS.map((f) => [FORMATS[f].graphql, f]));
  });

  it("names what the command line takes, and every spelling used before still finds its format", () => {
    expect(FORMAT_NAMES).toEqual(["native", "debezium", "delta-cdf", "snowflake", "bigquery"]);
    const spellings: Record<string, string> = {
      snowflake: "SNOWFLAKE_STREAM",
      "snowflake-stream": "SNOWFLAKE_STREAM",
      SNOWFLAKE_STREAM: "SNOWFLAKE_STREAM",
      bigquery: "BIGQUERY_CDC",
      "bigquery-cdc": "BIGQUERY_CDC",
      BIGQUERY_CDC: "BIGQUERY_CDC",
      delta_cdf: "DELTA_CDF",
      Debezium: "DEBEZIUM",
    };
    for (const [name, graphql] of Object.entries(spellings)) expect(changeFormatOf(name), name).toBe(graphql);
    expect(formatNamed("csv")).toBeUndefined();
  });

  it("gives the models' version sources: the formats with a native order", () => {
    expect([...VERSION_SOURCES]).toEqual(CHANGE_FORMATS.filter((f) => FORMATS[f].versionSource));
    expect(VERSION_SOURCES).not.toContain("snowflake-stream");
  });

  it("prefixes each format's rejection codes with its GraphQL name", () => {
    const prefixed = REJECTION_CODES.filter((c) => CHANGE_FORMATS.some((f) => f !== "native" && c.startsWith(`${FORMATS[f].graphql}_`)));
    const formatLike = REJECTION_CODES.filter((c) => /^(DEBEZIUM|DELTA|SNOWFLAKE|BIGQUERY)/.test(c));
    expect(prefixed).toEqual(formatLike);
  });
});
