// The documented coercions from what a client sends to what a column stores.
// Each field type accepts a few lossless spellings and refuses everything else.

import { stringify } from "lossless-json";
import type { FieldType } from "../models/Model";
import { canonicalDate, canonicalDatetime, canonicalFromDate } from "./datetime";
import { isStorableText } from "./storableText";

/** What a dataset column holds: integers as bigint (exact 64-bit), booleans as 0/1. */
export type StorageValue = string | number | bigint | null;

/** The stored value, or undefined when the value cannot be coerced (this runs for every field of every row: no allocation). */
export type Coerced = Exclude<StorageValue, null> | undefined;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^[+-]?\d{1,20}$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** How each type is described to a client whose value was refused. */
export const EXPECTED: Record<FieldType, string> = {
  string: "a string of Unicode text without the NUL character (U+0000)",
  integer: "a 64-bit integer (a whole JSON number or a decimal string, from -2^63 to 2^63-1)",
  number: "a finite number (or a numeric string)",
  boolean: 'a boolean (true/false, "true"/"false", 1/0)',
  date: 'a date "YYYY-MM-DD"',
  datetime: 'an ISO-8601 datetime such as "2026-03-01T10:00:00Z" (no offset means UTC)',
};

const FAIL = undefined;
const ok = (value: Exclude<StorageValue, null>): Coerced => value;

function toInt64(value: unknown): Coerced {
  let n: bigint;
  // The HTTP server reads a JSON integer beyond 2^53 as a bigint with the digits sent (server/parseBody.ts).
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number") {
    // A double beyond 2^53 that reaches here has lost digits already (JSON parsed elsewhere, 1e17): refused rather than guessed.
    if (!Number.isSafeInteger(value)) return FAIL;
    n = BigInt(value);
  } else if (typeof value === "string" && INTEGER_TEXT.test(value)) n = BigInt(value);
  else return FAIL;
  return n >= INT64_MIN && n <= INT64_MAX ? ok(n) : FAIL;
}

function toNumber(value: unknown): Coerced {
  if (typeof value === "number") return Number.isFinite(value) ? ok(value) : FAIL;
  // The nearest double, as JSON.parse gives for the same digits sent as a JSON number.
  if (typeof value === "bigint") {
    const n = Number(value);
    return Number.isFinite(n) ? ok(n) : FAIL;
  }
  if (typeof value === "string" && NUMBER_TEXT.test(value.trim())) {
    const n = Number(value);
    return Number.isFinite(n) ? ok(n) : FAIL;
  }
  return FAIL;
}

function toBoolean(value: unknown): Coerced {
  if (value === true || value === 1 || value === "1") return ok(1);
  if (value === false || value === 0 || value === "0") return ok(0);
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    if (lower === "true") return ok(1);
    if (lower === "false") return ok(0);
  }
  return FAIL;
}

function toDatetime(value: unknown): Coerced {
  const text = typeof value === "string" ? canonicalDatetime(value) : value instanceof Date ? canonicalFromDate(value) : undefined;
  return text === undefined ? FAIL : ok(text);
}

function toDate(value: unknown): Coerced {
  const text = typeof value === "string" ? canonicalDate(value) : undefined;
  return text === undefined ? FAIL : ok(text);
}

/**
 * Strings are refused when they hold U+0000 or a lone surrogate. PostgreSQL's text cannot hold
 * U+0000 at all, and neither database can hold a lone surrogate (each replaces it in its own
 * way), so accepting them would make the mirror differ by dialect or change the value silently.
 */
const toString = (value: unknown): Coerced => (typeof value === "string" && isStorableText(value) ? ok(value) : FAIL);

export const COERCE: Record<FieldType, (value: unknown) => Coerced> = {
  string: toString,
  integer: toInt64,
  number: toNumber,
  boolean: toBoolean,
  date: toDate,
  datetime: toDatetime,
};

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A name the client sent (a field the model does not declare), as a problem reports it: U+0000
 * and lone surrogates written as \u escapes, so that the quarantine stores the same text on
 * every dialect.
 */
export function describeName(name: string): string {
  return name.replace(UNSTORABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A short, safe rendering of a refused value for messages and receipts. */
export function describeReceived(value: unknown): string {
  let text: string;
  // A bigint is a JSON number the client sent beyond 2^53 (server/parseBody.ts): shown with its digits, as a number.
  if (typeof value === "bigint") text = String(value);
  else if (value instanceof Date) text = `Date(${value.toISOString?.() ?? "invalid"})`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      // JSON.stringify refuses bigints; lossless-json writes them as the digits they hold.
      try {
        text = stringify(value) ?? String(value);
      } catch {
        text = String(value);
      }
    }
  }
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "bigint" ? "number" : typeof value;
  return `${text} (${kind})`;
}
