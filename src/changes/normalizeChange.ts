// Turns one incoming row into a change the merge can apply (R1-R3), or says
// every reason it cannot. Compiled once per model: this runs for every row.

import { hash } from "node:crypto";
import type { Model } from "../models/Model";
import { COERCE, EXPECTED, describeName, describeReceived, type StorageValue } from "./coerceValue";
import { compileIndexEntryCheck } from "./indexEntryLimit";
import type { RowProblem } from "./RejectionCode";

export const CHANGE_TYPE_COLUMN = "_change_request_type";

export type ChangeOperation = "upsert" | "delete";

export interface Change {
  op: ChangeOperation;
  /** Stored values in the model's field order; on deletes only key and version are set. */
  values: StorageValue[];
  /** Canonical encoding of an upsert's row (see canonicalEncoder); null for deletes. */
  canonical: string | null;
  /**
   * Identity of the change, the first 16 bytes of SHA-256 in lowercase hex (text order is byte
   * order): of `canonical` for an upsert (also the R4.3 tie-break), of "delete:" and the key and
   * version for a delete (never equal to an upsert's). Stored as the 16 bytes (see hashBytes).
   */
  hash: string;
}

export type Normalized = { ok: true; change: Change } | { ok: false; problems: RowProblem[] };

export type Normalizer = (row: unknown) => Normalized;

/**
 * The canonical encoding of a row: a JSON object of its non-null stored values with
 * keys in code-point order, 64-bit integers as decimal strings. Leaving nulls out keeps
 * the encoding of old rows unchanged when a model later grows a field.
 */
export function canonicalEncoder(names: readonly string[]): (values: readonly StorageValue[]) => string {
  const order = names.map((_, i) => i).sort((a, b) => (names[a]! < names[b]! ? -1 : 1));
  const prefixes = names.map((n) => `${JSON.stringify(n)}:`);
  return (values) => {
    let out = "";
    for (const i of order) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      out += `${out ? "," : ""}${prefixes[i]}${typeof v === "bigint" ? `"${v}"` : JSON.stringify(v)}`;
    }
    return `{${out}}`;
  };
}

/** The R4.3 tie-break of an upsert: 128 bits of SHA-256 over its canonical encoding, in hex, compared as bytes. */
export function rowHash(canonical: string): string {
  // As text: a digest returned as a Buffer costs about twice as much as one returned as hex.
  return hash("sha256", canonical, "hex").slice(0, 32);
}

/** The identity of a delete: the same digest over "delete:" and the encoding of its key and version, never equal to an upsert's. */
export function deleteHash(keyAndVersionEncoding: string): string {
  return rowHash(`delete:${keyAndVersionEncoding}`);
}

/** A change's hash as the 16 bytes the tables store. */
export const hashBytes = (hex: string): Buffer => Buffer.from(hex, "hex");

export function compileNormalizer(model: Model): Normalizer {
  const fields = model.fields;
  const names = fields.map((f) => f.name);
  const index = new Map(names.map((n, i) => [n, i]));
  const keyIdx = model.primaryKey.map((n) => index.get(n)!);
  const versionIdx = model.version.map((n) => index.get(n)!);
  const coerce = fields.map((f) => COERCE[f.type]);
  const encode = canonicalEncoder(names);
  const isKeyOrVersion = names.map((_, i) => keyIdx.includes(i) || versionIdx.includes(i));
  const indexEntryProblems = compileIndexEntryCheck(model, names);

  return (row: unknown): Normalized => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      return {
        ok: false,
        problems: [
          {
            code: "INVALID_ROW",
            expected: "a JSON object of field values",
            received: describeReceived(row),
            message: `A change must be a JSON object of field values, received ${describeReceived(row)}.`,
          },
        ],
      };
    }
    const input = row as Record<string, unknown>;
    const problems: RowProblem[] = [];

    const type = input[CHANGE_TYPE_COLUMN];
    let op: ChangeOperation;
    if (type === undefined || type === null || type === "u" || type === "U") op = "upsert";
    else if (type === "d" || type === "D") op = "delete";
    else {
      op = "upsert";
      problems.push({
        code: "INVALID_CHANGE_TYPE",
        field: CHANGE_TYPE_COLUMN,
        expected: '"u"/"U" (upsert), "d"/"D" (delete) or absent',
        received: describeReceived(type),
        message: `${CHANGE_TYPE_COLUMN} must be "u", "U", "d", "D" or absent, received ${describeReceived(type)}.`,
      });
    }

    for (const name in input) {
      if (name !== CHANGE_TYPE_COLUMN && !index.has(name)) {
        problems.push({
          code: "UNKNOWN_FIELD",
          field: describeName(name),
          expected: `one of the fields of ${model.name}`,
          received: describeReceived(input[name]),
          message: `Field "${describeName(name)}" is not declared by model ${model.name} (dataset ${model.dataset}); declared fields: ${names.join(", ")}.`,
        });
      }
    }

    const values: StorageValue[] = new Array(fields.length).fill(null);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (op === "delete" && !isKeyOrVersion[i]) continue;
      const raw = input[field.name];
      if (raw === undefined || raw === null) {
        if (keyIdx.includes(i)) {
          problems.push({
            code: "NULL_KEY",
            field: field.name,
            expected: EXPECTED[field.type],
            received: describeReceived(raw ?? null),
            message: `Key field "${field.name}" must be present and non-null.`,
          });
        } else if (versionIdx.includes(i)) {
          problems.push({
            code: "NULL_VERSION",
            field: field.name,
            expected: EXPECTED[field.type],
            received: describeReceived(raw ?? null),
            message: `Version field "${field.name}" must be present and non-null${op === "delete" ? ", on deletes too" : ""}.`,
          });
        } else if (field.required) {
          problems.push({
            code: "MISSING_REQUIRED",
            field: field.name,
            expected: EXPECTED[field.type],
            received: describeReceived(raw ?? null),
            message: `Required field "${field.name}" is missing or null; an upsert carries the complete row.`,
          });
        }
        continue;
      }
      const coerced = coerce[i]!(raw);
      if (coerced !== undefined) values[i] = coerced;
      else {
        problems.push({
          code: "INVALID_VALUE",
          field: field.name,
          expected: EXPECTED[field.type],
          received: describeReceived(raw),
          message: `Field "${field.name}" expects ${EXPECTED[field.type]}, received ${describeReceived(raw)}.`,
        });
      }
    }

    for (const problem of indexEntryProblems(values)) problems.push(problem);
    if (problems.length > 0) return { ok: false, problems };
    if (op === "delete") return { ok: true, change: { op, values, canonical: null, hash: deleteHash(encode(values)) } };
    const canonical = encode(values);
    return { ok: true, change: { op, values, canonical, hash: rowHash(canonical) } };
  };
}
