// What a change format's translator makes of one raw source row (docs/change-formats.md):
// a row in the mirror's native form, a row to skip, or a quarantinable problem.

import type { Model } from "../../models/Model";
import { describeReceived } from "../coerceValue";
import { CHANGE_TYPE_COLUMN } from "../normalizeChange";
import type { RejectionCode, RowProblem } from "../RejectionCode";

/** What one raw source row becomes. */
export type Translated =
  /** The native form: model fields plus `_change_request_type` ("u" | "d"); control columns removed. */
  | { kind: "change"; row: Record<string, unknown> }
  /** A row the format emits that changes nothing, e.g. a Kafka tombstone or a Delta update_preimage. */
  | { kind: "ignored"; reason: string }
  /** Control columns missing or unknown: the code names the format and the column. */
  | { kind: "invalid"; problem: RowProblem };

export type Translator = (raw: unknown) => Translated;

/** Builds a format's translator for one model; compiled once, run for every row. */
export type TranslatorFactory = (model: Model) => Translator;

export type RawRow = Record<string, unknown>;

export function isRow(value: unknown): value is RawRow {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The source row minus the format's control columns. */
export function withoutColumns(raw: RawRow, columns: readonly string[]): RawRow {
  const row: RawRow = {};
  for (const name in raw) if (!columns.includes(name)) row[name] = raw[name];
  return row;
}

export const upsert = (row: RawRow): Translated => ({ kind: "change", row: { ...row, [CHANGE_TYPE_COLUMN]: "u" } });
export const remove = (row: RawRow): Translated => ({ kind: "change", row: { ...row, [CHANGE_TYPE_COLUMN]: "d" } });
export const ignored = (reason: string): Translated => ({ kind: "ignored", reason });

export function invalid(code: RejectionCode, field: string | undefined, expected: string, received: unknown, message: string): Translated {
  return {
    kind: "invalid",
    problem: { code, ...(field !== undefined ? { field } : {}), expected, received: describeReceived(received), message },
  };
}

/** The same problem the normalizer reports for a change that is not an object. */
export function notARow(raw: unknown, what = "a JSON object of field values"): Translated {
  return invalid("INVALID_ROW", undefined, what, raw, `A change must be ${what}, received ${describeReceived(raw)}.`);
}

/** A whole JSON number within ±2^53, a bigint, or a decimal string; undefined when it is none. */
export function unsignedInteger(value: unknown): bigint | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
  if (typeof value === "bigint") return value >= 0n ? value : undefined;
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) return BigInt(value);
  return undefined;
}

/** A 64-bit integer as JSON can carry it exactly: a number when safe, else a decimal string. */
export function jsonInteger(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}
