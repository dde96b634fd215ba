// BigQuery CDC (Storage Write API default stream): rows carry the pseudocolumns
// _CHANGE_TYPE (UPSERT or DELETE) and, optionally, _CHANGE_SEQUENCE_NUMBER.

import type { Model } from "../../models/Model";
import { describeReceived } from "../coerceValue";
import { invalid, isRow, notARow, remove, upsert, withoutColumns, type Translator } from "./Translated";

export const BIGQUERY_CHANGE_TYPE = "_CHANGE_TYPE";
export const BIGQUERY_SEQUENCE_NUMBER = "_CHANGE_SEQUENCE_NUMBER";
const CONTROL = [BIGQUERY_CHANGE_TYPE, BIGQUERY_SEQUENCE_NUMBER];

const SEQUENCE_NUMBER = /^[0-9A-Fa-f]{1,16}(?:\/[0-9A-Fa-f]{1,16}){0,3}$/;
const SEQUENCE_EXPECTED = '1 to 4 sections of 1 to 16 hexadecimal digits joined by "/", e.g. "FF/1A"';

/**
 * The sortable text form of a _CHANGE_SEQUENCE_NUMBER, or undefined when the value is not one.
 *
 * Each section is written as 16 uppercase hex digits and the sections are joined by "/",
 * keeping their number: `"F"` → `"000000000000000F"`, `"1/A"` → `"0000000000000001/000000000000000A"`.
 * Plain text (binary) order of these strings equals BigQuery's order, sections compared left
 * to right as unsigned 64-bit numbers: equal-width sections compare as numbers ("0"-"9" sort
 * before "A"-"F"), and when all present sections are equal the value with fewer sections is
 * a prefix of the other and so sorts first, i.e. a missing section compares lower than any
 * present one ("1" < "1/0"). SQLite compares the text version column the same way.
 */
export function encodeSequenceNumber(value: unknown): string | undefined {
  if (typeof value !== "string" || !SEQUENCE_NUMBER.test(value)) return undefined;
  return value
    .split("/")
    .map((section) => section.toUpperCase().padStart(16, "0"))
    .join("/");
}

/**
 * UPSERT upserts, DELETE deletes (a delete of a key that does not exist is not an error: it
 * leaves a tombstone, R6). With `"versionSource": "bigquery-cdc"` the model's string version
 * field takes the encoded _CHANGE_SEQUENCE_NUMBER, which every row must then carry; otherwise
 * the sequence number is checked when present and removed.
 */
export function compileBigqueryCdc(model: Model): Translator {
  const versionField = model.versionSource === "bigquery-cdc" ? model.version[0]! : undefined;
  return (raw) => {
    if (!isRow(raw)) return notARow(raw);
    const type = raw[BIGQUERY_CHANGE_TYPE];
    if (type !== "UPSERT" && type !== "DELETE") {
      return invalid(
        "BIGQUERY_CDC_INVALID_CHANGE_TYPE",
        BIGQUERY_CHANGE_TYPE,
        '"UPSERT" or "DELETE"',
        type ?? null,
        `BigQuery CDC column ${BIGQUERY_CHANGE_TYPE} must be "UPSERT" or "DELETE", received ${describeReceived(type ?? null)}.`,
      );
    }
    const sequence = raw[BIGQUERY_SEQUENCE_NUMBER];
    const encoded = encodeSequenceNumber(sequence);
    const absent = sequence === undefined || sequence === null;
    if (encoded === undefined && (versionField !== undefined || !absent)) {
      const why = versionField !== undefined ? `Model ${model.name} orders changes by it ("versionSource": "bigquery-cdc"), so` : "When present,";
      return invalid(
        "BIGQUERY_CDC_INVALID_SEQUENCE_NUMBER",
        BIGQUERY_SEQUENCE_NUMBER,
        SEQUENCE_EXPECTED,
        sequence ?? null,
        `${why} BigQuery CDC column ${BIGQUERY_SEQUENCE_NUMBER} must be ${SEQUENCE_EXPECTED}, received ${describeReceived(sequence ?? null)}.`,
      );
    }
    const row = withoutColumns(raw, CONTROL);
    if (versionField !== undefined) row[versionField] = encoded;
    return type === "DELETE" ? remove(row) : upsert(row);
  };
}
