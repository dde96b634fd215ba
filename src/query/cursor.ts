// Opaque cursors: the order values of a row plus a fingerprint of the ordering,
// so that a cursor is refused when it was forged or made for another ordering.

import { createHash } from "node:crypto";
import type { StorageValue } from "../changes/coerceValue";
import { canonicalDate } from "../changes/datetime";
import { MirrorError } from "../errors";
import type { FieldType } from "../models/Model";
import type { OrderTerm } from "./ConnectionQuery";

/** Ties a cursor to its dataset and ordering; the same for every row of one ordering. */
export const cursorFingerprint = (dataset: string, order: OrderTerm[]) =>
  createHash("sha256").update(dataset + JSON.stringify(order)).digest("base64url").slice(0, 8);
const fingerprint = cursorFingerprint;

type Encoded = string | number | boolean | null | { i: string };

/**
 * The cursor of a row from its order values as columns store them (booleans as 1/0, 64-bit
 * integers as bigint). Both read paths call this, so a cursor is the same whichever made it.
 */
export function cursorOf(fingerprint: string, values: readonly StorageValue[]): string {
  const parts: Encoded[] = values.map((v) => (typeof v === "bigint" ? { i: v.toString() } : v));
  return Buffer.from(JSON.stringify([fingerprint, parts])).toString("base64url");
}

export function encodeCursor(dataset: string, order: OrderTerm[], values: StorageValue[]): string {
  return cursorOf(fingerprint(dataset, order), values);
}

/**
 * Whether a decoded order value is one a column of `type` can hold, as cursorOf writes it. A cursor
 * whose fingerprint matches but whose values do not (forged by hand) is refused, rather than
 * compared across types, which each database would do its own way (or fail to bind).
 */
function fits(v: StorageValue, type: FieldType): boolean {
  if (v === null) return true;
  switch (type) {
    case "integer":
      return typeof v === "bigint";
    case "number":
      return typeof v === "number";
    case "boolean":
      return v === 0 || v === 1;
    case "date":
      return typeof v === "string" && canonicalDate(v) === v;
    case "string":
    case "datetime":
      return typeof v === "string";
  }
}

/** The order values of `cursor`; with `types` (the order fields' types), each value must fit its column. */
export function decodeCursor(dataset: string, order: OrderTerm[], cursor: string, arg: string, types?: readonly FieldType[]): StorageValue[] {
  const invalid = (why: string) =>
    new MirrorError("BAD_USER_INPUT", `Argument "${arg}" holds an invalid cursor: ${why}. Use a cursor returned by the same field with the same orderBy.`, { argument: arg });
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid("it is not a mirrorql cursor");
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || !Array.isArray(decoded[1])) throw invalid("it is not a mirrorql cursor");
  if (decoded[0] !== fingerprint(dataset, order)) throw invalid("it was made for another dataset or ordering");
  const values = decoded[1] as Encoded[];
  if (values.length !== order.length) throw invalid("it does not match the ordering");
  const decodedValues = values.map((v) => {
    if (v !== null && typeof v === "object") {
      if (typeof v.i !== "string" || !/^-?\d{1,19}$/.test(v.i)) throw invalid("it is not a mirrorql cursor");
      const n = BigInt(v.i);
      // A 64-bit column never holds more: a value beyond is forged, and the database would refuse to bind it.
      if (n < -(2n ** 63n) || n >= 2n ** 63n) throw invalid("it is not a mirrorql cursor");
      return n;
    }
    if (typeof v === "boolean") throw invalid("it is not a mirrorql cursor");
    return v;
  });
  if (types && decodedValues.some((v, i) => !fits(v, types[i]!))) throw invalid("its values do not fit the ordering's fields");
  return decodedValues;
}
